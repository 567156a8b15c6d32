package io.protomux.wakeup.benchmarks;

import io.protomux.wakeup.domain.protomux.FramedStream;
import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.Scheduler;
import java.util.ArrayDeque;

/** Test doubles for running Protomux without a network: frames go to a queue or nowhere. */
final class Frames {
  private Frames() {}

  /** A stream that never pauses, ends or closes; a mux that destroys it fails the benchmark. */
  private abstract static class OpenStream implements FramedStream {
    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public void end() {}

    @Override
    public void destroy(Throwable cause) {
      throw new IllegalStateException("benchmark mux destroyed", cause);
    }

    @Override
    public boolean isClosed() {
      return false;
    }
  }

  /** Keeps the frames written, for feeding them to the other mux. */
  static final class Captured extends OpenStream {
    final ArrayDeque<byte[]> written = new ArrayDeque<>();

    @Override
    public boolean write(byte[] frame) {
      written.add(frame);
      return true;
    }
  }

  /** Drops every frame (without copying it), counting bytes so the work cannot be optimised out. */
  static final class Discarding extends OpenStream {
    long bytes;

    @Override
    public boolean write(byte[] frame) {
      bytes += frame.length;
      return true;
    }

    @Override
    public boolean write(byte[] frame, int offset, int length) {
      bytes += length + frame[offset];
      return true;
    }
  }

  /** Runs next-tick work when asked; the benchmarks' channels pair without any. */
  static final class Ticks implements Scheduler {
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public long nowMillis() {
      return 0;
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
      tasks.add(task);
      return () -> tasks.remove(task);
    }

    void runAll() {
      while (!tasks.isEmpty()) {
        tasks.poll().run();
      }
    }
  }
}
