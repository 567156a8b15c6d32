package io.protomux.wakeup.adapters.inmemory;

import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Records a connection's events, and fails loudly if any comes after onClose. */
final class RecordingHandler implements ConnectionHandler {
  final List<String> events = new ArrayList<>();
  final List<Integer> chunkSizes = new ArrayList<>();
  final ByteArrayOutputStream received = new ByteArrayOutputStream();
  int writableCount;
  int closeCount;
  boolean ended;
  Throwable closeCause;
  Consumer<ByteBuffer> onData = bytes -> {};
  Runnable onWritable = () -> {};
  Runnable onEnd = () -> {};

  @Override
  public void onData(ByteBuffer bytes) {
    notClosed("onData");
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    received.writeBytes(copy);
    chunkSizes.add(copy.length);
    events.add("data " + copy.length);
    onData.accept(bytes);
  }

  @Override
  public void onWritable() {
    notClosed("onWritable");
    writableCount++;
    events.add("writable");
    onWritable.run();
  }

  @Override
  public void onEnd() {
    notClosed("onEnd");
    ended = true;
    events.add("end");
    onEnd.run();
  }

  @Override
  public void onClose(Throwable cause) {
    notClosed("onClose");
    closeCount++;
    closeCause = cause;
    events.add("close " + (cause == null ? "clean" : cause.getClass().getSimpleName()));
  }

  boolean closed() {
    return closeCount > 0;
  }

  byte[] bytes() {
    return received.toByteArray();
  }

  private void notClosed(String event) {
    if (closeCount > 0) {
      throw new AssertionError(event + " after onClose");
    }
  }
}
