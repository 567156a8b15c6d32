package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 4, case 7: lookups and announces, by peer, by stream and broadcast. */
class SwarmMessagesTest {
  private static final Capability CAP = Peers.capability("stuffimcapableof");
  private static final long MAX_UINT = (1L << 53) - 1;
  private final Peers peers = new Peers(71);

  @Test
  void lookupsAndAnnouncesTravelBothWays() {
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    Recorder r1 = new Recorder("a");
    Recorder r2 = new Recorder("b");
    WakeupSession a = w1.session(CAP, r1);
    WakeupSession b = w2.session(CAP, r2);
    peers.loop.runUntilIdle();
    WakeupPeer toB = a.getPeer(s[0]);
    WakeupPeer toA = b.getPeer(s[1]);

    Key32 h1 = Key32.of(Peers.filled("hash-one"));
    Key32 h2 = Key32.of(Peers.filled("hash-two"));
    a.lookup(toB, null);
    a.lookup(toB, Lookup.of(h1));
    b.lookup(toA, Lookup.withoutHash());
    b.lookup(toA, Lookup.of(h2));
    peers.loop.runUntilIdle();
    assertThat(r2.lookups).containsExactly(Lookup.withoutHash(), Lookup.of(h1));
    assertThat(r1.lookups).containsExactly(Lookup.withoutHash(), Lookup.of(h2));
    assertThat(r2.added.get(0)).isSameAs(toA);

    Key32 k1 = Key32.of(Peers.filled("writer-1"));
    Key32 k2 = Key32.of(Peers.filled("writer-2"));
    Key32 k3 = Key32.of(Peers.filled("writer-3"));
    List<Wakeup> several = List.of(new Wakeup(k1, 0), new Wakeup(k2, MAX_UINT), new Wakeup(k3, 1337));
    a.announce(toB, several);
    a.announce(toB, List.of());
    b.announce(toA, List.of(new Wakeup(k2, MAX_UINT)));
    peers.loop.runUntilIdle();
    assertThat(r2.announces).containsExactly(several, List.of());
    assertThat(r1.announces).containsExactly(List.of(new Wakeup(k2, MAX_UINT)));
    assertThatThrownBy(() -> new Wakeup(k1, MAX_UINT + 1))
        .isInstanceOf(IllegalArgumentException.class);

    WakeupStats st1 = w1.stats();
    assertThat(st1.wireLookupTx()).isEqualTo(2);
    assertThat(st1.wireLookupRx()).isEqualTo(2);
    assertThat(st1.wireAnnounceTx()).isEqualTo(2);
    assertThat(st1.wireAnnounceRx()).isEqualTo(1);
    WakeupStats st2 = w2.stats();
    assertThat(st2.wireLookupTx()).isEqualTo(2);
    assertThat(st2.wireLookupRx()).isEqualTo(2);
    assertThat(st2.wireAnnounceTx()).isEqualTo(1);
    assertThat(st2.wireAnnounceRx()).isEqualTo(2);
  }

  @Test
  void broadcastReachesPendingAndJoinedPeersAnnounceByStreamSkipsPendingOnes() {
    WakeupSwarm wa = peers.swarm().build();
    WakeupSwarm wb = peers.swarm().build();
    WakeupSwarm wc = peers.swarm().build();
    Peers.Wire cb = peers.wire(wc, wb);
    Peers.Wire ca = peers.wire(wc, wa, 50);
    peers.loop.runUntilIdle();

    Recorder ra = new Recorder("a");
    Recorder rb = new Recorder("b");
    wa.session(CAP, ra);
    wb.session(CAP, rb);
    WakeupSession c = wc.session(CAP, SessionHandlers.NONE);
    peers.loop.runFor(10);
    assertThat(c.getPeer(cb.a()).isPending()).as("joined over the fast link").isFalse();
    assertThat(c.getPeer(ca.a()).isPending()).as("open still in flight on the slow link").isTrue();
    assertThat(c.peers()).hasSize(1);

    Key32 hash = Key32.of(Peers.filled("lookingfor"));
    List<Wakeup> wakeups = List.of(new Wakeup(Key32.of(Peers.filled("writer")), 7));
    c.broadcastLookup(Lookup.of(hash));
    assertThat(wc.stats().wireLookupTx()).isEqualTo(2);
    c.announceByStream(ca.a(), wakeups);
    assertThat(wc.stats().wireAnnounceTx()).as("pending peer skipped").isZero();
    c.announceByStream(cb.a(), wakeups);
    assertThat(wc.stats().wireAnnounceTx()).isEqualTo(1);
    c.lookupByStream(ca.a(), null);
    assertThat(wc.stats().wireLookupTx()).as("lookupByStream does reach a pending peer").isEqualTo(3);
    c.lookupByStream(cb.b(), null);
    c.announceByStream(cb.b(), wakeups);
    assertThat(wc.stats().wireLookupTx()).as("no peer on that stream").isEqualTo(3);
    assertThat(wc.stats().wireAnnounceTx()).isEqualTo(1);

    peers.loop.runUntilIdle();
    assertThat(ra.lookups).containsExactly(Lookup.of(hash), Lookup.withoutHash());
    assertThat(rb.lookups).containsExactly(Lookup.of(hash));
    assertThat(rb.announces).containsExactly(wakeups);
    assertThat(ra.announces).isEmpty();
    assertThat(ra.events()).containsExactly("add", "active", "lookup", "lookup");
    assertThat(wa.stats().wireLookupRx()).isEqualTo(2);
    assertThat(wb.stats().wireLookupRx()).isEqualTo(1);
    assertThat(wb.stats().wireAnnounceRx()).isEqualTo(1);
    assertThat(c.peers()).hasSize(2);

    // Once joined, announceByStream reaches it.
    c.announceByStream(ca.a(), wakeups);
    peers.loop.runUntilIdle();
    assertThat(ra.announces).containsExactly(wakeups);
  }
}
