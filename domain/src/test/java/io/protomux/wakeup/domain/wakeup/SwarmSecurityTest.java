package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.inmemory.Link;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.messages.Handshake;
import io.protomux.wakeup.domain.wakeup.messages.WakeupMessages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, security: the capability proof binds the capability to one Noise session, so it cannot
 * be carried to another. (A peer with the topic id but another capability: {@link
 * SwarmCapabilityTest}.)
 */
class SwarmSecurityTest {
  private static final Capability CAP = Peers.capability("stuffimcapableof");
  private final Peers peers = new Peers(83);

  @Test
  void aProofReplayedOnAnotherConnectionIsRefused() {
    Key32 topic = peers.topicOf(CAP);
    // Connection 1: an honest holder of the capability dials the attacker and proves itself.
    WakeupSwarm honest = peers.swarm().build();
    honest.session(CAP, new Recorder("honest"));
    NoiseSecretStream[] first = peers.connect();
    honest.addStream(first[0]);
    RawPeer attacker1 = new RawPeer(first[1]);
    attacker1.answerOpens(RawPeer.forged(true));
    peers.loop.runFor(1_000);
    assertThat(attacker1.received).hasSize(1);
    Handshake stolen = attacker1.received.get(0);
    // It is the real thing: a valid proof for the initiator of connection 1.
    assertThat(stolen.capability().bytes())
        .isEqualTo(honest.capabilityProof(true, CAP, first[1].handshakeHash()));

    // Connection 2: the attacker dials the victim (as initiator again) and opens with it.
    Recorder victimLog = new Recorder("victim");
    WakeupSwarm victim = peers.swarm().build();
    WakeupSession session = victim.session(CAP, victimLog);
    NoiseSecretStream[] second = peers.connect();
    victim.addStream(second[1]);
    RawPeer attacker2 = new RawPeer(second[0]);
    attacker2.open(topic, stolen);
    peers.loop.runFor(1_000);

    assertThat(victimLog.log).as("no peer").isEmpty();
    assertThat(session.peers()).isEmpty();
    assertThat(session.getPeer(second[1])).isNull();
    assertThat(attacker2.closedByRemote).as("the victim closed the channel").hasSize(1);
    assertThat(victim.stats().peersAdded()).isEqualTo(1);
    assertThat(victim.stats().peersRemoved()).isEqualTo(1);
    assertThat(second[1].isOpen()).as("a bad proof closes the channel, not the stream").isTrue();
  }

  @Test
  void aRelayForwardingProtomuxFramesBetweenTwoNoiseSessionsJoinsNobody() {
    Recorder aLog = new Recorder("a");
    Recorder bLog = new Recorder("b");
    WakeupSwarm a = peers.swarm().build();
    WakeupSwarm b = peers.swarm().build();
    WakeupSession sessionA = a.session(CAP, aLog);
    WakeupSession sessionB = b.session(CAP, bLog);

    // A dials the relay; the relay dials B. It terminates Noise on both links and copies every
    // decrypted message (a whole Protomux frame) to the other link, unchanged.
    Link toA = peers.network.pair();
    Link toB = peers.network.pair();
    NoiseSecretStream streamA = peers.streamOn(toA, true, StreamOptions.DEFAULTS);
    NoiseSecretStream streamB = peers.streamOn(toB, false, StreamOptions.DEFAULTS);
    List<byte[]> aToB = new ArrayList<>();
    List<byte[]> bToA = new ArrayList<>();
    NoiseSecretStream[] relay = new NoiseSecretStream[2];
    relay[0] = relayEnd(toA, false, message -> forward(aToB, message, relay[1]));
    relay[1] = relayEnd(toB, true, message -> forward(bToA, message, relay[0]));
    a.addStream(streamA);
    b.addStream(streamB);
    peers.loop.runFor(1_000);

    assertThat(aToB).as("A's open reached B").isNotEmpty();
    assertThat(bToA).as("B's open reached A").isNotEmpty();
    assertThat(aLog.log).isEmpty();
    assertThat(bLog.log).isEmpty();
    assertThat(sessionA.peers()).isEmpty();
    assertThat(sessionB.peers()).isEmpty();
    for (WakeupSwarm swarm : List.of(a, b)) {
      assertThat(swarm.stats().peersAdded()).as("a channel was opened").isEqualTo(1);
      assertThat(swarm.stats().peersRemoved()).as("and closed at once").isEqualTo(1);
    }
    assertThat(streamA.handshakeHash()).isNotEqualTo(streamB.handshakeHash());
  }

  private NoiseSecretStream relayEnd(
      Link link, boolean initiator, java.util.function.Consumer<byte[]> onMessage) {
    NoiseSecretStream stream = peers.streamOn(link, initiator, StreamOptions.DEFAULTS);
    stream.setHandler(onMessage::accept);
    return stream;
  }

  private static void forward(List<byte[]> seen, byte[] message, NoiseSecretStream to) {
    seen.add(message);
    to.write(message);
  }

  @Test
  void thePublicDiscoveryKeyWithAMadeUpProofJoinsNothing() {
    Recorder victimLog = new Recorder("victim");
    WakeupSwarm victim = peers.swarm().build();
    WakeupSession session = victim.session(CAP, victimLog);
    NoiseSecretStream[] s = peers.connect();
    victim.addStream(s[1]);
    RawPeer attacker = new RawPeer(s[0]);
    attacker.answerOpens(RawPeer.forged(true));
    byte[] guess = Peers.filled("aguessattheproof");
    attacker.open(peers.topicOf(CAP), new Handshake(WakeupMessages.VERSION, Key32.of(guess), true));
    peers.loop.runFor(1_000);

    assertThat(victimLog.log).isEmpty();
    assertThat(session.peers()).isEmpty();
    assertThat(attacker.closedByRemote).hasSize(1);
    // What the attacker learnt, the victim's proof, is bound to this very session.
    assertThat(attacker.received).hasSize(1);
    assertThat(attacker.received.get(0).capability().bytes())
        .isEqualTo(victim.capabilityProof(false, CAP, s[1].handshakeHash()))
        .isNotEqualTo(victim.capabilityProof(false, CAP, new byte[64]));
  }
}
