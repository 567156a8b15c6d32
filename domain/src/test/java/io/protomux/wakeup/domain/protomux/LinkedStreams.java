package io.protomux.wakeup.domain.protomux;

import java.util.ArrayList;
import java.util.List;

/**
 * Two framed streams joined back to back through a {@link ManualScheduler}: each frame written on
 * one side is recorded and delivered to the other side's mux as a later task.
 */
final class LinkedStreams {
  final ManualScheduler scheduler = new ManualScheduler();
  final End a = new End("a");
  final End b = new End("b");

  LinkedStreams() {
    a.peer = b;
    b.peer = a;
  }

  final class End implements FramedStream {
    final String name;
    final List<byte[]> written = new ArrayList<>();
    Protomux mux;
    End peer;
    boolean closed;
    boolean paused;
    Throwable destroyCause;

    End(String name) {
      this.name = name;
    }

    @Override
    public boolean write(byte[] frame) {
      if (closed) {
        return false;
      }
      written.add(frame.clone());
      scheduler.schedule(0, () -> {
        if (!peer.closed) {
          peer.mux.receive(frame);
        }
      });
      return true;
    }

    @Override
    public void pause() {
      paused = true;
    }

    @Override
    public void resume() {
      paused = false;
    }

    @Override
    public void end() {
      destroy(null);
    }

    @Override
    public void destroy(Throwable cause) {
      if (closed) {
        return;
      }
      closed = true;
      destroyCause = cause;
      mux.onStreamClose();
      scheduler.schedule(0, () -> peer.destroy(null));
    }

    @Override
    public boolean isClosed() {
      return closed;
    }
  }
}
