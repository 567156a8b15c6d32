/**
 * The fixtures of the {@code bench} command: two swarms on NIO loops ({@link
 * io.protomux.wakeup.cli.bench.BenchSide}, {@link io.protomux.wakeup.cli.bench.BenchPair}), the
 * handlers that chain and count the operations, and {@link
 * io.protomux.wakeup.cli.bench.Benchmarks}, which times them. The swarms are driven directly on
 * their loops, as {@code interop/bench.js} drives the reference on Node's one thread: every
 * session, send and stream call is made on the loop that owns it, since the domain refuses calls
 * from other threads.
 *
 * <p>{@code bench --udx} has its own: a UDX client and server ({@link
 * io.protomux.wakeup.cli.bench.UdxBenchClient}, {@link io.protomux.wakeup.cli.bench.UdxBenchServer}
 * on {@link io.protomux.wakeup.cli.bench.UdxEndpoint}s) speaking the protocol of {@code
 * interop/udx-bench.js}, the raw UDP ceiling ({@link io.protomux.wakeup.cli.bench.UdpCeiling}),
 * the idle-stream heap ({@link io.protomux.wakeup.cli.bench.IdleUdxStreams}), and {@link
 * io.protomux.wakeup.cli.bench.UdxBenchmarks}, which times them.
 */
package io.protomux.wakeup.cli.bench;
