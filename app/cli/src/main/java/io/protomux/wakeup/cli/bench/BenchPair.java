package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.adapters.nio.NioTransport;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.ports.transport.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The listening side {@link #a()} and the dialing side {@link #b()}: on two loop threads, as two
 * processes would be, or on one, as the Node version runs both sides on its one thread.
 */
public final class BenchPair implements AutoCloseable {
  /** Where the pair talks. */
  public static final String HOST = "127.0.0.1";

  private final List<NioTransport> transports = new ArrayList<>();
  private final BenchSide a;
  private final BenchSide b;
  private final Listener listener;

  /** @param loops 1 or 2 */
  public BenchPair(int loops) throws InterruptedException, ExecutionException {
    NioTransport first = new NioTransport();
    transports.add(first);
    NioTransport second = first;
    if (loops == 2) {
      second = new NioTransport();
      transports.add(second);
    }
    a = new BenchSide(first);
    b = new BenchSide(second);
    listener = a.listen(HOST, 0);
  }

  /** The listening side. */
  public BenchSide a() {
    return a;
  }

  /** The dialing side. */
  public BenchSide b() {
    return b;
  }

  /** The port a listens on. */
  public int port() {
    return listener.port();
  }

  /**
   * The connection of the announce and round-trip benchmarks, with their two topics joined: b
   * announces to a on one, b looks up and a answers on the other.
   */
  public MainConnection connectMain()
      throws InterruptedException, ExecutionException, TimeoutException {
    Capability announceTopic = Benchmarks.capability("announce", 0);
    Capability roundTripTopic = Benchmarks.capability("roundtrip", 0);
    AnnounceCounter counter = new AnnounceCounter();
    RoundTrips trips = new RoundTrips();
    CompletableFuture<WakeupPeer> announcerPeer = new CompletableFuture<>();
    CompletableFuture<WakeupPeer> answererPeer = new CompletableFuture<>();
    List<Wakeup> answer = List.of(new Wakeup(Benchmarks.LOG, 1));
    a.call(
        () -> {
          a.swarm().session(announceTopic, counter);
          return a.swarm().session(roundTripTopic, new Answerer(answererPeer, answer));
        });
    WakeupSession announcer =
        b.call(
            () -> {
              b.swarm().session(roundTripTopic, trips);
              return b.swarm().session(announceTopic, new PeerAdded(announcerPeer));
            });
    long timeout = Benchmarks.PHASE_TIMEOUT_MILLIS;
    b.dial(HOST, port()).get(timeout, TimeUnit.MILLISECONDS);
    WakeupPeer peer = announcerPeer.get(timeout, TimeUnit.MILLISECONDS);
    counter.peerAdded().get(timeout, TimeUnit.MILLISECONDS);
    trips.peerAdded().get(timeout, TimeUnit.MILLISECONDS);
    answererPeer.get(timeout, TimeUnit.MILLISECONDS);
    return new MainConnection(announcer, peer, counter, trips);
  }

  /** Tears both swarms down on their loops, then stops listening and the loops. */
  @Override
  public void close() {
    for (BenchSide side : List.of(b, a)) {
      try {
        side.call(
            () -> {
              side.swarm().destroy();
              return null;
            });
      } catch (ExecutionException | RuntimeException e) {
        // The loop is gone already: nothing left on it to tear down.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    listener.close();
    for (NioTransport transport : transports) {
      transport.close();
    }
  }

  /** Tells when the peer is added. */
  private static class PeerAdded implements SessionHandlers {
    private final CompletableFuture<WakeupPeer> added;

    PeerAdded(CompletableFuture<WakeupPeer> added) {
      this.added = added;
    }

    @Override
    public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
      added.complete(peer);
    }
  }

  /** The round trips' answering side: every lookup gets the same announce back. */
  private static final class Answerer extends PeerAdded {
    private final List<Wakeup> answer;

    Answerer(CompletableFuture<WakeupPeer> added, List<Wakeup> answer) {
      super(added);
      this.answer = answer;
    }

    @Override
    public void onLookup(Lookup request, WakeupPeer peer, WakeupSession session) {
      session.announce(peer, answer);
    }
  }
}
