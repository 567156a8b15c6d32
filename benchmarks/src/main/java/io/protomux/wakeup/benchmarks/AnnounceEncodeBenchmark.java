package io.protomux.wakeup.benchmarks;

import io.protomux.wakeup.domain.encoding.State;
import io.protomux.wakeup.domain.protomux.Message;
import io.protomux.wakeup.domain.wakeup.messages.Announce;
import io.protomux.wakeup.domain.wakeup.messages.WakeupMessages;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;

/**
 * Encoding an announce of 1 or 16 wakeups: the codec alone (preencode, exact-size array, encode),
 * and a whole send through a paired Protomux channel (the channel id and message type around it),
 * into a stream that drops the frame.
 */
@org.openjdk.jmh.annotations.State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AnnounceEncodeBenchmark {
  @Param({"1", "16"})
  int wakeups;

  private Announce announce;
  private Message<Announce> message;
  private Frames.Discarding sink;

  @Setup
  public void setUp() {
    announce = WakeupChannels.announce(wakeups);
    sink = new Frames.Discarding();
    WakeupChannels.Pair pair = new WakeupChannels.Pair((a, ch) -> {}, sink);
    message = WakeupChannels.announceMessage(pair.remoteChannel);
  }

  /** The announce's bytes in a new exact-size array. */
  @Benchmark
  public byte[] codec() {
    State state = new State();
    WakeupMessages.ANNOUNCE.preencode(state, announce);
    state.allocate();
    WakeupMessages.ANNOUNCE.encode(state, announce);
    return state.buffer();
  }

  /** {@code Message.send} on an open channel: the frame Protomux hands to its stream. */
  @Benchmark
  public boolean protomuxSend() {
    return message.send(announce);
  }
}
