package io.protomux.wakeup.node;

import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.domain.hyperswarm.SwarmDht;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The node's {@link SwarmDht}, passing everything through to the HyperDHT one but remembering
 * the query of the server's last {@link #listen}: Hyperswarm starts the one server the node has
 * (for a server join or for {@link WakeupNode#listenOnDht()}) and keeps its progress to itself,
 * while the facade's future must complete when that server has announced. Confined to the loop.
 */
final class ListeningSwarmDht implements SwarmDht {
  private final SwarmDht dht;
  private Query listening;

  ListeningSwarmDht(SwarmDht dht) {
    this.dht = dht;
  }

  /** The query of the last listen, or null before the first. */
  Query listening() {
    return listening;
  }

  @Override
  public EventLoop eventLoop() {
    return dht.eventLoop();
  }

  @Override
  public Query lookup(
      byte[] topic, List<PeerAddress> closestNodes, Consumer<List<PeerRecord>> onPeers) {
    return dht.lookup(topic, closestNodes, onPeers);
  }

  @Override
  public Query announce(
      byte[] topic,
      KeyPair keyPair,
      List<PeerAddress> relayAddresses,
      boolean clear,
      List<PeerAddress> closestNodes,
      Consumer<List<PeerRecord>> onPeers) {
    return dht.announce(topic, keyPair, relayAddresses, clear, closestNodes, onPeers);
  }

  @Override
  public Query lookupAndUnannounce(
      byte[] topic,
      KeyPair keyPair,
      List<PeerAddress> closestNodes,
      Consumer<List<PeerRecord>> onPeers) {
    return dht.lookupAndUnannounce(topic, keyPair, closestNodes, onPeers);
  }

  @Override
  public Query unannounce(byte[] topic, KeyPair keyPair, List<PeerAddress> nodes) {
    return dht.unannounce(topic, keyPair, nodes);
  }

  @Override
  public NoiseSecretStream connect(
      byte[] publicKey, List<PeerAddress> relayAddresses, KeyPair keyPair) {
    return dht.connect(publicKey, relayAddresses, keyPair);
  }

  @Override
  public Query listen(
      KeyPair keyPair,
      BiPredicate<byte[], PeerAddress> firewall,
      Consumer<NoiseSecretStream> onConnection) {
    Query query = dht.listen(keyPair, firewall, onConnection);
    listening = query;
    return query;
  }

  @Override
  public List<PeerAddress> serverRelayAddresses() {
    return dht.serverRelayAddresses();
  }

  @Override
  public void closeServer() {
    dht.closeServer();
  }

  @Override
  public boolean isEstablished(NoiseSecretStream stream) {
    return dht.isEstablished(stream);
  }
}
