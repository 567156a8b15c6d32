package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.inmemory.PathProfile;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** UDX under what loopback never shows: loss, reordering, duplicates, a small MTU, a dead link. */
class UdxFaultsTest {
  /** 1200-byte IP MTU: 1172 bytes of UDP payload; every MTU probe above it is lost. */
  private static final int UDP_PAYLOAD_AT_MTU_1200 = 1200 - 28;

  @Test
  void tenMebibytesEachWaySurviveLossReorderingDuplicatesAndASmallMtu() {
    PathProfile hostile =
        PathProfile.PERFECT
            .withLatency(10, 8) // 8 ms of jitter against ~0.1 ms between packets: heavy reordering
            .withLoss(0.05)
            .withDuplicates(0.05)
            .withMtu(UDP_PAYLOAD_AT_MTU_1200);
    UdxPair pair = new UdxPair(7, hostile);
    pair.connect();
    byte[] data = UdxPair.pattern(10 * 1024 * 1024);
    pair.writeAll(pair.a, pair.eventsA, data, 65536);
    pair.writeAll(pair.b, pair.eventsB, data, 65536);
    boolean done = pair.loop.runUntil(() -> pair.eventsA.closed && pair.eventsB.closed, 600_000);
    assertThat(done)
        .as("both streams closed within 600 virtual seconds")
        .isTrue();
    assertThat(UdxPair.sha256(pair.eventsB.received.toByteArray())).isEqualTo(UdxPair.sha256(data));
    assertThat(UdxPair.sha256(pair.eventsA.received.toByteArray())).isEqualTo(UdxPair.sha256(data));
    assertThat(pair.eventsA.closeCause).isNull();
    assertThat(pair.eventsB.closeCause).isNull();
    UdxStats stats = pair.udxA.stats();
    assertThat(stats.retransmits()).as("loss was repaired by retransmission").isPositive();
    // 5% of packets are lost; reordering must not be mistaken for loss on top of that
    assertThat(stats.retransmits()).isLessThan(stats.packetsSent() / 10);
    assertThat(pair.udxB.stats().retransmits()).isLessThan(pair.udxB.stats().packetsSent() / 10);
    assertThat(stats.duplicates()).as("duplicates arrived and were ignored").isPositive();
    assertThat(pair.network.stats().lost()).as("the path did lose packets").isGreaterThan(1000);
    assertThat(pair.network.stats().tooLarge()).as("MTU probes above 1200 were dropped").isPositive();
    assertThat(pair.a.mtu()).isEqualTo(1200);
  }

  @Test
  void aLinkThatGoesDarkEndsTheStreamWithEtimedoutAfterSevenTimeouts() {
    UdxPair pair = new UdxPair(3, PathProfile.PERFECT.withLatency(1, 0));
    pair.connect();
    pair.a.write(ByteBuffer.wrap(new byte[] {1}));
    pair.b.write(ByteBuffer.wrap(new byte[] {2}));
    pair.loop.runFor(100);
    assertThat(pair.eventsB.received.size()).isEqualTo(1);
    pair.network.defaultPath(PathProfile.PERFECT.withLoss(1.0));
    long start = pair.loop.nowMillis();
    pair.a.write(ByteBuffer.wrap(new byte[] {3}));
    assertThat(pair.loop.runUntil(() -> pair.eventsA.closed, 60_000)).isTrue();
    long elapsed = pair.loop.nowMillis() - start;
    assertThat(pair.eventsA.closeCause)
        .isInstanceOf(UdxException.class)
        .satisfies(e -> assertThat(((UdxException) e).code()).isEqualTo(UdxException.ETIMEDOUT));
    // libudx: tail-loss probe at ~2·srtt, RTO 1 s later, then every 2 s, the 7th firing closes.
    assertThat(elapsed).isBetween(12_900L, 13_200L);
    assertThat(pair.udxA.stats().rtoFirings()).isEqualTo(7);
    assertThat(pair.udxA.stats().timeouts()).isEqualTo(1);
    assertThat(pair.eventsB.closed).as("an idle peer never notices").isFalse();
  }
}
