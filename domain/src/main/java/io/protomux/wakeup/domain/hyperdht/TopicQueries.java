package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.dht.Query;
import io.protomux.wakeup.domain.dht.QueryOptions;
import io.protomux.wakeup.domain.dht.Reply;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * hyperdht's topic queries ({@code lookup}, {@code announce} with {@code clear}, {@code
 * lookupAndUnannounce}, hyperswarm's targeted unannounce), behind {@link HyperDht}'s methods of the
 * same names.
 */
final class TopicQueries {
  private final HyperDht hyperDht;

  TopicQueries(HyperDht hyperDht) {
    this.hyperDht = hyperDht;
  }

  /** hyperdht {@code lookup(topic)}: {@code onPeers} gets each node's records. */
  Query lookup(byte[] topic, QueryOptions queryOptions, Consumer<FoundPeer> onPeers) {
    return hyperDht.dht().query(topic, HyperDhtConstants.LOOKUP, null, queryOptions, mapLookup(onPeers));
  }

  /**
   * hyperdht {@code announce(topic, keyPair, relayAddresses, {clear})}: a LOOKUP whose commit
   * stores a record signed for each closest node there.
   */
  Query announce(
      byte[] topic,
      KeyPair keyPair,
      List<PeerAddress> relayAddresses,
      boolean clear,
      QueryOptions queryOptions,
      Consumer<FoundPeer> onPeers) {
    PeerRecord record = new PeerRecord(keyPair.publicKey(), relayAddresses);
    byte[] target = topic.clone();
    List<Runnable[]> waiting = new ArrayList<>();
    int[] unannouncing = {0};
    QueryOptions.Commit commit =
        (reply, query, done) -> {
          Runnable send =
              () -> {
                if (reply.token() == null || reply.fromId() == null) {
                  done.accept(new HyperDhtException(HyperDhtException.LIMIT,
                      "No token received for closest node"));
                  return;
                }
                byte[] value =
                    hyperDht.signedAnnounce(target, reply.token(), reply.fromId(), record, keyPair, false);
                hyperDht.dht().request(reply.from(), reply.token(), HyperDhtConstants.ANNOUNCE, target, value)
                    .onResponse((r, q) -> done.accept(null))
                    .onError((e, q) -> done.accept(e))
                    .send();
              };
          if (unannouncing[0] == 0) {
            send.run();
          } else {
            waiting.add(new Runnable[] {send});
          }
        };
    Consumer<FoundPeer> reader =
        clear
            ? unannounceOwn(target, keyPair, onPeers, unannouncing, waiting)
            : onPeers;
    return hyperDht.dht().query(
        target, HyperDhtConstants.LOOKUP, null, queryOptions.withCommit(commit),
        mapLookup(reader));
  }

  /**
   * hyperdht {@code lookupAndUnannounce(topic, keyPair)}: a lookup that sends a signed UNANNOUNCE
   * to every node whose reply lists our key.
   */
  Query lookupAndUnannounce(
      byte[] topic, KeyPair keyPair, QueryOptions queryOptions, Consumer<FoundPeer> onPeers) {
    byte[] target = topic.clone();
    return hyperDht.dht().query(
        target, HyperDhtConstants.LOOKUP, null, queryOptions,
        mapLookup(unannounceOwn(target, keyPair, onPeers, new int[1], new ArrayList<>())));
  }

  /** Sends a signed UNANNOUNCE for the topic to exactly these nodes (a FIND_PEER first for a token). */
  void unannounceAt(byte[] topic, KeyPair keyPair, List<PeerAddress> nodes) {
    byte[] target = topic.clone();
    for (PeerAddress node : nodes) {
      hyperDht.dht().request(node, null, HyperDhtConstants.LOOKUP, target, null)
          .retries(0)
          .onResponse(
              (reply, request) ->
                  mapLookup(unannounceOwn(target, keyPair, found -> {}, new int[1],
                      new ArrayList<>())).accept(reply))
          .sendNow();
    }
  }

  private Consumer<FoundPeer> unannounceOwn(
      byte[] target,
      KeyPair keyPair,
      Consumer<FoundPeer> onPeers,
      int[] unannouncing,
      List<Runnable[]> waiting) {
    byte[] ourKey = keyPair.publicKey();
    return found -> {
      if (found.token() != null && found.fromId() != null) {
        boolean listed = found.peers().size() >= 20;
        for (int i = 0; !listed && i < found.peers().size(); i++) {
          listed = java.util.Arrays.equals(found.peers().get(i).publicKey(), ourKey);
        }
        if (listed) {
          unannouncing[0]++;
          requestUnannounce(
              target,
              keyPair,
              found,
              () -> {
                if (--unannouncing[0] == 0) {
                  List<Runnable[]> ready = List.copyOf(waiting);
                  waiting.clear();
                  for (Runnable[] send : ready) {
                    send[0].run();
                  }
                }
              });
        }
      }
      onPeers.accept(found);
    };
  }

  private void requestUnannounce(
      byte[] target, KeyPair keyPair, FoundPeer at, Runnable settled) {
    PeerRecord record = new PeerRecord(keyPair.publicKey(), List.of());
    byte[] value = hyperDht.signedAnnounce(target, at.token(), at.fromId(), record, keyPair, true);
    hyperDht.dht().request(at.from(), at.token(), HyperDhtConstants.UNANNOUNCE, target, value)
        .onResponse((r, q) -> settled.run())
        .onError((e, q) -> settled.run())
        .send();
  }

  private Consumer<Reply> mapLookup(Consumer<FoundPeer> onPeers) {
    return reply -> {
      if (reply.value() == null) {
        return;
      }
      LookupReply lookup;
      try {
        lookup = PeerRecords.decodeLookupReply(reply.value());
      } catch (EncodingException e) {
        hyperDht.counters().badReplyValues++;
        return;
      }
      onPeers.accept(
          new FoundPeer(reply.from(), reply.fromId(), reply.to(), reply.token(), lookup.peers(),
              lookup.bump()));
    };
  }
}
