package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.inmemory.PathProfile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UdxStreamTest {
  private static final PathProfile LAN = PathProfile.PERFECT.withLatency(1, 0);

  @Test
  void smallWritesAndEndsBothWaysCloseBothStreamsCleanly() {
    UdxPair pair = new UdxPair(1, LAN);
    pair.connect();
    pair.a.write(ByteBuffer.wrap("hello from A".getBytes(StandardCharsets.UTF_8)));
    pair.a.shutdownOutput();
    pair.b.write(ByteBuffer.wrap("hello from B".getBytes(StandardCharsets.UTF_8)));
    pair.b.shutdownOutput();
    assertThat(pair.loop.runUntil(() -> pair.eventsA.closed && pair.eventsB.closed, 5_000)).isTrue();
    assertThat(pair.eventsB.received.toString(StandardCharsets.UTF_8)).isEqualTo("hello from A");
    assertThat(pair.eventsA.received.toString(StandardCharsets.UTF_8)).isEqualTo("hello from B");
    assertThat(pair.eventsA.ended).isTrue();
    assertThat(pair.eventsB.ended).isTrue();
    assertThat(pair.eventsA.closeCause).isNull();
    assertThat(pair.eventsB.closeCause).isNull();
    assertThat(pair.udxA.streamCount()).isZero();
    assertThat(pair.udxB.streamCount()).isZero();
  }

  @Test
  void tenMebibytesEachWayArriveIntact() {
    UdxPair pair = new UdxPair(2, LAN);
    pair.connect();
    byte[] data = UdxPair.pattern(10 * 1024 * 1024);
    pair.writeAll(pair.a, pair.eventsA, data, 65536);
    pair.writeAll(pair.b, pair.eventsB, data, 65536);
    assertThat(pair.loop.runUntil(() -> pair.eventsA.closed && pair.eventsB.closed, 120_000)).isTrue();
    assertThat(UdxPair.sha256(pair.eventsB.received.toByteArray())).isEqualTo(UdxPair.sha256(data));
    assertThat(UdxPair.sha256(pair.eventsA.received.toByteArray())).isEqualTo(UdxPair.sha256(data));
    assertThat(pair.eventsA.closeCause).isNull();
  }
}
