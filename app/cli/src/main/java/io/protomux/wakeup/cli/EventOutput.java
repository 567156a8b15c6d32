package io.protomux.wakeup.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Prints events as JSON lines, one whole line per event even when several loops print at once,
 * and tells listeners about each event after printing it. Once muted it prints nothing more, so a
 * node shutting down does not report its own teardown.
 */
final class EventOutput {
  private final PrintStream out;
  private final String node;
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean muted;

  /**
   * @param node a label added to every line (the demo runs two nodes), or null for none
   */
  EventOutput(PrintStream out, String node) {
    this.out = out;
    this.node = node;
  }

  void emit(Event event) {
    // Outputs of several nodes share the stream: its lock keeps their lines whole and in order.
    synchronized (out) {
      if (!muted) {
        out.println(event.toJson(node));
        out.flush();
      }
    }
    for (Consumer<Event> listener : listeners) {
      listener.accept(event);
    }
  }

  void addListener(Consumer<Event> listener) {
    listeners.add(listener);
  }

  void mute() {
    synchronized (out) {
      muted = true;
    }
  }
}
