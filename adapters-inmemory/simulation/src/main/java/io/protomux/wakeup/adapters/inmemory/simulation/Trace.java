package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.ports.loop.EventLoop;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The simulation's event log. The digest is updated as events come, so a large simulation may drop
 * the events themselves and still be checked for replay.
 */
final class Trace {
  private final EventLoop clock;
  private final MessageDigest digest;
  private final List<TraceEvent> events;
  private long size;

  Trace(EventLoop clock, boolean keepEvents) {
    this.clock = clock;
    this.events = keepEvents ? new ArrayList<>() : null;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  void record(String node, String kind, String detail) {
    TraceEvent event = new TraceEvent(clock.nowMillis(), node, kind, detail);
    digest.update((event + "\n").getBytes(StandardCharsets.UTF_8));
    size++;
    if (events != null) {
      events.add(event);
    }
  }

  List<TraceEvent> events() {
    if (events == null) {
      throw new IllegalStateException(
          "this simulation keeps no trace (built with keepTrace(false)); its digest is kept");
    }
    return List.copyOf(events);
  }

  long size() {
    return size;
  }

  String digestHex() {
    try {
      // A clone, so that the digest so far can be read and the trace go on.
      return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests are cloneable", e);
    }
  }
}
