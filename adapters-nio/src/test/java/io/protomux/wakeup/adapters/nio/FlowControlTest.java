package io.protomux.wakeup.adapters.nio;

import static io.protomux.wakeup.adapters.nio.Harness.CLIENT_SEED;
import static io.protomux.wakeup.adapters.nio.Loops.await;
import static io.protomux.wakeup.adapters.nio.Loops.onLoop;
import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.nio.Harness.Pair;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlowControlTest {
  // Far more than loopback's kernel buffers can hold, so the writer must hit the high-water mark.
  private static final long TOTAL = 64L * 1024 * 1024;

  private final NioTransport transport = new NioTransport(2);
  private final Harness harness = new Harness(transport).pauseAccepted();

  @AfterEach
  void closeTransport() {
    harness.close();
  }

  @Test
  void writeReturnsFalseAgainstAPausedReaderAndOnWritableFollowsTheDrain() {
    Pair pair = harness.connect();
    Peer writer = pair.client();
    Peer reader = pair.server();
    EventLoop writerLoop = writer.connection.eventLoop();

    // Writes until refused, then stops until onWritable: the queue holds about 1 MiB extra.
    onLoop(writerLoop, () -> writer.send(CLIENT_SEED, TOTAL, 64 * 1024, true));
    long refusedAt = await(writer.firstRefusal);
    assertThat(refusedAt).isLessThan(TOTAL);
    assertThat(onLoop(reader.connection.eventLoop(), reader::received)).isZero();
    assertThat(onLoop(writerLoop, writer::writableCount)).isZero();

    onLoop(reader.connection.eventLoop(), reader::resume);

    await(reader.ended);
    assertThat(reader.received()).isEqualTo(TOTAL);
    assertThat(reader.violations).isEmpty();
    assertThat(onLoop(writerLoop, writer::writableCount)).isPositive();
    assertThat(onLoop(writerLoop, writer::refusals)).isEqualTo(onLoop(writerLoop, writer::writableCount));
    assertThat(writer.violations).isEmpty();
  }

  @Test
  void writesKeepReturningFalseUntilOnWritableThoughTheBytesAreQueued() {
    Pair pair = harness.connect();
    Peer writer = pair.client();
    Peer reader = pair.server();
    EventLoop writerLoop = writer.connection.eventLoop();

    onLoop(writerLoop, () -> writer.send(CLIENT_SEED, TOTAL, 64 * 1024, false));
    long refusedAt = await(writer.firstRefusal);
    // A write past the mark is still queued (and later delivered), and still answered false.
    boolean accepted =
        onLoop(writerLoop, () -> writer.connection.write(ByteBuffer.allocate(0)));
    assertThat(accepted).isFalse();

    onLoop(reader.connection.eventLoop(), reader::resume);
    await(writer.allWritten);
    onLoop(writerLoop, () -> writer.connection.shutdownOutput());
    await(reader.ended);
    assertThat(reader.received()).isEqualTo(TOTAL);
    assertThat(refusedAt).isPositive();
    assertThat(reader.violations).isEmpty();
  }
}
