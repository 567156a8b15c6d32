/**
 * JMH microbenchmarks of the hot paths: encoding a wakeup announce, decoding a Protomux frame,
 * pushing and pulling secretstream messages, and a whole Noise XX handshake with the primitives it
 * is made of. They run over in-memory test doubles, never a network, and are built by the normal
 * build but only run by hand from {@code target/benchmarks.jar}.
 */
package io.protomux.wakeup.benchmarks;
