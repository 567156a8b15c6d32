package io.protomux.wakeup.adapters.bouncycastle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** The hand-written BLAKE2b and its HMAC against Bouncy Castle's, on random inputs. */
class Blake2bEngineTest {
  private final Random random = new Random(20251125);

  @Test
  void matchesBouncyCastleForEveryOutputSizeKeySizeAndSplit() {
    Blake2bEngine engine = new Blake2bEngine();
    for (int round = 0; round < 3000; round++) {
      int outputBytes = 1 + random.nextInt(64);
      byte[] key = bytes(random.nextInt(4) == 0 ? 0 : random.nextInt(65));
      byte[] input = bytes(random.nextInt(4) == 0 ? random.nextInt(600) : random.nextInt(300));

      Blake2bDigest reference = new Blake2bDigest(key.length == 0 ? null : key, outputBytes, null, null);
      reference.update(input, 0, input.length);
      byte[] expected = new byte[outputBytes];
      reference.doFinal(expected, 0);

      engine.init(outputBytes, key);
      int at = 0;
      while (at < input.length) { // in random pieces, to exercise the buffering
        int n = Math.min(input.length - at, random.nextInt(200));
        engine.update(input, at, n);
        at += n;
      }
      assertThat(engine.doFinal()).as("round %d", round).isEqualTo(expected);
    }
  }

  @Test
  void hmacMatchesBouncyCastlesHmacOverBlake2b512() {
    Blake2bHashing hashing = new Blake2bHashing();
    for (int round = 0; round < 500; round++) {
      byte[] key = bytes(random.nextInt(300));
      byte[] first = bytes(random.nextInt(200));
      byte[] second = bytes(random.nextInt(200));
      HMac reference = new HMac(new Blake2bDigest(512));
      reference.init(new KeyParameter(key));
      reference.update(first, 0, first.length);
      reference.update(second, 0, second.length);
      byte[] expected = new byte[64];
      reference.doFinal(expected, 0);
      assertThat(hashing.hmac(key, first, second)).as("round %d", round).isEqualTo(expected);
    }
  }

  private byte[] bytes(int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }
}
