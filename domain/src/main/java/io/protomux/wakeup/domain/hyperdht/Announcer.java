package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.dht.Query;
import io.protomux.wakeup.domain.dht.QueryOptions;
import io.protomux.wakeup.domain.dht.Reply;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.Cancellable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A server's self-announce ({@code lib/announcer.js}): a FIND_PEER query for the key's hash, an
 * ANNOUNCE to the 3 closest nodes, a PING to each of them every 3 s (which keeps NAT bindings
 * towards them open so they can forward handshakes in), a new round when fewer than
 * min(3, relays) answer or after 100 pings, UNANNOUNCE to nodes that dropped out and to all on
 * stop.
 */
final class Announcer {
  private static final int MIN_ACTIVE = 3;
  private static final long PING_EVERY_MILLIS = 3000;
  private static final int PINGS_PER_ROUND = 100;

  private final HyperDht hyperDht;
  private final DhtNode dht;
  private final KeyPair keyPair;
  private final byte[] target;
  // The nodes holding our announce in the last three rounds (index 2 the current one).
  private final List<Map<PeerAddress, PeerAddress>> serverRelays =
      List.of(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
  private List<NoisePayload.RelayInfo> relays = List.of();
  private List<PeerAddress> relayAddresses = List.of();
  private List<PeerAddress> closestNodes = List.of();
  private Query activeQuery;
  private Cancellable timer;
  private int pingsThisRound;
  private boolean stopped;
  private int generation;

  Announcer(HyperDht hyperDht, KeyPair keyPair, byte[] target) {
    this.hyperDht = hyperDht;
    this.dht = hyperDht.dht();
    this.keyPair = keyPair;
    this.target = target.clone();
  }

  /** The nodes holding our announce, each with how it sees us. */
  List<NoisePayload.RelayInfo> relays() {
    return relays;
  }

  /** Our reachable address (if any) and up to 3 relays: what goes into records and payloads. */
  List<PeerAddress> relayAddresses() {
    return relayAddresses;
  }

  boolean isRelay(PeerAddress address) {
    for (Map<PeerAddress, PeerAddress> round : serverRelays) {
      if (round.containsKey(address)) {
        return true;
      }
    }
    return false;
  }

  /** Runs the first round; {@code done} gets null once it is over (even if nobody accepted). */
  void start(Consumer<Throwable> done) {
    update(
        () -> {
          if (!stopped) {
            scheduleNextPing();
          }
          done.accept(null);
        });
  }

  /** Starts a new round at the next ping. */
  void refresh() {
    pingsThisRound = PINGS_PER_ROUND;
  }

  /** Stops the loop and unannounces from the current relays. */
  void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (timer != null) {
      timer.cancel();
    }
    if (activeQuery != null) {
      activeQuery.destroy(null);
    }
    for (PeerAddress node : List.copyOf(serverRelays.get(2).values())) {
      unannounce(node);
    }
  }

  private void scheduleNextPing() {
    timer = dht.eventLoop().schedule(PING_EVERY_MILLIS, this::pingRelays);
  }

  private void pingRelays() {
    if (stopped) {
      return;
    }
    if (pingsThisRound >= PINGS_PER_ROUND) {
      pingsThisRound = 0;
      update(this::scheduleNextPing);
      return;
    }
    pingsThisRound++;
    List<PeerAddress> nodes = List.copyOf(serverRelays.get(2).values());
    if (nodes.isEmpty()) {
      scheduleNextPing();
      return;
    }
    int[] pending = {nodes.size()};
    int[] answered = {0};
    int round = generation;
    for (PeerAddress node : nodes) {
      dht.ping(node)
          .onResponse(
              (reply, request) -> {
                answered[0]++;
                if (--pending[0] == 0) {
                  afterPings(round, answered[0], nodes.size());
                }
              })
          .onError(
              (error, request) -> {
                if (--pending[0] == 0) {
                  afterPings(round, answered[0], nodes.size());
                }
              })
          .send();
    }
  }

  private void afterPings(int round, int answered, int asked) {
    if (stopped || round != generation) {
      return;
    }
    if (answered < Math.min(asked, MIN_ACTIVE)) {
      refresh();
      pingRelays();
      return;
    }
    scheduleNextPing();
  }

  private void update(Runnable then) {
    generation++;
    cycle();
    activeQuery =
        hyperDht.findPeerTarget(target, QueryOptions.DEFAULTS.withNodes(closestNodes), found -> {});
    activeQuery.whenDone(
        (replies, error) -> {
          Query query = activeQuery;
          activeQuery = null;
          if (stopped) {
            return;
          }
          List<Reply> best =
              query.closestReplies().subList(0, Math.min(3, query.closestReplies().size()));
          List<NoisePayload.RelayInfo> newRelays = new ArrayList<>();
          List<PeerAddress> newRelayAddresses = new ArrayList<>();
          if (!dht.firewalled()) {
            PeerAddress ours = dht.remoteAddress();
            if (ours != null) {
              newRelayAddresses.add(ours);
            }
          }
          List<PeerAddress> closest = query.closestNodes();
          int[] pending = {best.size()};
          Runnable settle =
              () -> {
                if (--pending[0] > 0 || stopped) {
                  return;
                }
                closestNodes = closest;
                relays = List.copyOf(newRelays);
                relayAddresses = List.copyOf(newRelayAddresses);
                for (Map.Entry<PeerAddress, PeerAddress> old : serverRelays.get(1).entrySet()) {
                  if (!serverRelays.get(2).containsKey(old.getKey())) {
                    unannounce(old.getValue());
                  }
                }
                then.run();
              };
          if (best.isEmpty()) {
            pending[0] = 1;
            settle.run();
            return;
          }
          for (Reply reply : best) {
            commit(reply, newRelays, newRelayAddresses, settle);
          }
        });
  }

  private void commit(
      Reply reply,
      List<NoisePayload.RelayInfo> newRelays,
      List<PeerAddress> newRelayAddresses,
      Runnable settle) {
    if (reply.token() == null || reply.fromId() == null) {
      settle.run();
      return;
    }
    PeerRecord record = new PeerRecord(keyPair.publicKey(), List.of());
    byte[] value =
        hyperDht.signedAnnounce(target, reply.token(), reply.fromId(), record, keyPair, false);
    dht.request(reply.from(), reply.token(), HyperDhtConstants.ANNOUNCE, target, value)
        .onResponse(
            (answer, request) -> {
              if (answer.error() == 0) {
                if (newRelayAddresses.size() < 3) {
                  newRelayAddresses.add(reply.from());
                }
                newRelays.add(new NoisePayload.RelayInfo(reply.from(), reply.to()));
                serverRelays.get(2).put(reply.from(), reply.from());
              }
              settle.run();
            })
        .onError((error, request) -> settle.run())
        .send();
  }

  private void unannounce(PeerAddress node) {
    dht.request(node, null, HyperDhtConstants.FIND_PEER, target, null)
        .onResponse(
            (reply, request) -> {
              if (reply.token() == null || reply.fromId() == null || reply.value() == null) {
                return;
              }
              PeerRecord record = new PeerRecord(keyPair.publicKey(), List.of());
              byte[] value =
                  hyperDht.signedAnnounce(
                      target, reply.token(), reply.fromId(), record, keyPair, true);
              dht.request(node, reply.token(), HyperDhtConstants.UNANNOUNCE, target, value).send();
            })
        .send();
  }

  private void cycle() {
    Map<PeerAddress, PeerAddress> oldest = serverRelays.get(0);
    Map<PeerAddress, PeerAddress> middle = serverRelays.get(1);
    Map<PeerAddress, PeerAddress> current = serverRelays.get(2);
    oldest.clear();
    oldest.putAll(middle);
    middle.clear();
    middle.putAll(current);
    current.clear();
  }
}
