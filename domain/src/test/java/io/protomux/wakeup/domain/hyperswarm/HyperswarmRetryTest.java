package io.protomux.wakeup.domain.hyperswarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HyperswarmRetryTest extends SwarmHarness {
  private static PeerInfo peer(int n) {
    byte[] key = new byte[32];
    key[0] = (byte) n;
    return new PeerInfo(Key32.of(key), null);
  }

  private static RandomInts random(long seed) {
    return new RandomInts(new Random(seed)::nextBytes);
  }

  @Test
  void prioritiesFollowTheAttempts() {
    PeerInfo p = peer(1);
    int[] expected = {PeerInfo.NORMAL_PRIORITY, PeerInfo.VERY_HIGH_PRIORITY, PeerInfo.HIGH_PRIORITY, PeerInfo.LOW_PRIORITY};
    for (int attempts = 0; attempts <= 3; attempts++) {
      p.attempts = attempts;
      assertThat(p.updatePriority()).isTrue();
      assertThat(p.priority()).isEqualTo(expected[attempts]);
    }
    p.attempts = 4;
    assertThat(p.updatePriority()).isFalse();
    p.explicit = true;
    assertThat(p.updatePriority()).isTrue();
    assertThat(p.attempts()).isEqualTo(3);
    assertThat(p.priority()).isEqualTo(PeerInfo.LOW_PRIORITY);
    p.ban(true);
    assertThat(p.updatePriority()).isFalse();
  }

  @Test
  void aConnectionThatLivedFifteenSecondsResetsTheAttempts() {
    PeerInfo p = peer(1);
    p.attempts = 2;
    p.connected(1000);
    p.disconnected(1000 + PeerInfo.MIN_CONNECTION_TIME_MILLIS);
    assertThat(p.attempts()).isEqualTo(1);
    p.connected(50_000);
    p.disconnected(50_000 + PeerInfo.MIN_CONNECTION_TIME_MILLIS - 1);
    assertThat(p.attempts()).isEqualTo(2);
    p.disconnected(90_000); // never connected this time
    assertThat(p.attempts()).isEqualTo(3);
  }

  @Test
  void theQueueGivesTheHighestLevelFirstInRandomOrderWithinALevel() {
    Set<List<Integer>> orders = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      PeerQueue queue = new PeerQueue(random(seed));
      List<PeerInfo> all = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        PeerInfo p = peer(i);
        p.priority = i < 3 ? PeerInfo.NORMAL_PRIORITY : PeerInfo.VERY_HIGH_PRIORITY;
        all.add(p);
        queue.add(p);
      }
      List<Integer> order = new ArrayList<>();
      PeerInfo next;
      while ((next = queue.shift()) != null) {
        order.add(all.indexOf(next));
      }
      assertThat(order).hasSize(6);
      assertThat(order.subList(0, 3)).containsExactlyInAnyOrder(3, 4, 5);
      assertThat(order.subList(3, 6)).containsExactlyInAnyOrder(0, 1, 2);
      orders.add(order);
      assertThat(queue.size()).isZero();
    }
    assertThat(orders.size()).isGreaterThan(5);
  }

  @Test
  void retryTimersFireBetween066And133TimesTheirBasePlusJitter() {
    long[] bases = {RetryTimer.BACKOFF_S, RetryTimer.BACKOFF_M, RetryTimer.BACKOFF_L, RetryTimer.BACKOFF_X};
    long[] jitters = {500, 1000, 2000, 120_000};
    Set<Long> delays = new HashSet<>();
    for (long seed = 0; seed < 30; seed++) {
      VirtualTimeLoop loop = new VirtualTimeLoop();
      List<Long> firedAt = new ArrayList<>();
      RetryTimer timer = new RetryTimer(loop, random(seed), batch -> firedAt.add(loop.nowMillis()));
      long[] periods = timer.periods();
      for (int i = 0; i < 4; i++) {
        assertThat(periods[i]).isBetween((long) (0.66 * bases[i]) - 1, (long) (0.66 * (bases[i] + jitters[i] + 500)));
      }
      // A short-timer peer added at a random moment, after the interval started.
      PeerInfo first = peer(1);
      timer.add(first); // attempts 0: short
      loop.runFor(3000 + new Random(seed).nextInt(5000)); // the first has fired; the ticks paused
      long addedAt = loop.nowMillis();
      firedAt.clear();
      timer.add(peer(2));
      loop.runFor(10_000);
      assertThat(firedAt).hasSize(1);
      long delay = firedAt.get(0) - addedAt;
      assertThat(delay).isGreaterThan(periods[0]).isLessThanOrEqualTo(2 * periods[0]);
      assertThat(delay).isBetween((long) (0.66 * RetryTimer.BACKOFF_S), (long) (1.33 * (RetryTimer.BACKOFF_S + 1000)));
      delays.add(delay);
      timer.destroy();
      assertThat(loop.pendingTasks()).isZero();
    }
    assertThat(delays.size()).isGreaterThan(5);
  }

  @Test
  void theTimerIsChosenByAttemptsAndWhetherThePeerEverConnected() {
    RetryTimer timer = new RetryTimer(new VirtualTimeLoop(), random(3), batch -> {});
    long[] periods = timer.periods();
    VirtualTimeLoop loop = new VirtualTimeLoop();
    // Which timer each case lands on, told apart by when it fires.
    record Case(int attempts, boolean proven, boolean explicit, int timerIndex) {}
    List<Case> cases = List.of(
        new Case(0, false, false, 0), new Case(1, true, false, 0), new Case(2, true, false, 1),
        new Case(3, true, false, 2), new Case(1, false, false, 1), new Case(2, false, false, 2),
        new Case(3, false, false, 2), new Case(4, false, true, 3), new Case(4, true, false, -1));
    for (Case c : cases) {
      VirtualTimeLoop own = new VirtualTimeLoop();
      List<Long> fired = new ArrayList<>();
      RetryTimer t = new RetryTimer(own, random(3), batch -> fired.add(own.nowMillis()));
      PeerInfo p = peer(1);
      p.attempts = c.attempts;
      p.proven = c.proven;
      p.explicit = c.explicit;
      assertThat(t.add(p)).isEqualTo(c.timerIndex >= 0);
      own.runFor(20 * 60_000);
      if (c.timerIndex < 0) {
        assertThat(fired).isEmpty();
      } else {
        assertThat(fired).containsExactly(2 * periods[c.timerIndex]);
      }
    }
    PeerInfo banned = peer(2);
    banned.ban(true);
    assertThat(timer.add(banned)).isFalse();
    PeerInfo noRetry = peer(3);
    noRetry.reconnect(false);
    assertThat(timer.add(noRetry)).isFalse();
    assertThat(loop.pendingTasks()).isZero();
  }

  @Test
  void aDroppedConnectionIsRedialledAfterTheShortTimerAndANeverConnectedPeerAfterTheMedium() {
    Node a = node();
    a.swarm.join(topic, JoinOptions.serverOnly());
    byte[] ghost = net.crypto.keyPair().publicKey();
    net.announceRecord(topic, ghost);
    run(1000);
    Node b = node();
    b.swarm.join(topic, JoinOptions.clientOnly());
    run(1000);
    NoiseSecretStream first = b.connectionTo(a);
    assertThat(first).isNotNull();
    long droppedAt = net.loop.nowMillis();
    first.destroy(null);
    net.loop.runUntil(() -> b.connectionTo(a) != null, 10_000);
    long redial = net.calls("connect", b.key()).stream()
        .filter(c -> c.target().equals(a.key()) && c.at() > droppedAt).findFirst().orElseThrow().at();
    assertThat(redial - droppedAt).isBetween(660L, 1330L * 2);
    PeerInfo aInfo = b.swarm.peer(a.publicKey());
    assertThat(aInfo.attempts()).isEqualTo(1);

    // The ghost failed once (never connected): retried from the medium timer, 3.3 s at least.
    List<FakeDhtNetwork.Call> ghostDials = net.calls("connect", b.key()).stream()
        .filter(c -> c.target().equals(Key32.of(ghost))).toList();
    run(20_000);
    ghostDials = net.calls("connect", b.key()).stream().filter(c -> c.target().equals(Key32.of(ghost))).toList();
    assertThat(ghostDials.size()).isGreaterThanOrEqualTo(2);
    long gap = ghostDials.get(1).at() - ghostDials.get(0).at() - net.connectLatency;
    assertThat(gap).isBetween((long) (0.66 * RetryTimer.BACKOFF_M), (long) (1.33 * (RetryTimer.BACKOFF_M + 1500)));
  }

  @Test
  void aPeerIsNotRequeuedOnceItsTopicWasLeft() {
    Node a = node();
    a.swarm.join(topic, JoinOptions.serverOnly());
    run(1000);
    Node b = node();
    b.swarm.join(topic, JoinOptions.clientOnly());
    run(1000);
    NoiseSecretStream first = b.connectionTo(a);
    b.swarm.leave(topic);
    first.destroy(null);
    run(60_000);
    assertThat(b.connectionTo(a)).isNull();
    assertThat(net.calls("connect", b.key())).hasSize(1);
    assertThat(b.swarm.peer(a.publicKey())).isNull();
  }
}
