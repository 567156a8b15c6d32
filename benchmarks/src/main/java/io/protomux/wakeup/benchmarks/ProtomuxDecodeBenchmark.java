package io.protomux.wakeup.benchmarks;

import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.domain.wakeup.messages.Announce;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding a wakeup announce frame (1 or 16 wakeups) as it comes out of the secret stream:
 * {@code Protomux.receive} finds the channel, decodes the announce and calls the channel's
 * handler, which hands it to a blackhole.
 */
@org.openjdk.jmh.annotations.State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProtomuxDecodeBenchmark {
  @Param({"1", "16"})
  int wakeups;

  private Protomux mux;
  private byte[] frame;
  private Blackhole sink;

  @Setup
  public void setUp(Blackhole blackhole) {
    sink = blackhole;
    WakeupChannels.Pair pair = new WakeupChannels.Pair((a, ch) -> sink.consume(a));
    WakeupChannels.announceMessage(pair.remoteChannel).send(WakeupChannels.announce(wakeups));
    frame = pair.remoteFrames.written.poll();
    mux = pair.local;
  }

  @Benchmark
  public void receiveAnnounce() {
    mux.receive(frame);
  }
}
