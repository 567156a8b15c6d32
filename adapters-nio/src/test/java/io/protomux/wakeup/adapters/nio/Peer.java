package io.protomux.wakeup.adapters.nio;

import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A test handler for one connection: checks what arrives against an expected {@link Pattern},
 * sends a pattern with backpressure, and records every event and rule violation.
 *
 * <p>Its state is confined to the connection's loop; tests read it through the futures (which
 * publish it) or from a task on the loop.
 */
final class Peer implements ConnectionHandler {
  final Connection connection;
  final CompletableFuture<Void> ended = new CompletableFuture<>();
  final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
  final CompletableFuture<Void> allWritten = new CompletableFuture<>();
  /** Completes with the number of bytes sent when a write first returned false. */
  final CompletableFuture<Long> firstRefusal = new CompletableFuture<>();
  final List<String> violations = Collections.synchronizedList(new ArrayList<>());

  private Pattern expected;
  private long received;
  private int endCount;
  private int closeCount;
  private int writableCount;
  private boolean paused;
  private boolean pauseOnFirstData;
  private RuntimeException throwOnData;

  private Pattern outgoing;
  private long total;
  private long sent;
  private int maxChunk;
  private Random chunkSizes;
  private boolean shutdownWhenDone;
  private int refusals;

  private Peer(Connection connection) {
    this.connection = connection;
  }

  /** Makes a peer the connection's handler; call on the connection's loop. */
  static Peer attach(Connection connection, int expectedSeed) {
    Peer peer = new Peer(connection);
    peer.expected = new Pattern(expectedSeed);
    connection.setHandler(peer);
    return peer;
  }

  /** Pauses reading before any data can arrive; call on the loop. */
  Peer paused() {
    pause();
    return this;
  }

  /** Pauses reading from inside the first {@code onData}; call on the loop. */
  void pauseOnFirstData() {
    pauseOnFirstData = true;
  }

  void throwOnData(RuntimeException failure) {
    throwOnData = failure;
  }

  void pause() {
    paused = true;
    connection.pauseReading();
  }

  void resume() {
    paused = false;
    connection.resumeReading();
  }

  /**
   * Sends {@code total} bytes of pattern {@code seed} in writes of random sizes up to {@code
   * maxChunk}, holding off while writes return false; call on the loop.
   */
  void send(int seed, long total, int maxChunk, boolean shutdownWhenDone) {
    this.outgoing = new Pattern(seed);
    this.total = total;
    this.maxChunk = maxChunk;
    this.chunkSizes = new Random(seed);
    this.shutdownWhenDone = shutdownWhenDone;
    pump();
  }

  long received() {
    return received;
  }

  int endCount() {
    return endCount;
  }

  int closeCount() {
    return closeCount;
  }

  int writableCount() {
    return writableCount;
  }

  int refusals() {
    return refusals;
  }

  private void pump() {
    while (sent < total) {
      int size = (int) Math.min(total - sent, 1 + chunkSizes.nextInt(maxChunk));
      ByteBuffer chunk = outgoing.chunk(sent, size);
      sent += chunk.remaining();
      if (!connection.write(chunk)) {
        refusals++;
        firstRefusal.complete(sent);
        return;
      }
    }
    if (!allWritten.isDone()) {
      allWritten.complete(null);
      if (shutdownWhenDone) {
        connection.shutdownOutput();
      }
    }
  }

  @Override
  public void onData(ByteBuffer bytes) {
    checkState("onData");
    if (paused) {
      violations.add("onData while paused");
    }
    if (throwOnData != null) {
      throw throwOnData;
    }
    if (!bytes.hasArray()) {
      violations.add("onData with a buffer that has no array");
    }
    while (bytes.hasRemaining()) {
      byte b = bytes.get();
      if (b != expected.at(received) && violations.size() < 10) {
        violations.add("wrong byte at offset " + received);
      }
      received++;
    }
    if (pauseOnFirstData) {
      pauseOnFirstData = false;
      pause();
    }
  }

  @Override
  public void onWritable() {
    checkState("onWritable");
    writableCount++;
    if (outgoing != null) {
      pump();
    }
  }

  @Override
  public void onEnd() {
    checkState("onEnd");
    endCount++;
    ended.complete(null);
  }

  @Override
  public void onClose(Throwable cause) {
    checkState("onClose");
    closeCount++;
    closed.complete(Optional.ofNullable(cause));
  }

  private void checkState(String event) {
    if (!connection.eventLoop().inEventLoop()) {
      violations.add(event + " off the loop, on " + Thread.currentThread().getName());
    }
    if (closeCount > 0) {
      violations.add(event + " after onClose");
    }
  }
}
