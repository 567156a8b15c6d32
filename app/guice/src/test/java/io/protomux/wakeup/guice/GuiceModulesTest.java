package io.protomux.wakeup.guice;

import io.protomux.wakeup.node.WakeupConnector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provider;
import io.protomux.wakeup.adapters.nio.NioOptions;
import io.protomux.wakeup.adapters.nio.NioTransport;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.OnWakeup;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.ports.crypto.Blake2b;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Listener;
import io.protomux.wakeup.ports.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class GuiceModulesTest {
  private final InMemoryNodes nodes = new InMemoryNodes();

  @Test
  void twoInjectedSwarmsRunAFullExchangeOverTheInMemoryNetwork() {
    Injector alice = nodes.node("alice", 1);
    Injector bob = nodes.node("bob", 2);
    Capability capability = InMemoryNodes.capability(0x11);
    Recorder aliceSaw = new Recorder();
    Recorder bobSaw = new Recorder();
    WakeupSession aliceSession = alice.getInstance(WakeupSwarm.class).session(capability, aliceSaw);
    WakeupSession bobSession = bob.getInstance(WakeupSwarm.class).session(capability, bobSaw);

    Listener listener = alice.getInstance(WakeupConnector.class).listen("alice", 0);
    CompletableFuture<NoiseSecretStream> dialed =
        bob.getInstance(WakeupConnector.class).dial("alice", listener.port());
    nodes.runUntil(() -> aliceSaw.saw("peer-add") && bobSaw.saw("peer-add"));

    byte[] alicePublicKey = alice.getInstance(KeyPair.class).publicKey();
    byte[] bobPublicKey = bob.getInstance(KeyPair.class).publicKey();
    assertThat(dialed).isCompleted();
    assertThat(dialed.join().remotePublicKey()).isEqualTo(alicePublicKey);
    assertThat(bobSaw.peers.get(0).remotePublicKey()).isEqualTo(Key32.of(alicePublicKey));
    assertThat(aliceSaw.peers.get(0).remotePublicKey()).isEqualTo(Key32.of(bobPublicKey));
    assertThat(aliceSaw.events).containsExactly("peer-add", "peer-active");
    assertThat(bobSaw.events).containsExactly("peer-add", "peer-active");

    Key32 hash = Key32.of(InMemoryNodes.filled(0x22));
    bobSession.lookup(bobSaw.peers.get(0), Lookup.of(hash));
    nodes.runUntil(() -> aliceSaw.saw("lookup"));
    assertThat(aliceSaw.lookups).containsExactly(Lookup.of(hash));

    List<Wakeup> wakeups = List.of(new Wakeup(Key32.of(InMemoryNodes.filled(0x33)), 42));
    aliceSession.announce(aliceSaw.peers.get(0), wakeups);
    nodes.runUntil(() -> bobSaw.saw("announce"));
    assertThat(bobSaw.announces).containsExactly(wakeups);

    bobSession.inactive();
    nodes.runUntil(() -> aliceSaw.saw("peer-inactive"));
    bobSession.active();
    nodes.runUntil(() -> aliceSaw.saw("peer-active", 2));

    dialed.join().end();
    nodes.runUntil(() -> aliceSaw.saw("peer-remove") && bobSaw.saw("peer-remove"));
    assertThat(aliceSession.peers()).isEmpty();
    assertThat(bobSession.peers()).isEmpty();
    assertThat(nodes.loop.failures()).isEmpty();
  }

  @Test
  void aHostOverridesTheWakeupHandlerToAcceptTopicsItHasNoSessionFor() {
    Capability shared = InMemoryNodes.capability(0x11);
    Capability onlyBob = InMemoryNodes.capability(0x44);
    List<Key32> wakeups = new ArrayList<>();
    Recorder aliceSaw = new Recorder();
    Injector alice =
        nodes.node(
            "alice",
            1,
            binder -> {
              Provider<WakeupSwarm> swarm = binder.getProvider(WakeupSwarm.class);
              binder
                  .bind(OnWakeup.class)
                  .toInstance(acceptingHandler(swarm, onlyBob, wakeups, aliceSaw));
            });
    Injector bob = nodes.node("bob", 2);
    alice.getInstance(WakeupSwarm.class).session(shared, new Recorder());
    Recorder bobSaw = new Recorder();
    bob.getInstance(WakeupSwarm.class).session(onlyBob, bobSaw);

    Listener listener = alice.getInstance(WakeupConnector.class).listen("alice", 0);
    bob.getInstance(WakeupConnector.class).dial("alice", listener.port());
    nodes.runUntil(() -> aliceSaw.saw("peer-add") && bobSaw.saw("peer-add"));

    Key32 topic = Key32.of(alice.getInstance(Blake2b.class).discoveryKey(onlyBob.bytes()));
    assertThat(wakeups).containsExactly(topic);
  }

  /** Accepts a wakeup by opening a session on its capability, as the README shows. */
  private static OnWakeup acceptingHandler(
      Provider<WakeupSwarm> swarm, Capability capability, List<Key32> wakeups, Recorder handlers) {
    return (topic, stream) -> {
      wakeups.add(topic);
      swarm.get().session(capability, handlers).addStream(stream);
    };
  }

  @Test
  void aKeySeedGivesTheSameKeyPairEveryTime() {
    byte[] seed = InMemoryNodes.filled(0x55);
    Injector node =
        Guice.createInjector(
            WakeupSwarmModule.builder().keySeed(seed).build(),
            new InMemoryTransportModule(nodes.network, "alice"),
            new BouncyCastleCryptoModule());

    assertThat(node.getInstance(KeyPair.class))
        .isEqualTo(node.getInstance(Crypto.class).keyPair(seed));
    assertThat(node.getInstance(WakeupConnector.class).publicKey())
        .isEqualTo(Key32.of(node.getInstance(Crypto.class).keyPair(seed).publicKey()));
  }

  @Test
  void theSwarmsAreSingletonsOnTheTransportsLoop() {
    Injector node =
        Guice.createInjector(
            new WakeupSwarmModule(), new NioTransportModule(), new BouncyCastleCryptoModule());
    NioTransport transport = node.getInstance(NioTransport.class);
    try {
      assertThat(node.getInstance(Transport.class)).isSameAs(transport);
      assertThat(node.getInstance(EventLoop.class)).isSameAs(transport.eventLoops().get(0));
      assertThat(node.getInstance(WakeupSwarm.class))
          .isSameAs(node.getInstance(WakeupSwarm.class));
      assertThat(node.getInstance(WakeupSwarm.class).eventLoop())
          .isSameAs(transport.eventLoops().get(0));
      assertThat(node.getInstance(WakeupConnector.class))
          .isSameAs(node.getInstance(WakeupConnector.class));
    } finally {
      transport.close();
    }
  }

  @Test
  void theNioModuleRefusesMoreThanOneLoop() {
    assertThatThrownBy(() -> new NioTransportModule(NioOptions.defaults().withLoopCount(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopCount must be 1");
  }

  @Test
  void aFailedDialFailsTheFuture() {
    Injector bob = nodes.node("bob", 2);
    CompletableFuture<NoiseSecretStream> dialed =
        bob.getInstance(WakeupConnector.class).dial("nobody", 1);
    nodes.loop.runUntilIdle();
    assertThat(dialed).isCompletedExceptionally();
    assertThatThrownBy(dialed::join).hasCauseInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void peersWithDifferentCapabilitiesNeverJoin() {
    Injector alice = nodes.node("alice", 1);
    Injector bob = nodes.node("bob", 2);
    Recorder aliceSaw = new Recorder();
    Recorder bobSaw = new Recorder();
    alice.getInstance(WakeupSwarm.class).session(InMemoryNodes.capability(1), aliceSaw);
    bob.getInstance(WakeupSwarm.class).session(InMemoryNodes.capability(2), bobSaw);
    Listener listener = alice.getInstance(WakeupConnector.class).listen("alice", 0);
    CompletableFuture<NoiseSecretStream> dialed =
        bob.getInstance(WakeupConnector.class).dial("alice", listener.port());
    nodes.loop.runFor(10_000);

    assertThat(dialed).isCompleted();
    assertThat(aliceSaw.events).isEmpty();
    assertThat(bobSaw.events).isEmpty();
  }
}
