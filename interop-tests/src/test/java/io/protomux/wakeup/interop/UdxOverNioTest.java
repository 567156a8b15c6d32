package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Java to Java over real UDP sockets on loopback: the NIO adapter under the UDX state machine. */
class UdxOverNioTest {
  private final JavaUdx left = new JavaUdx();
  private final JavaUdx right = new JavaUdx();

  @AfterEach
  void stop() {
    left.close();
    right.close();
  }

  @Test
  void tenMebibytesEachWayBetweenTwoJavaStreamsOnTwoLoops() throws Exception {
    JavaUdx.Recorded a = left.create(1);
    JavaUdx.Recorded b = right.create(2);
    a.keepBytes = false;
    b.keepBytes = false;
    left.connect(a, 2, right.port());
    right.connect(b, 1, left.port());
    long bytes = 10L * 1024 * 1024;
    a.writePattern(bytes, true);
    b.writePattern(bytes, true);
    a.ended.get(60, TimeUnit.SECONDS);
    b.ended.get(60, TimeUnit.SECONDS);
    assertThat(a.closed.get(20, TimeUnit.SECONDS)).isNull();
    assertThat(b.closed.get(20, TimeUnit.SECONDS)).isNull();
    String expected = JavaUdx.patternSha256(bytes);
    assertThat(a.sha256Hex()).isEqualTo(expected);
    assertThat(b.sha256Hex()).isEqualTo(expected);
    assertThat(left.onLoop(left.udx::stats).sendFailures()).isZero();
  }
}
