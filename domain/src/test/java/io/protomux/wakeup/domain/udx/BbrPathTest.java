package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.protomux.wakeup.domain.udx.SimulatedPath.Ack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BBR's phases as a stream would live through them: sampler, BBR and pacer driven in the stream's
 * call order over a simulated 4 packets/ms bottleneck with a 51 ms round trip (BDP ≈ 204).
 */
class BbrPathTest {
  private static final long START = 1_000;

  private static SimulatedPath run(long durationMs) {
    SimulatedPath path = new SimulatedPath(START, 50, 4);
    path.runUntil(START + durationMs);
    return path;
  }

  /** The last ACK of each round, by round number. */
  private static Map<Integer, Ack> lastAckOfEachRound(List<Ack> acks) {
    Map<Integer, Ack> last = new LinkedHashMap<>();
    for (Ack a : acks) {
      last.put(a.round(), a);
    }
    return last;
  }

  /** The first ACK of each round, by round number. */
  private static Map<Integer, Ack> firstAckOfEachRound(List<Ack> acks) {
    Map<Integer, Ack> first = new LinkedHashMap<>();
    for (Ack a : acks) {
      first.putIfAbsent(a.round(), a);
    }
    return first;
  }

  private static int indexOfFirst(List<Ack> acks, BbrMode mode) {
    for (int i = 0; i < acks.size(); i++) {
      if (acks.get(i).mode() == mode) {
        return i;
      }
    }
    throw new AssertionError("never reached " + mode);
  }

  @Test
  void startupDoublesTheWindowEveryRoundWhileThePipeIsNotFull() {
    Map<Integer, Ack> last = lastAckOfEachRound(run(1_000).acks);
    // Each ACK in STARTUP adds the packets it acks, so a round of acks doubles the window.
    for (int round = 1; round <= 5; round++) {
      assertThat(last.get(round).mode()).isEqualTo(BbrMode.STARTUP);
      assertThat(last.get(round).cwnd()).as("round %d", round).isEqualTo(10 << round);
    }
  }

  @Test
  void startupEndsAfterThreeRoundsOfLessThanAQuarterGrowth() {
    List<Ack> acks = run(3_000).acks;
    Ack drain = acks.get(indexOfFirst(acks, BbrMode.DRAIN));
    Map<Integer, Ack> first = firstAckOfEachRound(acks);
    int exitRound = drain.round();
    assertThat(first.get(exitRound)).isSameAs(drain); // the check runs on round starts only

    double reference = first.get(exitRound - 3).bw();
    assertThat(reference).isGreaterThanOrEqualTo(1.25 * first.get(exitRound - 4).bw());
    for (int r = exitRound - 2; r <= exitRound; r++) {
      assertThat(first.get(r).bw()).as("round %d", r).isLessThan(1.25 * reference);
      assertThat(first.get(r).rs().isAppLimited()).isFalse();
    }
    for (int r = exitRound - 2; r < exitRound; r++) {
      assertThat(first.get(r).mode()).isEqualTo(BbrMode.STARTUP);
    }
    assertThat(drain.bw()).isCloseTo(4.0, within(0.2)); // the bottleneck, in packets/ms
  }

  @Test
  void drainLastsUntilInFlightIsAtMostTheBdpAndSetsSsthreshToIt() {
    SimulatedPath path = new SimulatedPath(START, 50, 4);
    path.runUntil(() -> path.bbr.mode() == BbrMode.DRAIN, 3_000);
    assertThat(path.bbr.ssthresh()).isEqualTo((int) path.bbr.bdp()).isLessThan(0xFFFF);
    path.runUntil(START + 3_000);

    List<Ack> acks = path.acks;
    int firstDrain = indexOfFirst(acks, BbrMode.DRAIN);
    int firstProbeBw = indexOfFirst(acks, BbrMode.PROBE_BW);
    assertThat(firstProbeBw).isGreaterThan(firstDrain + 1);
    for (Ack a : acks.subList(firstDrain, firstProbeBw)) {
      assertThat(a.mode()).isEqualTo(BbrMode.DRAIN);
      assertThat(a.inflight()).isGreaterThan((int) a.bdp());
      assertThat(a.pacingGain()).isEqualTo((float) (1 / 2.88539));
    }
    Ack exit = acks.get(firstProbeBw);
    assertThat(exit.inflight()).isLessThanOrEqualTo((int) exit.bdp());
  }

  @Test
  void probeBwCyclesTheGainOncePerMinRttStartingAtTheFifthPhase() {
    List<Ack> acks = run(4_000).acks;
    int start = indexOfFirst(acks, BbrMode.PROBE_BW);
    List<Integer> phases = new ArrayList<>();
    List<Float> gains = new ArrayList<>();
    List<Long> phaseStarts = new ArrayList<>();
    for (Ack a : acks.subList(start, acks.size())) {
      if (phases.isEmpty() || phases.get(phases.size() - 1) != a.cycleIndex()) {
        phases.add(a.cycleIndex());
        gains.add(a.pacingGain());
        phaseStarts.add(a.nowMs());
      }
    }
    assertThat(phases.subList(0, 12)).containsExactly(4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(gains.subList(0, 8))
        .containsExactly(1.0f, 1.0f, 1.0f, 1.0f, 1.25f, 0.75f, 1.0f, 1.0f);
    long minRtt = acks.get(acks.size() - 1).minRttMs();
    for (int i = 0; i + 1 < phaseStarts.size(); i++) {
      if (gains.get(i) == 1.0f) {
        // a neutral phase lasts more than one min-RTT, measured on the delivery clock
        assertThat(phaseStarts.get(i + 1) - phaseStarts.get(i)).isGreaterThan(minRtt);
      }
    }
  }

  @Test
  void probeRttFollowsTenSecondsWithoutANewMinRttAndHoldsFourPacketsFor200MsAndARound() {
    List<Ack> acks = run(13_000).acks;
    int enter = indexOfFirst(acks, BbrMode.PROBE_RTT);
    Ack before = acks.get(enter - 1);
    Ack entering = acks.get(enter);
    assertThat(entering.nowMs() - before.minRttStampMs()).isGreaterThan(10_000);
    for (Ack a : acks.subList(0, enter)) {
      assertThat(a.nowMs() - a.minRttStampMs()).isLessThanOrEqualTo(10_000);
    }

    int exit = enter;
    while (acks.get(exit).mode() == BbrMode.PROBE_RTT) {
      assertThat(acks.get(exit).cwnd()).isEqualTo(4);
      // every sample taken with the small window is app-limited: it cannot cut the estimate
      assertThat(acks.get(exit).bw()).isEqualTo(before.bw());
      exit++;
    }
    long firstAtFour =
        acks.subList(enter, exit).stream().filter(a -> a.inflight() <= 4).findFirst()
            .orElseThrow().nowMs();
    Ack done = acks.get(exit);
    assertThat(done.nowMs() - firstAtFour).isGreaterThan(200);
    assertThat(done.round()).isGreaterThan(acks.get(enter).round() + 1);
    assertThat(done.mode()).isEqualTo(BbrMode.PROBE_BW);
    assertThat(done.cwnd()).isGreaterThanOrEqualTo(before.cwnd()); // the saved window is back
    assertThat(done.minRttStampMs()).isEqualTo(done.nowMs());
  }

  @Test
  void pacingRateIsGainTimesBandwidthTimesPayloadTimesMarginOnceThePipeIsFull() {
    List<Ack> acks = run(4_000).acks;
    int checked = 0;
    for (Ack a : acks.subList(indexOfFirst(acks, BbrMode.DRAIN), acks.size())) {
      long expected = (long) (a.bw() * SimulatedPath.MAX_PAYLOAD * a.pacingGain() * 0.99);
      assertThat(a.pacing()).isEqualTo(Math.max(expected, 1));
      checked++;
    }
    assertThat(checked).isGreaterThan(1_000);
  }

  @Test
  void beforeThePipeIsFullThePacingRateOnlyRises() {
    List<Ack> acks = run(3_000).acks;
    int drain = indexOfFirst(acks, BbrMode.DRAIN);
    for (int i = 1; i < drain; i++) {
      assertThat(acks.get(i).pacing()).isGreaterThanOrEqualTo(acks.get(i - 1).pacing());
    }
    assertThat(acks.get(drain - 1).pacing()).isGreaterThan(acks.get(0).pacing());
  }

  @Test
  void steadyStateWindowIsTwiceTheBdpPlusAtMost100MsOfAckAggregation() {
    List<Ack> acks = run(6_000).acks;
    Ack last = acks.get(acks.size() - 1);
    assertThat(last.mode()).isEqualTo(BbrMode.PROBE_BW);
    assertThat(last.bdp()).isBetween(190L, 215L);
    int twiceBdp = (int) (2 * last.bdp());
    int aggregationCap = (int) (last.bw() * 100);
    assertThat(last.cwnd()).isBetween(twiceBdp, twiceBdp + aggregationCap);
    assertThat(last.cwnd()).isGreaterThan(twiceBdp + 1); // some allowance is in use
    // pacing, not the window, limits PROBE_BW: in flight stays near one BDP, not two
    long late = acks.stream().filter(a -> a.nowMs() > START + 4_000)
        .filter(a -> a.inflight() > 1.3 * a.bdp()).count();
    assertThat(late).isZero();
  }
}
