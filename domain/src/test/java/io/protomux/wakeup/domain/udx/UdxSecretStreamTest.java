package io.protomux.wakeup.domain.udx;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.adapters.inmemory.PathProfile;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamHandler;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.ports.crypto.Crypto;
import org.junit.jupiter.api.Test;

/** The secret stream over a UDX stream, on a lossy simulated path. */
class UdxSecretStreamTest {
  private final Crypto crypto = new BouncyCastleCrypto(RandomSources.seeded(3));

  /** Counts what arrives; ends its side when the remote ends, as a sink does. */
  private static final class Sink implements SecretStreamHandler {
    NoiseSecretStream stream;
    long bytes;
    int messages;
    boolean closed;
    Throwable cause;
    boolean endOnEnd;

    @Override
    public void onMessage(byte[] message) {
      bytes += message.length;
      messages++;
    }

    @Override
    public void onEnd() {
      if (endOnEnd) {
        stream.end();
      }
    }

    @Override
    public void onClose(Throwable cause) {
      closed = true;
      this.cause = cause;
    }
  }

  @Test
  void whatIsWrittenBeforeTheSecondEndIsDeliveredNotResetAway() {
    UdxPair pair = new UdxPair(31, PathProfile.PERFECT.withLatency(5, 2).withLoss(0.02));
    pair.connect();
    Sink atA = new Sink();
    Sink atB = new Sink();
    NoiseSecretStream a =
        new NoiseSecretStream(crypto, true, crypto.keyPair(), pair.a, StreamOptions.DEFAULTS, atA);
    NoiseSecretStream b =
        new NoiseSecretStream(crypto, false, crypto.keyPair(), pair.b, StreamOptions.DEFAULTS, atB);
    atA.stream = a;
    atB.stream = b;
    a.start();
    b.start();
    // B ends first (it has nothing to say); A then writes 2 MiB and ends: the second end, after
    // which the secret stream closes. The bytes still in flight must arrive all the same.
    b.end();
    pair.loop.runFor(500);
    assertThat(a.closeCause()).isNull();
    for (int i = 0; i < 256; i++) {
      a.write(new byte[8192]);
    }
    a.end();
    assertThat(pair.loop.runUntil(() -> atB.closed && !pair.a.isOpen() && !pair.b.isOpen(), 60_000))
        .isTrue();
    assertThat(atB.bytes).isEqualTo(256L * 8192);
    assertThat(atB.cause).isNull();
    assertThat(atA.cause).isNull();
    assertThat(pair.udxA.stats().resets() + pair.udxB.stats().resets())
        .as("both UDX streams closed in order, no DESTROY")
        .isZero();
  }
}
