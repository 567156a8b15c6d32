package io.protomux.wakeup.domain.hyperswarm;

import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * What the swarm layer needs from a HyperDHT node: the topic queries, dialling a server by key and
 * one server that accepts connections. The HyperDHT client implements it on the network; tests
 * implement it in memory. Every method is called on {@link #eventLoop()} and every callback runs
 * there.
 */
public interface SwarmDht {
  /** The loop the node and every stream it hands out are confined to. */
  EventLoop eventLoop();

  /**
   * hyperdht {@code lookup(topic)}: a LOOKUP query; {@code onPeers} gets the records of each reply
   * as it arrives.
   *
   * @param closestNodes the previous query's closest nodes to start from (may be empty)
   */
  Query lookup(byte[] topic, List<PeerAddress> closestNodes, Consumer<List<PeerRecord>> onPeers);

  /**
   * hyperdht {@code announce(topic, keyPair, relayAddresses, {clear})}: a LOOKUP query whose
   * commit stores a signed record of {@code keyPair}'s key at every closest node; {@code onPeers}
   * gets the records the lookup part finds.
   *
   * @param clear first unannounce our own stale records (hyperswarm's first announce)
   */
  Query announce(
      byte[] topic,
      KeyPair keyPair,
      List<PeerAddress> relayAddresses,
      boolean clear,
      List<PeerAddress> closestNodes,
      Consumer<List<PeerRecord>> onPeers);

  /**
   * A lookup that also unannounces {@code keyPair}'s key wherever a reply lists it (a topic that
   * was announced and is now client-only).
   */
  Query lookupAndUnannounce(
      byte[] topic, KeyPair keyPair, List<PeerAddress> closestNodes, Consumer<List<PeerRecord>> onPeers);

  /**
   * Unannounces {@code keyPair}'s key for the topic at exactly these nodes, one send each, outside
   * the congestion window (hyperswarm's leave).
   */
  Query unannounce(byte[] topic, KeyPair keyPair, List<PeerAddress> nodes);

  /**
   * hyperdht {@code connect(publicKey, {relayAddresses, keyPair})}: returns at once a stream that
   * is not open yet; it opens (its {@code whenOpen} listeners run) once the handshake through the
   * DHT has succeeded and the UDX stream is connected, or closes with the reason it failed.
   */
  NoiseSecretStream connect(byte[] publicKey, List<PeerAddress> relayAddresses, KeyPair keyPair);

  /**
   * Starts the node's server for {@code keyPair} (hyperdht {@code createServer().listen}) if it is
   * not yet listening: announces the key under its hash and accepts connections.
   *
   * @param firewall called with (remote public key, the client's remote address) for every incoming
   *     handshake; true rejects it (no answer is sent)
   * @param onConnection gets each accepted stream (responder), as soon as the server connects it
   * @return a query that completes once the first announce round is done
   */
  Query listen(
      KeyPair keyPair,
      BiPredicate<byte[], PeerAddress> firewall,
      Consumer<NoiseSecretStream> onConnection);

  /**
   * The addresses the listening server can be reached through (hyperdht's
   * {@code server.relayAddresses}): its own public address if reachable, then the nodes holding its
   * self-announce; empty before {@link #listen}.
   */
  List<PeerAddress> serverRelayAddresses();

  /**
   * Stops the server started by {@link #listen} (hyperdht {@code server.close()}): unannounces
   * its key and accepts no more connections; streams already handed out are left alone. Does
   * nothing if not listening. The swarm calls it when destroyed.
   */
  void closeServer();

  /**
   * Whether the stream's transport underneath has both read and written bytes (hyperswarm's
   * {@code rawBytesRead > 0 && rawBytesWritten > 0} on the UDX stream, which carries nothing
   * before the secret-stream header): an established connection the remote probably lost and
   * redialled, so a new one from it replaces it.
   */
  boolean isEstablished(NoiseSecretStream stream);

  /** A running DHT operation. */
  interface Query {
    /** Stops it; {@code whenDone} callbacks then run with a cancellation cause. Idempotent. */
    void cancel();

    /**
     * Runs the callback once the query has finished, at once if it has: with the query's closest
     * nodes (to start the next one from) and null, or with an empty list and what made it fail.
     */
    void whenDone(BiConsumer<List<PeerAddress>, Throwable> callback);
  }
}
