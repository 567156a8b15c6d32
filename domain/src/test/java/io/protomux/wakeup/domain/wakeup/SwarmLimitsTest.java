package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.inmemory.Link;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.protomux.Channel;
import io.protomux.wakeup.domain.protomux.ProtomuxLimitException;
import io.protomux.wakeup.domain.protomux.ProtomuxOptions;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamLimitException;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.messages.Handshake;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, limits: a remote that goes over one loses its own connection, with a reason naming the
 * limit, and the swarm counts it; a well-behaved peer connected to the same swarm keeps being
 * served throughout.
 */
class SwarmLimitsTest {
  private static final Capability SHARED = Peers.capability("bystanderbystand");
  private static final Handshake FORGED = RawPeer.forged(true);

  private final Peers peers = new Peers(81);
  private final Recorder victimLog = new Recorder("v");
  private final Recorder bystanderLog = new Recorder("b");

  /** The victim's swarm, with a session on the bystander's topic. */
  private WakeupSwarm victim(WakeupSwarm.Builder builder) {
    WakeupSwarm swarm = builder.build();
    swarm.session(SHARED, victimLog);
    return swarm;
  }

  /** A well-behaved peer connected to the victim, sharing one topic with it. */
  private final class Bystander {
    final WakeupSession session;
    final NoiseSecretStream[] streams;

    Bystander(WakeupSwarm victim, StreamOptions options) {
      WakeupSwarm swarm = peers.swarm().build();
      session = swarm.session(SHARED, bystanderLog);
      streams = peers.connect(swarm, options, victim, options);
      peers.loop.runFor(100);
      assertThat(bystanderLog.events()).startsWith("add");
    }

    /** The victim still answers: a lookup reaches it, and the connection is up on both ends. */
    void assertStillServed() {
      long before = victimLog.count("lookup");
      session.lookupByStream(streams[0], Lookup.withoutHash());
      peers.loop.runFor(100);
      assertThat(victimLog.count("lookup")).as("the bystander's lookup arrived").isEqualTo(before + 1);
      assertThat(streams[0].isOpen()).isTrue();
      assertThat(streams[1].isOpen()).isTrue();
      assertThat(bystanderLog.events()).doesNotContain("remove");
    }
  }

  /** The stream closed because of {@code limit}, and only that limit was counted, once. */
  private static void assertClosedBy(
      NoiseSecretStream stream, WakeupSwarm swarm, Limit limit, String... reasonParts) {
    assertThat(stream.isClosed()).as("closed").isTrue();
    assertThat(Limit.of(stream.closeCause())).isEqualTo(limit);
    assertThat(stream.closeCause().getMessage()).contains(reasonParts);
    WakeupStats stats = swarm.stats();
    assertThat(stats.limitCloses(limit)).isEqualTo(1);
    assertThat(stats.limitClosesTotal()).isEqualTo(1);
  }

  @Test
  void theDefaultsAreGenerousButFinite() {
    assertThat(WakeupSwarm.DEFAULT_MAX_TOPICS_PER_CONNECTION).isEqualTo(4096);
    assertThat(WakeupSwarm.DEFAULT_MAX_WAKEUPS_PER_ANNOUNCE).isEqualTo(4096);
    assertThat(ProtomuxOptions.DEFAULTS).isEqualTo(new ProtomuxOptions(16_384, 4_096, 4 << 20));
    assertThat(StreamOptions.PUBLIC_NODE).isEqualTo(new StreamOptions(1 << 20, 10_000, 20_000, 5_000));
    assertThat(StreamOptions.DEFAULTS.handshakeTimeoutMillis()).as("the reference's: none").isZero();
    WakeupStats none = peers.swarm().build().stats();
    assertThat(none.limitCloses()).containsOnlyKeys(Limit.values()).allSatisfy((l, n) -> assertThat(n).isZero());
  }

  @Test
  void aHandshakeThatNeverCompletesIsCutAfterTheHandshakeTimeout() {
    WakeupSwarm victim = victim(peers.swarm());
    Bystander bystander = new Bystander(victim, StreamOptions.PUBLIC_NODE);
    Link link = peers.network.pair(); // the remote end never says a word
    NoiseSecretStream stream = peers.streamOn(link, false, StreamOptions.PUBLIC_NODE);
    victim.addStream(stream);

    peers.loop.runFor(9_990);
    assertThat(stream.isClosed()).isFalse();
    peers.loop.runFor(10);

    assertClosedBy(stream, victim, Limit.HANDSHAKE_TIMEOUT, "handshake timed out after 10000 ms");
    assertThat(stream.closeCause()).isInstanceOf(StreamLimitException.class);
    bystander.assertStillServed();
  }

  @Test
  void aSilentRemoteIsCutAfterTheIdleTimeoutWhileAPeerWithKeepAlivesStays() {
    WakeupSwarm victim = victim(peers.swarm());
    Bystander bystander = new Bystander(victim, StreamOptions.PUBLIC_NODE);
    // The remote completes the handshake, then sends nothing: no keep-alives either.
    NoiseSecretStream[] s = peers.connect(StreamOptions.DEFAULTS, StreamOptions.PUBLIC_NODE);
    victim.addStream(s[1]);

    peers.loop.runFor(19_000);
    assertThat(s[1].isOpen()).isTrue();
    peers.loop.runFor(2_000);

    assertClosedBy(s[1], victim, Limit.IDLE_TIMEOUT, "nothing received for 20000 ms");
    peers.loop.runFor(60_000); // the bystander sends keep-alives and stays up for as long
    bystander.assertStillServed();
    assertThat(victim.stats().limitClosesTotal()).isEqualTo(1);
  }

  @Test
  void aFrameAboveTheLimitIsCut() {
    WakeupSwarm victim = victim(peers.swarm());
    Bystander bystander = new Bystander(victim, StreamOptions.PUBLIC_NODE);
    NoiseSecretStream[] s = peers.connect(StreamOptions.DEFAULTS, StreamOptions.PUBLIC_NODE);
    victim.addStream(s[1]);
    s[0].write(new byte[2 << 20]);
    peers.loop.runFor(1_000);

    assertClosedBy(s[1], victim, Limit.FRAME_SIZE, "exceeds the limit of 1048576 bytes");
    bystander.assertStillServed();
  }

  @Test
  void moreChannelsThanAllowedCutTheConnection() {
    WakeupSwarm victim =
        victim(peers.swarm().protomuxOptions(ProtomuxOptions.DEFAULTS.withMaxChannels(3)));
    Bystander bystander = new Bystander(victim, StreamOptions.DEFAULTS);
    WakeupSwarm remote = peers.swarm().build();
    List<Recorder> remoteLogs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      victim.session(Peers.numbered(i), new Recorder("v" + i));
      Recorder log = new Recorder("r" + i);
      remoteLogs.add(log);
      remote.session(Peers.numbered(i), log);
    }
    NoiseSecretStream[] s = peers.connect(remote, victim);
    peers.loop.runFor(1_000);

    assertClosedBy(s[1], victim, Limit.CHANNELS, "maxChannels=3");
    assertThat(s[1].closeCause()).isInstanceOf(ProtomuxLimitException.class);
    assertThat(s[0].isClosed()).as("the remote sees its connection go").isTrue();
    bystander.assertStillServed();
  }

  @Test
  void aBurstOfOpensAboveThePendingLimitCutsTheConnection() {
    WakeupSwarm victim =
        victim(peers.swarm().protomuxOptions(ProtomuxOptions.DEFAULTS.withMaxPendingOpens(2)));
    Bystander bystander = new Bystander(victim, StreamOptions.DEFAULTS);
    NoiseSecretStream[] s = peers.connect();
    victim.addStream(s[1]);
    RawPeer attacker = new RawPeer(s[0]);

    // Two opens of topics nobody has, in one frame: both wait a turn, then are rejected.
    attacker.mux.cork();
    attacker.open(randomTopic(1), FORGED);
    attacker.open(randomTopic(2), FORGED);
    attacker.mux.uncork();
    peers.loop.runFor(1_000);
    assertThat(s[1].isOpen()).isTrue();
    assertThat(attacker.closedByRemote).hasSize(2);

    // Three in one frame: the third finds two waiting.
    attacker.mux.cork();
    for (int i = 3; i <= 5; i++) {
      attacker.open(randomTopic(i), FORGED);
    }
    attacker.mux.uncork();
    peers.loop.runFor(1_000);

    assertClosedBy(s[1], victim, Limit.PENDING_OPENS, "maxPendingOpens=2");
    bystander.assertStillServed();
  }

  @Test
  void tooManyBytesForAnUnpairedChannelCutTheConnection() {
    int cap = 64 * 1024;
    WakeupSwarm victim =
        victim(peers.swarm().protomuxOptions(ProtomuxOptions.DEFAULTS.withMaxBufferedBytes(cap)));
    Bystander bystander = new Bystander(victim, StreamOptions.DEFAULTS);
    NoiseSecretStream[] s = peers.connect();
    victim.addStream(s[1]);
    RawPeer attacker = new RawPeer(s[0]);

    // Under the cap (50 x 612 counted bytes): held until the open is rejected, then dropped.
    sendBeforePairing(attacker, randomTopic(1), 50);
    peers.loop.runFor(1_000);
    assertThat(s[1].isOpen()).isTrue();

    // 200 messages behind an open in one frame: reading pauses at 32 KiB, but they were all read.
    sendBeforePairing(attacker, randomTopic(2), 200);
    peers.loop.runFor(1_000);

    assertClosedBy(s[1], victim, Limit.BUFFERED_BYTES, "maxBufferedBytes=" + cap);
    bystander.assertStillServed();
  }

  private static void sendBeforePairing(RawPeer attacker, Key32 topic, int messages) {
    attacker.mux.cork();
    Channel<Handshake> channel = attacker.open(topic, FORGED);
    for (int i = 0; i < messages; i++) {
      RawPeer.send(channel, 0, new byte[100]);
    }
    attacker.mux.uncork();
  }

  @Test
  void anAnnounceWithTooManyWakeupsCutsTheConnectionBeforeItIsDelivered() {
    WakeupSwarm victim = victim(peers.swarm().maxWakeupsPerAnnounce(10));
    Bystander bystander = new Bystander(victim, StreamOptions.DEFAULTS);
    Capability theirs = Peers.capability("announcerannounc");
    Recorder announces = new Recorder("announces");
    victim.session(theirs, announces);
    WakeupSwarm remote = peers.swarm().build();
    WakeupSession session = remote.session(theirs, new Recorder("r"));
    NoiseSecretStream[] s = peers.connect(remote, victim);
    peers.loop.runFor(100);
    WakeupPeer peer = session.getPeer(s[0]);

    session.announce(peer, wakeups(10));
    peers.loop.runFor(100);
    assertThat(announces.announces).hasSize(1);
    assertThat(s[1].isOpen()).isTrue();

    session.announce(peer, wakeups(11));
    peers.loop.runFor(100);

    assertClosedBy(s[1], victim, Limit.WAKEUPS_PER_ANNOUNCE, "announce of 11 wakeups", "maxWakeupsPerAnnounce=10");
    assertThat(announces.announces).as("never delivered").hasSize(1);
    assertThat(victim.stats().wireAnnounceRx()).isEqualTo(1);
    bystander.assertStillServed();
  }

  private static List<Wakeup> wakeups(int count) {
    return IntStream.range(0, count).mapToObj(i -> new Wakeup(Key32.of(Peers.numbered(i).bytes()), i)).toList();
  }

  @Test
  void moreTopicsThanAllowedOnOneConnectionCutIt() {
    // A host that joins any topic it knows the capability of when a remote opens it.
    Map<Key32, Capability> known = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      known.put(peers.topicOf(Peers.numbered(i)), Peers.numbered(i));
    }
    List<WakeupSession> joined = new ArrayList<>();
    WakeupSwarm[] self = new WakeupSwarm[1];
    WakeupSwarm victim =
        victim(
            peers
                .swarm()
                .maxTopicsPerConnection(3)
                .onWakeup(
                    (topic, stream) -> {
                      Capability capability = known.get(topic);
                      if (capability != null) {
                        joined.add(self[0].session(capability, new Recorder("joined")));
                      }
                    }));
    self[0] = victim;
    Bystander bystander = new Bystander(victim, StreamOptions.DEFAULTS);
    WakeupSwarm remote = peers.swarm().build();
    List<WakeupSession> sessions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sessions.add(remote.session(Peers.numbered(i), new Recorder("r" + i)));
    }
    NoiseSecretStream[] s = peers.connect(remote, victim);
    peers.loop.runFor(1_000);
    assertThat(joined).hasSize(3);
    assertThat(s[1].isOpen()).as("three topics are allowed").isTrue();
    for (WakeupSession session : sessions) {
      assertThat(session.peers()).hasSize(1);
    }

    remote.session(Peers.numbered(3), new Recorder("r3"));
    peers.loop.runFor(1_000);

    assertClosedBy(s[1], victim, Limit.TOPICS_PER_CONNECTION, "maxTopicsPerConnection=3");
    assertThat(joined).as("the fourth topic never reached the host").hasSize(3);
    for (WakeupSession session : sessions) {
      assertThat(session.peers()).isEmpty();
    }
    bystander.assertStillServed();
  }

  @Test
  void topicsLeftFreeTheirPlace() {
    WakeupSwarm victim = victim(peers.swarm().maxTopicsPerConnection(2));
    Bystander bystander = new Bystander(victim, StreamOptions.DEFAULTS);
    for (int i = 0; i < 3; i++) {
      victim.session(Peers.numbered(i), new Recorder("v" + i), SessionOptions.DEFAULTS.withActive(false));
    }
    WakeupSwarm remote = peers.swarm().build();
    NoiseSecretStream[] s = peers.connect(remote, victim);
    // Inactive topics wait for the remote's open: each one it opens counts.
    WakeupSession first = remote.session(Peers.numbered(0), new Recorder("r0"));
    remote.session(Peers.numbered(1), new Recorder("r1"));
    peers.loop.runFor(1_000);
    first.destroy(); // the topic is collected, its channel closes: it no longer counts
    peers.loop.runFor(30_000);
    assertThat(remote.topics()).hasSize(1);
    remote.session(Peers.numbered(2), new Recorder("r2"));
    peers.loop.runFor(1_000);

    assertThat(s[1].isOpen()).isTrue();
    assertThat(victim.stats().limitClosesTotal()).isZero();
    bystander.assertStillServed();
  }

  private static Key32 randomTopic(int n) {
    byte[] bytes = Peers.filled("nobodyhasthistopic");
    bytes[31] = (byte) n;
    return Key32.of(bytes);
  }
}
