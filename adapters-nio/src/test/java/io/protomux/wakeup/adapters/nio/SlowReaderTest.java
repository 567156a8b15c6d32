package io.protomux.wakeup.adapters.nio;

import static io.protomux.wakeup.adapters.nio.Harness.SERVER_SEED;
import static io.protomux.wakeup.adapters.nio.Loops.await;
import static io.protomux.wakeup.adapters.nio.Loops.onLoop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.adapters.nio.Harness.Pair;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A remote that never reads cannot make a connection queue more than {@code maxQueuedBytes}. */
class SlowReaderTest {
  private static final long LIMIT = 4L * 1024 * 1024;
  private static final int CHUNK = 64 * 1024;

  private final NioTransport transport =
      new NioTransport(NioOptions.defaults().withLoopCount(2).withMaxQueuedBytes(LIMIT));
  private final Harness harness = new Harness(transport);

  @AfterEach
  void closeTransport() {
    harness.close();
  }

  @Test
  void theDefaultIs16MiB() {
    assertThat(NioOptions.defaults().maxQueuedBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(NioOptions.defaults().maxQueuedBytes()).isGreaterThan(NioOptions.defaults().highWaterMark());
    assertThatThrownBy(() -> NioOptions.defaults().withMaxQueuedBytes(1000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWriterThatIgnoresFalseIsClosedAtTheLimitAndOthersAreStillServed() {
    Pair slow = harness.connect();
    Peer writer = slow.server();
    Peer reader = slow.client();
    onLoop(reader.connection.eventLoop(), reader::pause);
    EventLoop writerLoop = writer.connection.eventLoop();

    // Ignores every false: without the limit this would queue 64 MiB.
    long[] result = onLoop(writerLoop, () -> {
      Pattern pattern = new Pattern(SERVER_SEED);
      long offered = 0;
      long acceptedAfterClose = 0;
      for (int i = 0; i < 1024 && writer.connection.isOpen(); i++) {
        writer.connection.write(pattern.chunk(offered, CHUNK));
        offered += CHUNK;
      }
      if (writer.connection.write(ByteBuffer.allocate(1))) {
        acceptedAfterClose++;
      }
      return new long[] {offered, acceptedAfterClose};
    });
    assertThat(result[0]).as("bytes offered before the close").isLessThan(64L * 1024 * 1024);
    assertThat(result[1]).as("writes accepted after the close").isZero();

    Optional<Throwable> cause = await(writer.closed);
    assertThat(cause).isPresent();
    assertThat(cause.get())
        .isInstanceOf(SlowReaderException.class)
        .hasMessageContaining("peer is not reading")
        .hasMessageContaining("limit maxQueuedBytes=" + LIMIT);
    SlowReaderException slowReader = (SlowReaderException) cause.get();
    assertThat(slowReader.limit()).isEqualTo(LIMIT);
    // The write that went over was refused, so the queue never held more than the limit.
    assertThat(slowReader.queuedBytes()).isGreaterThan(LIMIT).isLessThanOrEqualTo(LIMIT + CHUNK);
    // The reader sees the connection go away once it reads again.
    onLoop(reader.connection.eventLoop(), reader::resume);
    await(reader.closed.thenApply(c -> null).applyToEither(reader.ended, x -> null));
    assertThat(writer.violations).isEmpty();

    // Another connection on the same transport (and loops) is served in full.
    Pair healthy = harness.connect();
    long total = 8L * 1024 * 1024;
    onLoop(healthy.server().connection.eventLoop(), () -> healthy.server().send(SERVER_SEED, total, CHUNK, true));
    await(healthy.client().ended);
    assertThat(onLoop(healthy.client().connection.eventLoop(), healthy.client()::received)).isEqualTo(total);
    assertThat(healthy.client().violations).isEmpty();
  }
}
