package io.protomux.wakeup.interop;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.WakeupStats;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** A Java wakeup swarm on a {@link JavaPeer}'s loop, logging its handler calls as text lines. */
final class JavaWakeup {
  final JavaPeer peer;
  final WakeupSwarm swarm;
  final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
  final List<String> skipped = new java.util.concurrent.CopyOnWriteArrayList<>();

  JavaWakeup(JavaPeer peer) {
    this.peer = peer;
    this.swarm =
        WakeupSwarm.builder(peer.crypto, peer.loop)
            .onWakeup((topic, stream) -> events.add("wakeup " + topic.toHex()))
            .errorHandler(e -> events.add("error " + e))
            .build();
  }

  /** A session whose every lookup is answered with {@code respond} (if not empty). */
  WakeupSession session(Capability capability, SessionOptions options, List<Wakeup> respond) {
    return peer.onLoop(() -> swarm.session(capability, new Logging(respond), options));
  }

  /** Runs {@code action} on the swarm's loop (the only thread the swarm takes calls from). */
  void run(Runnable action) {
    peer.onLoop(
        () -> {
          action.run();
          return null;
        });
  }

  /** The swarm's exact counters, read on its loop. */
  WakeupStats stats() {
    return peer.onLoop(swarm::stats);
  }

  /** Waits for the next logged line that starts with {@code prefix}. */
  String await(String prefix) throws InterruptedException {
    return await(line -> line.startsWith(prefix));
  }

  String await(Predicate<String> match) throws InterruptedException {
    for (String line : skipped) {
      if (match.test(line)) {
        skipped.remove(line);
        return line;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      String line = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("Java swarm: no matching event within 20 s; other events: " + skipped);
      }
      if (match.test(line)) {
        return line;
      }
      skipped.add(line);
    }
  }

  static String describe(List<Wakeup> wakeups) {
    return wakeups.stream().map(w -> w.key().toHex() + ":" + w.length()).collect(Collectors.joining(","));
  }

  private final class Logging implements SessionHandlers {
    private final List<Wakeup> respond;

    Logging(List<Wakeup> respond) {
      this.respond = respond;
    }

    @Override
    public void onPeerAdd(WakeupPeer p, WakeupSession session) {
      events.add("add " + p.topic().toHex() + " " + p.remotePublicKey().toHex() + " " + p.isActive());
    }

    @Override
    public void onPeerRemove(WakeupPeer p, WakeupSession session) {
      events.add("remove " + p.topic().toHex());
    }

    @Override
    public void onPeerActive(WakeupPeer p, WakeupSession session) {
      events.add("active " + p.topic().toHex());
    }

    @Override
    public void onPeerInactive(WakeupPeer p, WakeupSession session) {
      events.add("inactive " + p.topic().toHex());
    }

    @Override
    public void onLookup(Lookup request, WakeupPeer p, WakeupSession session) {
      events.add("lookup " + p.topic().toHex() + " " + request.hash().map(Key32::toHex).orElse("null"));
      if (!respond.isEmpty()) {
        session.announce(p, respond);
      }
    }

    @Override
    public void onAnnounce(List<Wakeup> wakeups, WakeupPeer p, WakeupSession session) {
      events.add("announce " + p.topic().toHex() + " " + describe(wakeups));
    }
  }
}
