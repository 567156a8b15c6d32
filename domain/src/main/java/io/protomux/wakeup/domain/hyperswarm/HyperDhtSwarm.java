package io.protomux.wakeup.domain.hyperswarm;

import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.dht.QueryOptions;
import io.protomux.wakeup.domain.hyperdht.DhtServer;
import io.protomux.wakeup.domain.hyperdht.FoundPeer;
import io.protomux.wakeup.domain.hyperdht.HyperDht;
import io.protomux.wakeup.domain.hyperdht.HyperDhtException;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/** {@link SwarmDht} on a real {@link HyperDht} node. */
public final class HyperDhtSwarm implements SwarmDht {
  private final HyperDht hyperDht;
  private DhtServer server;
  private Query listening;

  /** The swarm's view of {@code hyperDht}. */
  public HyperDhtSwarm(HyperDht hyperDht) {
    this.hyperDht = hyperDht;
  }

  @Override
  public EventLoop eventLoop() {
    return hyperDht.eventLoop();
  }

  @Override
  public Query lookup(byte[] topic, List<PeerAddress> closestNodes, Consumer<List<PeerRecord>> onPeers) {
    return wrap(hyperDht.lookup(topic, QueryOptions.DEFAULTS.withNodes(closestNodes), peers(onPeers)));
  }

  @Override
  public Query announce(
      byte[] topic,
      KeyPair keyPair,
      List<PeerAddress> relayAddresses,
      boolean clear,
      List<PeerAddress> closestNodes,
      Consumer<List<PeerRecord>> onPeers) {
    return wrap(
        hyperDht.announce(topic, keyPair, relayAddresses, clear,
            QueryOptions.DEFAULTS.withNodes(closestNodes), peers(onPeers)));
  }

  @Override
  public Query lookupAndUnannounce(
      byte[] topic, KeyPair keyPair, List<PeerAddress> closestNodes,
      Consumer<List<PeerRecord>> onPeers) {
    return wrap(
        hyperDht.lookupAndUnannounce(topic, keyPair, QueryOptions.DEFAULTS.withNodes(closestNodes),
            peers(onPeers)));
  }

  @Override
  public Query unannounce(byte[] topic, KeyPair keyPair, List<PeerAddress> nodes) {
    hyperDht.unannounceAt(topic, keyPair, nodes);
    return new Done(nodes, null);
  }

  @Override
  public NoiseSecretStream connect(
      byte[] publicKey, List<PeerAddress> relayAddresses, KeyPair keyPair) {
    return hyperDht.connect(publicKey, relayAddresses, keyPair);
  }

  @Override
  public Query listen(
      KeyPair keyPair,
      BiPredicate<byte[], PeerAddress> firewall,
      Consumer<NoiseSecretStream> onConnection) {
    if (server != null) {
      return listening;
    }
    server = hyperDht.createServer(firewall, onConnection);
    Pending pending = new Pending();
    listening = pending;
    server.listen(keyPair, error -> pending.finish(List.of(), error));
    return pending;
  }

  /**
   * The query of the server's first announce round (the one {@link #listen} started, whoever
   * called it), or null before: lets a host wait for a server the swarm started.
   */
  public Query listening() {
    return listening;
  }

  @Override
  public List<PeerAddress> serverRelayAddresses() {
    return server == null ? List.of() : server.relayAddresses();
  }

  @Override
  public boolean isEstablished(NoiseSecretStream stream) {
    return stream.connection() instanceof io.protomux.wakeup.domain.udx.UdxStream raw
        && raw.bytesRead() > 0
        && raw.bytesWritten() > 0;
  }

  @Override
  public void closeServer() {
    if (server != null) {
      server.close();
      server = null;
      listening = null;
    }
  }

  private static Consumer<FoundPeer> peers(Consumer<List<PeerRecord>> onPeers) {
    return found -> onPeers.accept(found.peers());
  }

  private static Query wrap(io.protomux.wakeup.domain.dht.Query query) {
    return new Query() {
      @Override
      public void cancel() {
        query.destroy(new HyperDhtException(HyperDhtException.NODE_DESTROYED, "query cancelled"));
      }

      @Override
      public void whenDone(BiConsumer<List<PeerAddress>, Throwable> callback) {
        query.whenDone(
            (replies, error) -> callback.accept(error == null ? query.closestNodes() : List.of(),
                error));
      }
    };
  }

  private record Done(List<PeerAddress> nodes, Throwable error) implements Query {
    @Override
    public void cancel() {}

    @Override
    public void whenDone(BiConsumer<List<PeerAddress>, Throwable> callback) {
      callback.accept(nodes, error);
    }
  }

  private static final class Pending implements Query {
    private final List<BiConsumer<List<PeerAddress>, Throwable>> callbacks = new ArrayList<>();
    private boolean done;
    private List<PeerAddress> nodes;
    private Throwable error;

    void finish(List<PeerAddress> nodes, Throwable error) {
      if (done) {
        return;
      }
      done = true;
      this.nodes = nodes;
      this.error = error;
      for (BiConsumer<List<PeerAddress>, Throwable> callback : List.copyOf(callbacks)) {
        callback.accept(nodes, error);
      }
      callbacks.clear();
    }

    @Override
    public void cancel() {}

    @Override
    public void whenDone(BiConsumer<List<PeerAddress>, Throwable> callback) {
      if (done) {
        callback.accept(nodes, error);
      } else {
        callbacks.add(callback);
      }
    }
  }
}
