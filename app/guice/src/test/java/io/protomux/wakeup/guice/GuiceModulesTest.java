package io.protomux.wakeup.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Provider;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.OnWakeup;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.node.NodeSession;
import io.protomux.wakeup.node.Recorder;
import io.protomux.wakeup.node.WakeupNode;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The Guice layer: nodes injected by {@link WakeupNodeModule}, on the in-memory network. */
class GuiceModulesTest {
  private final InMemoryNodes nodes = new InMemoryNodes();

  @Test
  void twoInjectedNodesRunAFullExchangeOverTheInMemoryNetwork() {
    Injector alice = nodes.node("alice", 1);
    Injector bob = nodes.node("bob", 2);
    Capability capability = InMemoryNodes.capability(0x11);
    Recorder aliceSaw = new Recorder();
    Recorder bobSaw = new Recorder();
    WakeupNode aliceNode = alice.getInstance(WakeupNode.class);
    WakeupNode bobNode = bob.getInstance(WakeupNode.class);
    NodeSession aliceSession = aliceNode.session(capability, aliceSaw);
    NodeSession bobSession = bobNode.session(capability, bobSaw);

    int port = aliceNode.listen("alice", 0).getPort();
    CompletableFuture<NoiseSecretStream> dialed = bobNode.dial("alice", port);
    nodes.runUntil(() -> aliceSaw.saw("peer-add") && bobSaw.saw("peer-add"));

    assertThat(dialed).isCompleted();
    assertThat(dialed.join().remotePublicKey()).isEqualTo(aliceNode.publicKey().bytes());
    assertThat(bobSaw.peers.get(0).remotePublicKey()).isEqualTo(aliceNode.publicKey());
    assertThat(aliceSaw.peers.get(0).remotePublicKey()).isEqualTo(bobNode.publicKey());
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

    bobNode.close();
    nodes.runUntil(() -> aliceSaw.saw("peer-remove") && bobSaw.saw("peer-remove"));
    assertThat(aliceSession.peers().join()).isEmpty();
    assertThat(nodes.loop.failures()).isEmpty();
  }

  @Test
  void aHostOverridesOnWakeupToAcceptTopicsItHasNoSessionFor() {
    Capability shared = InMemoryNodes.capability(0x11);
    Capability onlyBob = InMemoryNodes.capability(0x44);
    List<Key32> wakeups = new ArrayList<>();
    Recorder aliceSaw = new Recorder();
    Injector alice =
        nodes.node(
            "alice",
            1,
            binder -> {
              Provider<WakeupNode> node = binder.getProvider(WakeupNode.class);
              binder.bind(OnWakeup.class).toInstance(accepting(node, onlyBob, wakeups, aliceSaw));
            });
    Injector bob = nodes.node("bob", 2);
    WakeupNode aliceNode = alice.getInstance(WakeupNode.class);
    aliceNode.session(shared, new Recorder());
    Recorder bobSaw = new Recorder();
    WakeupNode bobNode = bob.getInstance(WakeupNode.class);
    bobNode.session(onlyBob, bobSaw);

    bobNode.dial("alice", aliceNode.listen("alice", 0).getPort());
    nodes.runUntil(() -> aliceSaw.saw("peer-add") && bobSaw.saw("peer-add"));

    assertThat(wakeups).containsExactly(bobNode.sessions().get(0).topic());
  }

  /** Accepts a wakeup by opening a session on its capability, as the README shows. */
  private static OnWakeup accepting(
      Provider<WakeupNode> node, Capability capability, List<Key32> wakeups, Recorder handlers) {
    return (topic, stream) -> {
      wakeups.add(topic);
      node.get().session(capability, handlers).addStream(stream);
    };
  }

  @Test
  void theNodeIsASingletonAndTheKeySeedFixesItsKey() {
    byte[] seed = InMemoryNodes.filled(0x55);
    Injector injector =
        Guice.createInjector(
            new WakeupNodeModule(
                WakeupNode.builder()
                    .keySeed(seed)
                    .transport(nodes.network.transport("alice"), nodes.loop)));
    WakeupNode node = injector.getInstance(WakeupNode.class);
    assertThat(injector.getInstance(WakeupNode.class)).isSameAs(node);
    assertThat(node.publicKey())
        .isEqualTo(Key32.of(new BouncyCastleCrypto().keyPair(seed).publicKey()));
  }

  @Test
  void theDefaultModuleBuildsATcpNode() throws Exception {
    WakeupNode node = Guice.createInjector(new WakeupNodeModule()).getInstance(WakeupNode.class);
    try {
      assertThat(node.listen("127.0.0.1", 0).getPort()).isPositive();
      assertThat(node.eventLoops()).hasSize(1);
    } finally {
      node.close();
    }
  }

  @Test
  void aFailedDialFailsTheFuture() {
    Injector bob = nodes.node("bob", 2);
    CompletableFuture<NoiseSecretStream> dialed = bob.getInstance(WakeupNode.class).dial("nobody", 1);
    nodes.loop.runUntilIdle();
    assertThat(dialed).isCompletedExceptionally();
    assertThatThrownBy(dialed::join).hasCauseInstanceOf(ConnectException.class);
  }

  @Test
  void peersWithDifferentCapabilitiesNeverJoin() {
    WakeupNode alice = nodes.node("alice", 1).getInstance(WakeupNode.class);
    WakeupNode bob = nodes.node("bob", 2).getInstance(WakeupNode.class);
    Recorder aliceSaw = new Recorder();
    Recorder bobSaw = new Recorder();
    alice.session(InMemoryNodes.capability(1), aliceSaw);
    bob.session(InMemoryNodes.capability(2), bobSaw);
    CompletableFuture<NoiseSecretStream> dialed = bob.dial("alice", alice.listen("alice", 0).getPort());
    nodes.loop.runFor(10_000);

    assertThat(dialed).isCompleted();
    assertThat(aliceSaw.events).isEmpty();
    assertThat(bobSaw.events).isEmpty();
  }
}
