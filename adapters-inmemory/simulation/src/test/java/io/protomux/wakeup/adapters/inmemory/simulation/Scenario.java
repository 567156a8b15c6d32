package io.protomux.wakeup.adapters.inmemory.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.WakeupStats;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.domain.wakeup.WakeupTopic;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One seed's random program, then every invariant checked. 4 to 8 nodes share three topics:
 *
 * <ul>
 *   <li>{@code A}: every node, active; nodes announce to their peers on it with increasing lengths,
 *       so that delivery can be checked per link;
 *   <li>{@code B}: n0 and n1 active, the others at random; n0 leaves it midway, but n1 stays active
 *       across the n0-n1 link, which no fault touches: B stays busy on n0, never collected;
 *   <li>{@code I}: the last node active, the others inactive or absent; the last node leaves it
 *       midway with no active peer on it: idle, collected after exactly 5 GC ticks.
 * </ul>
 *
 * Meanwhile links are dropped, corrupted, stalled, partitioned and redialed at random.
 */
final class Scenario {
  static final Capability ANNOUNCE = Fixtures.capability(1);
  static final Capability BUSY = Fixtures.capability(2);
  static final Capability IDLE = Fixtures.capability(3);
  private static final long TICK = WakeupSwarm.DEFAULT_GC_TICK_MILLIS;
  private static final long MAX_STALL = 1500;
  private static final long SETTLE = 5000;

  /** One node and what its sessions saw. */
  private static final class Member {
    final SimNode node;
    final Map<Capability, WakeupSession> sessions = new LinkedHashMap<>();
    final Map<Capability, Recorder> recorders = new LinkedHashMap<>();
    final Set<Capability> left = new java.util.HashSet<>();
    long nextLength = 1;

    Member(SimNode node) {
      this.node = node;
    }

    void join(Capability capability, boolean active) {
      Recorder recorder = new Recorder();
      recorders.put(capability, recorder);
      sessions.put(
          capability,
          node.session(capability, recorder, SessionOptions.DEFAULTS.withActive(active)));
    }

    void leave(Capability capability) {
      sessions.get(capability).destroy();
      left.add(capability);
    }
  }

  final long seed;
  private final Random random;
  final Simulation sim;
  private final List<Member> members = new ArrayList<>();
  private final Map<NoiseSecretStream, List<Long>> sent = new IdentityHashMap<>();
  private final Set<SimLink> faulted = Collections.newSetFromMap(new IdentityHashMap<>());
  private SimLink stable;
  private long idleSince = -1;
  private Boolean idleAliveBeforeFifthTick;
  private Boolean idleGoneAfterFifthTick;

  Scenario(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
    this.sim =
        Fixtures.simulation(seed)
            .latency(Latency.uniform(1, 40))
            .chunking(random.nextBoolean() ? 0 : 1 + random.nextInt(300))
            .build();
  }

  /** Runs the program and checks everything; returns the simulation for its trace. */
  Simulation runAndCheck() {
    setUp();
    sim.runFor(2000);
    int steps = 30 + random.nextInt(20);
    int busyStep = random.nextInt(steps / 2);
    int idleStep = random.nextInt(steps / 2);
    for (int step = 0; step < steps; step++) {
      if (step == busyStep) {
        members.get(0).leave(BUSY);
      }
      if (step == idleStep) {
        leaveIdleTopic();
      }
      act(random.nextInt(10));
      sim.runFor(50 + random.nextInt(450));
    }
    announceRound();
    sim.runFor(Math.max(SETTLE, idleSince + 5 * TICK + 2 - sim.now()));

    checkNoHandlerSawNonsense();
    checkClosedLinksRemovedTheirPeersOnce();
    checkStatsAgreeWithHandlers();
    checkAnnounces();
    checkGarbageCollection();

    for (SimLink link : sim.links()) {
      link.disconnect();
    }
    sim.runUntilIdle();
    checkEverythingRemovedOnce();
    return sim;
  }

  private void setUp() {
    int count = 4 + random.nextInt(5);
    for (int i = 0; i < count; i++) {
      Member member = new Member(sim.addNode("n" + i));
      members.add(member);
      member.join(ANNOUNCE, true);
      int busyChoice = i < 2 ? 1 : random.nextInt(3);
      if (busyChoice > 0) {
        member.join(BUSY, busyChoice == 1);
      }
      if (i == count - 1) {
        member.join(IDLE, true);
      } else if (random.nextBoolean()) {
        member.join(IDLE, false);
      }
    }
    stable = sim.connect(members.get(0).node, members.get(1).node);
    for (int i = 0; i < count; i++) {
      for (int j = i + 1; j < count; j++) {
        if ((i != 0 || j != 1) && random.nextBoolean()) {
          connectEitherWay(members.get(i).node, members.get(j).node);
        }
      }
    }
  }

  private void act(int action) {
    switch (action) {
      case 0, 1, 2, 3 -> announceRound();
      case 4 ->
          withVictim(
              link -> {
                faulted.add(link);
                link.disconnect();
              });
      case 5 ->
          withVictim(
              link -> {
                faulted.add(link);
                link.corruptNextByte(direction());
              });
      case 6 -> withVictim(link -> link.stall(direction(), 1 + random.nextInt((int) MAX_STALL)));
      case 7 -> partition();
      case 8 -> reconnect();
      default -> {} // a quiet step
    }
  }

  private void announceRound() {
    for (Member member : members) {
      WakeupSession session = member.sessions.get(ANNOUNCE);
      for (WakeupPeer peer : session.peers()) {
        long length = member.nextLength++;
        session.announce(peer, List.of(new Wakeup(member.node.publicKey(), length)));
        sent.computeIfAbsent(peer.stream(), stream -> new ArrayList<>()).add(length);
      }
    }
  }

  private void withVictim(java.util.function.Consumer<SimLink> fault) {
    List<SimLink> candidates = new ArrayList<>();
    for (SimLink link : sim.links()) {
      if (link != stable && !link.isClosed()) {
        candidates.add(link);
      }
    }
    if (!candidates.isEmpty()) {
      fault.accept(candidates.get(random.nextInt(candidates.size())));
    }
  }

  private SimLink.Direction direction() {
    return random.nextBoolean() ? SimLink.Direction.TO_RESPONDER : SimLink.Direction.TO_INITIATOR;
  }

  /** A random cut that keeps n0 and n1 on the same side, so the stable link survives it. */
  private void partition() {
    Set<SimNode> side = Collections.newSetFromMap(new IdentityHashMap<>());
    boolean firstPairInside = random.nextBoolean();
    for (int i = 0; i < members.size(); i++) {
      boolean inside = i < 2 ? firstPairInside : random.nextBoolean();
      if (inside) {
        side.add(members.get(i).node);
      }
    }
    for (SimLink link : sim.links()) {
      if (side.contains(link.initiator()) != side.contains(link.responder())) {
        faulted.add(link);
      }
    }
    sim.partition(side, 100 + random.nextInt(3000));
  }

  private void reconnect() {
    int i = random.nextInt(members.size());
    int j = random.nextInt(members.size());
    boolean firstPair = Math.min(i, j) == 0 && Math.max(i, j) == 1;
    if (i != j && !firstPair) {
      connectEitherWay(members.get(i).node, members.get(j).node);
    }
  }

  private void connectEitherWay(SimNode a, SimNode b) {
    if (random.nextBoolean()) {
      sim.connect(a, b);
    } else {
      sim.connect(b, a);
    }
  }

  private void leaveIdleTopic() {
    Member last = members.get(members.size() - 1);
    last.leave(IDLE);
    idleSince = sim.now();
    Key32 topic = last.sessions.get(IDLE).topic();
    // The swarm's GC timer starts now (no other topic of this node is ever idle), so the fifth
    // tick comes exactly 5 ticks later.
    sim.loop().schedule(5 * TICK - 1, () -> idleAliveBeforeFifthTick = hasTopic(last, topic));
    sim.loop().schedule(5 * TICK + 1, () -> idleGoneAfterFifthTick = !hasTopic(last, topic));
  }

  // --- invariants ---

  private void checkNoHandlerSawNonsense() {
    for (Member member : members) {
      for (Recorder recorder : member.recorders.values()) {
        assertThat(recorder.problems).as(context(member.node.name())).isEmpty();
      }
    }
    assertThat(sim.handlerFailures()).as(context("handler failures")).isEmpty();
  }

  private void checkClosedLinksRemovedTheirPeersOnce() {
    for (SimLink link : sim.links()) {
      if (!link.isClosed()) {
        continue;
      }
      for (SimNode node : List.of(link.initiator(), link.responder())) {
        NoiseSecretStream stream = link.streamOf(node);
        Member member = member(node);
        member.recorders.forEach(
            (capability, recorder) -> {
              if (member.left.contains(capability)) {
                return; // a session that left hears nothing more, by design
              }
              recorder.adds.keySet().stream()
                  .filter(peer -> peer.stream() == stream)
                  .forEach(
                      peer ->
                          assertThat(recorder.removes.get(peer))
                              .as(context("%s on closed %s: removes of %s", node, link, peer))
                              .isEqualTo(1));
            });
      }
    }
  }

  /**
   * The swarm counts every channel it opens as a peer added (pending ones too, as the reference
   * does), so its live count is joined plus pending peers; handlers see joined peers only.
   */
  private void checkStatsAgreeWithHandlers() {
    for (Member member : members) {
      WakeupSwarm swarm = member.node.swarm();
      WakeupStats stats = swarm.stats();
      long channels = 0;
      for (WakeupTopic topic : swarm.topics()) {
        channels += topic.peers().size() + topic.pendingPeers().size();
      }
      assertThat(stats.peersAdded() - stats.peersRemoved())
          .as(context("%s: peersAdded - peersRemoved vs its topics' peers", member.node))
          .isEqualTo(channels);
      long announces = 0;
      for (Map.Entry<Capability, Recorder> entry : member.recorders.entrySet()) {
        announces += entry.getValue().announceCalls;
        if (member.left.contains(entry.getKey())) {
          continue;
        }
        WakeupTopic topic = topicOf(member, entry.getKey());
        assertThat(entry.getValue().live())
            .as(context("%s: peers its handlers saw added and not removed", member.node))
            .isEqualTo(topic.peers().size());
      }
      assertThat(stats.wireAnnounceRx())
          .as(context("%s: announces received vs handler calls", member.node))
          .isEqualTo(announces);
    }
  }

  /** On links that stayed up every announce arrived once, in order; elsewhere a prefix did. */
  private void checkAnnounces() {
    boolean sawExact = false;
    for (SimLink link : sim.links()) {
      boolean intact = link.isOpen() && !faulted.contains(link);
      for (SimNode sender : List.of(link.initiator(), link.responder())) {
        SimNode receiver = sender == link.initiator() ? link.responder() : link.initiator();
        List<Long> out = sent.getOrDefault(link.streamOf(sender), List.of());
        List<Long> in =
            member(receiver)
                .recorders
                .get(ANNOUNCE)
                .announced
                .getOrDefault(link.streamOf(receiver), List.of());
        if (intact) {
          sawExact |= !out.isEmpty();
          assertThat(in)
              .as(context("announces %s -> %s on intact %s", sender, receiver, link))
              .isEqualTo(out);
        } else {
          assertThat(in.size())
              .as(context("announces on faulted %s", link))
              .isLessThanOrEqualTo(out.size());
          assertThat(in)
              .as(context("announces %s -> %s on faulted %s", sender, receiver, link))
              .isEqualTo(out.subList(0, in.size()));
        }
      }
    }
    assertThat(sawExact).as(context("the stable link carried announces")).isTrue();
  }

  private void checkGarbageCollection() {
    Member first = members.get(0);
    Member last = members.get(members.size() - 1);
    assertThat(idleAliveBeforeFifthTick)
        .as(context("idle topic alive after 5 ticks - 1 ms"))
        .isTrue();
    assertThat(idleGoneAfterFifthTick).as(context("idle topic collected at its 5th tick")).isTrue();
    assertThat(last.node.swarm().stats().topicsGcd())
        .as(context("topics collected on the idle node"))
        .isEqualTo(1);
    WakeupTopic busy = topicOf(first, BUSY);
    assertThat(busy).as(context("busy topic still there on n0")).isNotNull();
    assertThat(busy.peers()).as(context("busy topic's active peer")).anyMatch(WakeupPeer::isActive);
    assertThat(first.node.swarm().stats().topicsGcd())
        .as(context("topics collected on n0"))
        .isZero();
  }

  private void checkEverythingRemovedOnce() {
    for (Member member : members) {
      WakeupStats stats = member.node.swarm().stats();
      assertThat(stats.peersRemoved())
          .as(context("%s: every channel closed", member.node))
          .isEqualTo(stats.peersAdded());
      member.recorders.forEach(
          (capability, recorder) -> {
            assertThat(recorder.problems).as(context("%s at the end", member.node)).isEmpty();
            if (!member.left.contains(capability)) {
              // No peer removed twice or unadded (no problems), none left: each removed once.
              assertThat(recorder.live())
                  .as(context("%s: peers left after every link closed", member.node))
                  .isZero();
            }
          });
    }
    // With every link gone, n0's busy topic has no active peer left: now it is collected.
    assertThat(members.get(0).node.swarm().stats().topicsGcd())
        .as(context("n0's topic once its peers left"))
        .isEqualTo(1);
  }

  // --- helpers ---

  private Member member(SimNode node) {
    for (Member member : members) {
      if (member.node == node) {
        return member;
      }
    }
    throw new IllegalArgumentException(node.name());
  }

  private static WakeupTopic topicOf(Member member, Capability capability) {
    Key32 id = member.sessions.get(capability).topic();
    for (WakeupTopic topic : member.node.swarm().topics()) {
      if (topic.id().equals(id)) {
        return topic;
      }
    }
    return null;
  }

  private static boolean hasTopic(Member member, Key32 id) {
    return member.node.swarm().topics().stream().anyMatch(topic -> topic.id().equals(id));
  }

  private String context(String what, Object... args) {
    return "seed="
        + seed
        + " (replay: -Dsimulation.seed="
        + seed
        + "): "
        + String.format(what, args);
  }
}
