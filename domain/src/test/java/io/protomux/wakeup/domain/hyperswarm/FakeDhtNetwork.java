package io.protomux.wakeup.domain.hyperswarm;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.Link;
import io.protomux.wakeup.adapters.inmemory.NetworkOptions;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * An in-memory stand-in for the DHT that many {@link FakeDht}s share: topic records per topic,
 * listening servers by key, and real secret streams over in-memory links for connects. Every
 * query takes {@link #queryLatency} ms of virtual time; the streams do a real Noise handshake.
 */
final class FakeDhtNetwork {
  static final List<PeerAddress> NODES =
      List.of(new PeerAddress("10.9.0.1", 49737), new PeerAddress("10.9.0.2", 49737));

  /** One call made on a fake DHT. */
  record Call(
      String kind, Key32 by, Key32 target, boolean clear, List<PeerAddress> nodes, long at) {}

  final VirtualTimeLoop loop = new VirtualTimeLoop();
  final Crypto crypto = new BouncyCastleCrypto(RandomSources.seeded(7));
  final InMemoryNetwork links =
      new InMemoryNetwork(loop, NetworkOptions.defaults().withSeed(1).withLatencyMillis(5));
  final Map<Key32, Map<Key32, PeerRecord>> records = new HashMap<>();
  final Map<Key32, FakeDht> servers = new HashMap<>();
  final List<Call> calls = new ArrayList<>();
  final Set<NoiseSecretStream> established = new HashSet<>();
  long queryLatency = 100;
  long connectLatency = 50;
  private int hosts;

  FakeDht node(KeyPair keyPair) {
    return new FakeDht(keyPair, new PeerAddress("10.0.0." + (++hosts), 49737));
  }

  List<Call> calls(String kind) {
    return calls.stream().filter(c -> c.kind.equals(kind)).toList();
  }

  List<Call> calls(String kind, Key32 by) {
    return calls.stream().filter(c -> c.kind.equals(kind) && c.by.equals(by)).toList();
  }

  /** Puts a record under the topic as if some node had announced it. */
  void announceRecord(byte[] topic, byte[] publicKey) {
    records.computeIfAbsent(Key32.of(topic), t -> new LinkedHashMap<>())
        .put(Key32.of(publicKey), new PeerRecord(publicKey, List.of()));
  }

  boolean hasRecord(byte[] topic, byte[] publicKey) {
    Map<Key32, PeerRecord> byKey = records.get(Key32.of(topic));
    return byKey != null && byKey.containsKey(Key32.of(publicKey));
  }

  private List<PeerRecord> snapshot(Key32 topic) {
    return new ArrayList<>(records.getOrDefault(topic, Map.of()).values());
  }

  private void remove(Key32 topic, Key32 key) {
    Map<Key32, PeerRecord> byKey = records.get(topic);
    if (byKey != null) {
      byKey.remove(key);
    }
  }

  /** A query finishing after the latency unless cancelled. */
  final class FakeQuery implements SwarmDht.Query {
    private final List<BiConsumer<List<PeerAddress>, Throwable>> callbacks = new ArrayList<>();
    private Cancellable task;
    private boolean done;
    private List<PeerAddress> nodes;
    private Throwable error;
    boolean cancelled;

    FakeQuery start(Runnable onRun) {
      task =
          loop.schedule(
              queryLatency,
              () -> {
                onRun.run();
                finish(NODES, null);
              });
      return this;
    }

    @Override
    public void cancel() {
      if (done) {
        return;
      }
      cancelled = true;
      task.cancel();
      finish(List.of(), new CancellationException("query cancelled"));
    }

    void finish(List<PeerAddress> result, Throwable cause) {
      if (done) {
        return;
      }
      done = true;
      nodes = result;
      error = cause;
      for (BiConsumer<List<PeerAddress>, Throwable> callback : callbacks) {
        callback.accept(result, cause);
      }
      callbacks.clear();
    }

    @Override
    public void whenDone(BiConsumer<List<PeerAddress>, Throwable> callback) {
      if (done) {
        callback.accept(nodes, error);
      } else {
        callbacks.add(callback);
      }
    }
  }

  /** One node's view. */
  final class FakeDht implements SwarmDht {
    final KeyPair keyPair;
    final Key32 key;
    final PeerAddress address;
    final List<NoiseSecretStream> accepted = new ArrayList<>();
    final List<NoiseSecretStream> dialled = new ArrayList<>();
    BiPredicate<byte[], PeerAddress> firewall;
    Consumer<NoiseSecretStream> onConnection;
    boolean listening;
    boolean failListen;

    FakeDht(KeyPair keyPair, PeerAddress address) {
      this.keyPair = keyPair;
      this.key = Key32.of(keyPair.publicKey());
      this.address = address;
    }

    @Override
    public EventLoop eventLoop() {
      return loop;
    }

    private void log(String kind, Key32 target, boolean clear, List<PeerAddress> nodes) {
      calls.add(new Call(kind, key, target, clear, List.copyOf(nodes), loop.nowMillis()));
    }

    @Override
    public Query lookup(byte[] topic, List<PeerAddress> closestNodes, Consumer<List<PeerRecord>> onPeers) {
      Key32 t = Key32.of(topic);
      log("lookup", t, false, closestNodes);
      return new FakeQuery().start(() -> onPeers.accept(snapshot(t)));
    }

    @Override
    public Query announce(
        byte[] topic,
        KeyPair announcer,
        List<PeerAddress> relayAddresses,
        boolean clear,
        List<PeerAddress> closestNodes,
        Consumer<List<PeerRecord>> onPeers) {
      Key32 t = Key32.of(topic);
      log("announce", t, clear, closestNodes);
      return new FakeQuery()
          .start(
              () -> {
                onPeers.accept(snapshot(t));
                records.computeIfAbsent(t, x -> new LinkedHashMap<>())
                    .put(key, new PeerRecord(announcer.publicKey(), relayAddresses));
              });
    }

    @Override
    public Query lookupAndUnannounce(
        byte[] topic, KeyPair announcer, List<PeerAddress> closestNodes, Consumer<List<PeerRecord>> onPeers) {
      Key32 t = Key32.of(topic);
      log("lookupAndUnannounce", t, false, closestNodes);
      return new FakeQuery()
          .start(
              () -> {
                remove(t, key);
                onPeers.accept(snapshot(t));
              });
    }

    @Override
    public Query unannounce(byte[] topic, KeyPair announcer, List<PeerAddress> nodes) {
      Key32 t = Key32.of(topic);
      log("unannounce", t, false, nodes);
      return new FakeQuery().start(() -> remove(t, key));
    }

    @Override
    public NoiseSecretStream connect(byte[] publicKey, List<PeerAddress> relayAddresses, KeyPair dialer) {
      Key32 target = Key32.of(publicKey);
      log("connect", target, false, relayAddresses);
      Link link = links.pair();
      NoiseSecretStream initiator =
          new NoiseSecretStream(crypto, true, dialer, link.initiator(), StreamOptions.DEFAULTS);
      dialled.add(initiator);
      loop.schedule(
          connectLatency,
          () -> {
            if (initiator.isClosed()) {
              link.responder().close();
              return;
            }
            FakeDht server = servers.get(target);
            if (server == null || server.firewall.test(dialer.publicKey(), address)) {
              initiator.destroy(new IOException("could not connect"));
              link.responder().close();
              return;
            }
            NoiseSecretStream responder =
                new NoiseSecretStream(crypto, false, server.keyPair, link.responder(), StreamOptions.DEFAULTS);
            server.accepted.add(responder);
            responder.whenOpen(
                () -> {
                  if (server.listening) {
                    server.onConnection.accept(responder);
                  } else {
                    responder.destroy(new IOException("server closed"));
                  }
                });
            initiator.start();
            responder.start();
          });
      return initiator;
    }

    @Override
    public Query listen(
        KeyPair listener, BiPredicate<byte[], PeerAddress> fw, Consumer<NoiseSecretStream> onConn) {
      log("listen", key, false, List.of());
      FakeQuery query = new FakeQuery();
      if (failListen) {
        query.task = loop.schedule(queryLatency, () -> query.finish(List.of(), new IOException("listen failed")));
        return query;
      }
      this.firewall = fw;
      this.onConnection = onConn;
      this.listening = true;
      servers.put(key, this);
      return query.start(() -> {});
    }

    @Override
    public void closeServer() {
      log("closeServer", key, false, List.of());
      listening = false;
      servers.remove(key, this);
    }

    @Override
    public List<PeerAddress> serverRelayAddresses() {
      return listening ? List.of(address) : List.of();
    }

    @Override
    public boolean isEstablished(NoiseSecretStream stream) {
      return established.contains(stream);
    }
  }
}
