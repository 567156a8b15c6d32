package io.protomux.wakeup.domain.hyperswarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.inmemory.InMemoryConnection;
import io.protomux.wakeup.adapters.inmemory.LinkDirection;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import org.junit.jupiter.api.Test;

class HyperswarmDuplicateTest extends SwarmHarness {
  private static LinkDirection outOf(NoiseSecretStream stream) {
    InMemoryConnection conn = (InMemoryConnection) stream.connection();
    return conn.link().from(conn);
  }

  /** {@code dialler} connects to {@code listener} through the swarms, then dials again around them. */
  private NoiseSecretStream[] existingThenExtraDial(Node dialler, Node listener) {
    dialler.swarm.listen();
    listener.swarm.listen();
    run(500);
    listener.swarm.joinPeer(dialler.publicKey());
    run(500);
    NoiseSecretStream existing = listener.connectionTo(dialler);
    assertThat(existing).isNotNull();
    assertThat(existing.isInitiator()).isTrue();
    // A second connection from the same key, as after the remote lost the first and redialled.
    NoiseSecretStream extra = dialler.dht.connect(listener.publicKey(), java.util.List.of(), dialler.keyPair);
    return new NoiseSecretStream[] {existing, extra};
  }

  @Test
  void anIncomingDuplicateFromTheSmallerKeyIsDroppedAndTheExistingGetsAKeepAlive() {
    Node[] nodes = largerThenSmaller();
    Node larger = nodes[0];
    Node smaller = nodes[1];
    NoiseSecretStream[] s = existingThenExtraDial(smaller, larger);
    long before = outOf(s[0]).bytesWritten();
    run(500);
    NoiseSecretStream droppedAtLarger = larger.dht.accepted.get(larger.dht.accepted.size() - 1);
    assertThat(droppedAtLarger.isClosed()).isTrue();
    assertThat(droppedAtLarger.closeCause()).hasMessage(HyperswarmException.DUPLICATE);
    assertThat(s[1].isClosed()).isTrue();
    assertThat(s[0].isOpen()).isTrue();
    assertThat(larger.connectionTo(smaller)).isSameAs(s[0]);
    assertThat(outOf(s[0]).bytesWritten()).isGreaterThan(before);
    assertThat(larger.connectionEvents).containsExactly(s[0]);
    assertThat(larger.swarm.stats().duplicatesDropped()).isEqualTo(1);
  }

  @Test
  void anIncomingDuplicateFromTheLargerKeyReplacesTheExistingOnceItHasClosed() {
    Node[] nodes = largerThenSmaller();
    Node larger = nodes[0];
    Node smaller = nodes[1];
    NoiseSecretStream[] s = existingThenExtraDial(larger, smaller);
    run(500);
    NoiseSecretStream kept = smaller.connectionTo(larger);
    assertThat(kept).isNotNull().isNotSameAs(s[0]);
    assertThat(kept.isInitiator()).isFalse();
    assertThat(s[0].isClosed()).isTrue();
    assertThat(s[0].closeCause()).hasMessage(HyperswarmException.DUPLICATE);
    assertThat(smaller.connectionEvents).containsExactly(s[0], kept);
    assertThat(smaller.swarm.connections()).containsExactly(kept);
    assertThat(s[1].isOpen()).isTrue();
  }

  @Test
  void anEstablishedExistingConnectionLosesToTheNewOneWhateverTheKeys() {
    Node[] nodes = largerThenSmaller();
    Node larger = nodes[0];
    Node smaller = nodes[1];
    NoiseSecretStream[] s = existingThenExtraDial(smaller, larger);
    net.established.add(s[0]);
    run(500);
    NoiseSecretStream kept = larger.connectionTo(smaller);
    assertThat(kept).isNotNull().isNotSameAs(s[0]);
    assertThat(s[0].isClosed()).isTrue();
    assertThat(s[1].isOpen()).isTrue();
    assertThat(larger.connectionEvents).containsExactly(s[0], kept);
  }

  @Test
  void aSimultaneousDialSettlesOnTheConnectionTheLargerKeyDialledOnBothSides() {
    for (int round = 0; round < 4; round++) {
      Node[] nodes = largerThenSmaller();
      Node larger = nodes[0];
      Node smaller = nodes[1];
      larger.swarm.listen();
      smaller.swarm.listen();
      run(500);
      larger.swarm.joinPeer(smaller.publicKey());
      smaller.swarm.joinPeer(larger.publicKey());
      run(2000);
      assertThat(net.calls("connect", larger.key())).isNotEmpty();
      assertThat(net.calls("connect", smaller.key())).isNotEmpty();
      NoiseSecretStream atLarger = larger.connectionTo(smaller);
      NoiseSecretStream atSmaller = smaller.connectionTo(larger);
      assertThat(atLarger).isNotNull();
      assertThat(atSmaller).isNotNull();
      assertThat(atLarger.isInitiator()).isTrue();
      assertThat(atSmaller.isInitiator()).isFalse();
      assertThat(atLarger.handshakeHash()).isEqualTo(atSmaller.handshakeHash());
      assertThat(larger.swarm.connections()).hasSize(1);
      assertThat(smaller.swarm.connections()).hasSize(1);
      // Still one after the explicit peers' retries have had their chance.
      run(60_000);
      assertThat(larger.connectionTo(smaller)).isSameAs(atLarger);
      assertThat(smaller.connectionTo(larger)).isSameAs(atSmaller);
      assertThat(larger.connectionEvents).doesNotHaveDuplicates();
      assertThat(smaller.connectionEvents).doesNotHaveDuplicates().endsWith(atSmaller);
      larger.swarm.destroy();
      smaller.swarm.destroy();
    }
  }

  @Test
  void noOutgoingConnectIsStartedWhileAnyConnectionToTheKeyExists() {
    Node a = node();
    Node b = node();
    a.swarm.join(topic, JoinOptions.serverOnly());
    run(1000);
    b.swarm.join(topic);
    run(1000);
    // b dialled a; a, a client now too, finds b's record at its refreshes while connected to b.
    a.swarm.join(topic);
    run(13 * 60_000);
    assertThat(net.calls("connect", a.key())).isEmpty();
    assertThat(a.swarm.connections()).hasSize(1);
  }
}
