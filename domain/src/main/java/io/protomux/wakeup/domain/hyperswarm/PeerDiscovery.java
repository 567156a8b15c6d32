package io.protomux.wakeup.domain.hyperswarm;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.ports.loop.Cancellable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * hyperswarm's {@code PeerDiscovery}: one per joined topic, shared by the topic's sessions. Its
 * mode is the union of theirs. A refresh announces (any session a server) or looks up (client
 * only, unannouncing if it announced before), hands the peers found to the swarm when a session
 * is a client, remembers the query's closest nodes for the next one and schedules the next in 10
 * min plus up to 2 min of jitter. Confined to the swarm's loop.
 */
public final class PeerDiscovery {
  /** Time between refreshes, before jitter. */
  public static final long REFRESH_INTERVAL_MILLIS = 10 * 60_000;
  /** Upper bound of the random part added to {@link #REFRESH_INTERVAL_MILLIS}. */
  public static final long RANDOM_JITTER_MILLIS = 2 * 60_000;
  // A refresh timer that fired this much later than asked (the host slept) refreshes soon
  // instead of at once, so that a fleet waking together does not query together.
  private static final long DELAY_GRACE_PERIOD_MILLIS = 30_000;
  private static final int MAX_DISCOVERY_CACHE = 64;

  private final Hyperswarm swarm;
  private final Key32 topic;
  final List<PeerDiscoverySession> sessions = new ArrayList<>();
  int clientSessions;
  int serverSessions;
  int limit = Integer.MAX_VALUE;
  private boolean isClient;
  private boolean isServer;
  private boolean destroyed;
  private final Set<Key32> discovered = new LinkedHashSet<>();
  private Run activeQuery;
  private Cancellable timer;
  private Refresh currentRefresh;
  private List<PeerAddress> closestNodes = List.of();
  private boolean firstAnnounce = true;
  private boolean needsUnannounce;
  private int refreshes;

  /** One run of {@link #refresh()} and those waiting for it. */
  private static final class Refresh {
    final int clock;
    Boolean result;
    List<Consumer<Boolean>> waiters = new ArrayList<>();

    Refresh(int clock) {
      this.clock = clock;
    }

    void whenDone(Consumer<Boolean> waiter) {
      if (result != null) {
        waiter.accept(result);
      } else {
        waiters.add(waiter);
      }
    }

    void finish(boolean ok) {
      if (result != null) {
        return;
      }
      result = ok;
      List<Consumer<Boolean>> toRun = waiters;
      waiters = List.of();
      for (Consumer<Boolean> waiter : toRun) {
        waiter.accept(ok);
      }
    }
  }

  /** One query; replies of a run that was superseded or cancelled are not acted on. */
  private static final class Run {
    SwarmDht.Query query;
    boolean live = true;
  }

  PeerDiscovery(Hyperswarm swarm, Key32 topic) {
    this.swarm = swarm;
    this.topic = topic;
  }

  /** The topic (a copy). */
  public byte[] topic() {
    return topic.bytes();
  }

  /** Whether a session announces the topic. */
  public boolean isServer() {
    return isServer;
  }

  /** Whether a session looks the topic up and connects to its peers. */
  public boolean isClient() {
    return isClient;
  }

  /** Whether the topic was left. */
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Whether our key may still be announced under the topic (it will be unannounced on leave). */
  public boolean isAnnounced() {
    return needsUnannounce;
  }

  /** The closest nodes of the last successful query (where the next starts and leave unannounces). */
  public List<PeerAddress> closestNodes() {
    return closestNodes;
  }

  PeerDiscoverySession session(JoinOptions options) {
    if (destroyed) {
      throw new IllegalStateException("PeerDiscovery is destroyed");
    }
    PeerDiscoverySession session = new PeerDiscoverySession(this);
    sessions.add(session);
    session.refresh(options);
    return session;
  }

  private boolean isActive() {
    return !destroyed && !swarm.isDestroyed();
  }

  /**
   * Refreshes now: at once if the sessions' mode changed (a running query is cancelled),
   * otherwise joins the refresh under way or starts one.
   *
   * @throws IllegalStateException once destroyed
   */
  public void refresh() {
    refreshThen(ok -> {});
  }

  void refreshThen(Consumer<Boolean> whenDone) {
    if (destroyed) {
      throw new IllegalStateException("PeerDiscovery is destroyed");
    }
    boolean server = serverSessions > 0;
    boolean client = clientSessions > 0;
    if (server != isServer || client != isClient) {
      isServer = server;
      isClient = client;
      cancelActiveQuery();
      startRefresh();
    } else if (currentRefresh == null) {
      startRefresh();
    }
    Refresh refresh = currentRefresh;
    refresh.whenDone(
        ok -> {
          if (currentRefresh == refresh) {
            currentRefresh = null;
          }
          whenDone.accept(ok);
        });
  }

  /**
   * Runs {@code callback} once the swarm's listen (if one was started) and the refresh under way
   * are done: with true, or false if the refresh failed.
   */
  public void flushed(Consumer<Boolean> callback) {
    swarm.whenListening(
        listenOk -> {
          if (!listenOk) {
            callback.accept(false);
            return;
          }
          Refresh refresh = currentRefresh;
          if (refresh == null) {
            callback.accept(true);
          } else {
            refresh.whenDone(callback);
          }
        });
  }

  private void startRefresh() {
    Refresh refresh = new Refresh(++refreshes);
    currentRefresh = refresh;
    boolean clear = isServer && firstAnnounce;
    if (clear) {
      firstAnnounce = false;
    }
    if (!isServer) {
      query(refresh, false, false);
      return;
    }
    swarm.listenThen(
        ok -> {
          if (refresh.clock != refreshes || !isActive()) {
            // A newer refresh (or the leave) took over; this one yields to it.
            refresh.finish(true);
            return;
          }
          if (!ok) {
            refresh.finish(false);
            refreshLater(false);
            return;
          }
          needsUnannounce = true;
          query(refresh, true, clear);
        });
  }

  private void query(Refresh refresh, boolean announcing, boolean clear) {
    // The reference counts connected peers from the last round with swarm.connections.has(hex),
    // a Set of streams that never holds a string; counted here by key as the option intends.
    int[] remaining = {limit};
    if (limit < Integer.MAX_VALUE && limit > 0) {
      for (Key32 id : discovered) {
        if (swarm.isConnected(id) && --remaining[0] == 0) {
          break;
        }
      }
    }
    discovered.clear();
    SwarmDht dht = swarm.dht();
    Run run = new Run();
    activeQuery = run;
    Consumer<List<PeerRecord>> onPeers = peers -> onPeers(run, peers, remaining);
    SwarmDht.Query query;
    if (announcing) {
      query =
          dht.announce(
              topic.bytes(), swarm.keyPair(), dht.serverRelayAddresses(), clear, closestNodes, onPeers);
    } else if (needsUnannounce) {
      query = dht.lookupAndUnannounce(topic.bytes(), swarm.keyPair(), closestNodes, onPeers);
    } else {
      query = dht.lookup(topic.bytes(), closestNodes, onPeers);
    }
    run.query = query;
    if (!run.live) {
      // Superseded from inside the DHT call (a callback that refreshed or left).
      query.cancel();
    }
    query.whenDone((nodes, error) -> onQueryDone(refresh, run, announcing, nodes, error));
  }

  private void onPeers(Run run, List<PeerRecord> peers, int[] remaining) {
    if (!run.live || !isClient || !isActive()) {
      return;
    }
    for (PeerRecord peer : peers) {
      if (remaining[0] < Integer.MAX_VALUE) {
        Key32 id = Key32.of(peer.publicKey());
        if (discovered.size() < MAX_DISCOVERY_CACHE) {
          discovered.add(id);
        }
        if (remaining[0] == 0) {
          continue;
        }
        if (!swarm.isConnected(id)) {
          remaining[0]--;
        }
      }
      swarm.handlePeer(peer, topic);
    }
  }

  private void onQueryDone(
      Refresh refresh, Run run, boolean announcing, List<PeerAddress> nodes, Throwable error) {
    if (activeQuery == run) {
      activeQuery = null;
      if (isActive()) {
        refreshLater(false);
      }
    }
    if (error != null) {
      refresh.finish(!isActive());
      return;
    }
    closestNodes = List.copyOf(nodes);
    if (refresh.clock == refreshes && !announcing) {
      needsUnannounce = false;
    }
    refresh.finish(true);
  }

  private void refreshLater(boolean eager) {
    long jitter = swarm.random().upTo(RANDOM_JITTER_MILLIS);
    long delay = eager ? jitter : REFRESH_INTERVAL_MILLIS + jitter;
    if (timer != null) {
      timer.cancel();
    }
    long start = swarm.eventLoop().nowMillis();
    timer =
        swarm.eventLoop().schedule(
            delay,
            () -> {
              timer = null;
              if (!isActive()) {
                return;
              }
              boolean overdue = swarm.eventLoop().nowMillis() - start > delay + DELAY_GRACE_PERIOD_MILLIS;
              if (overdue) {
                refreshLater(true);
              } else {
                refresh();
              }
            });
  }

  /** Called by a session's destroy: leave when it was the last, re-refresh without announcing. */
  void destroyMaybe() {
    if (destroyed) {
      return;
    }
    if (sessions.isEmpty()) {
      swarm.leave(topic.bytes());
    } else if (serverSessions == 0 && needsUnannounce) {
      refresh();
    }
  }

  private void cancelActiveQuery() {
    Run run = activeQuery;
    activeQuery = null;
    if (run != null) {
      run.live = false;
      if (run.query != null) {
        run.query.cancel();
      }
    }
  }

  /** Stops the timer and the query and unannounces from the remembered closest nodes. */
  void destroy() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    cancelActiveQuery();
    Refresh refresh = currentRefresh;
    if (refresh != null) {
      refresh.finish(true);
    }
    if (needsUnannounce) {
      if (!closestNodes.isEmpty()) {
        swarm.dht().unannounce(topic.bytes(), swarm.keyPair(), closestNodes);
      }
      needsUnannounce = false;
    }
  }

  @Override
  public String toString() {
    return "PeerDiscovery[" + topic + (isServer ? ", server" : "") + (isClient ? ", client" : "")
        + (destroyed ? ", destroyed" : "") + "]";
  }
}
