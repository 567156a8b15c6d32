package io.protomux.wakeup.adapters.bouncycastle;

import static io.protomux.wakeup.testvectors.Vectors.hex;
import static io.protomux.wakeup.testvectors.Vectors.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.ports.crypto.CryptoException;
import io.protomux.wakeup.ports.crypto.SecretStream;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XChaChaSecretStreamTest {
  private static final JsonNode VECTOR = Vectors.load("secretstream.json");
  private static final byte[] KEY = hex(VECTOR.get("key"));
  private static final byte[] HEADER = hex(VECTOR.get("header"));

  private final SecretStream stream = new XChaChaSecretStream(RandomSources.seeded(7));

  @Test
  void pushesTheReferenceCiphertexts() {
    SecretStream.Push push = stream.initPush(KEY, HEADER);
    assertThat(VECTOR.get("messages")).isNotEmpty();

    for (JsonNode m : VECTOR.get("messages")) {
      byte[] out = push.push(hex(m.get("plaintext")), SecretStream.TAG_MESSAGE);
      assertThat(toHex(out)).isEqualTo(m.get("ciphertext").asText());
    }
    JsonNode last = VECTOR.get("finalMessage");
    byte[] out = push.push(hex(last.get("plaintext")), SecretStream.TAG_FINAL);
    assertThat(toHex(out)).isEqualTo(last.get("ciphertext").asText());
  }

  @Test
  void pullsTheReferenceCiphertexts() {
    SecretStream.Pull pull = stream.initPull(KEY, HEADER);

    for (JsonNode m : VECTOR.get("messages")) {
      assertThat(pullHex(pull, m.get("ciphertext"))).isEqualTo(m.get("plaintext").asText());
      assertThat(lastTag).isEqualTo(SecretStream.TAG_MESSAGE);
    }
    JsonNode last = VECTOR.get("finalMessage");
    assertThat(pullHex(pull, last.get("ciphertext"))).isEqualTo(last.get("plaintext").asText());
    assertThat(lastTag).isEqualTo(SecretStream.TAG_FINAL);
  }

  @Test
  void headerComesFromTheRandomSourceAndIsCopied() {
    byte[] expected = RandomSources.seeded(7).bytes(SecretStream.HEADER_BYTES);
    SecretStream.Push push = stream.initPush(KEY);

    byte[] header = push.header();
    assertThat(header).isEqualTo(expected);
    header[0] ^= 1;
    assertThat(push.header()).isEqualTo(expected);

    SecretStream.Pull pull = stream.initPull(KEY, expected);
    byte[] message = "hello".getBytes();
    assertThat(pullAll(pull, push.push(message, SecretStream.TAG_MESSAGE))).isEqualTo(message);
  }

  @Test
  void headerGivenToInitPushIsCopied() {
    byte[] header = HEADER.clone();
    SecretStream.Push push = stream.initPush(KEY, header);
    header[0] ^= 1;
    assertThat(push.header()).isEqualTo(HEADER);
  }

  @Test
  void roundTripsAThousandMessagesOfRandomSizes() {
    Random random = new Random(42);
    SecretStream.Push push = stream.initPush(KEY, HEADER);
    SecretStream.Pull pull = stream.initPull(KEY, HEADER);

    for (int i = 0; i < 1000; i++) {
      byte[] message = randomBytes(random, random.nextInt(70 * 1024 + 1));
      byte[] ciphertext = push.push(message, SecretStream.TAG_MESSAGE);
      assertThat(ciphertext).hasSize(message.length + SecretStream.ABYTES);

      byte[] out = new byte[message.length];
      int tag = pull.pull(ciphertext, 0, ciphertext.length, out, 0);
      assertThat(tag).isEqualTo(SecretStream.TAG_MESSAGE);
      assertThat(out).isEqualTo(message);
    }
  }

  @Test
  void roundTripsRandomTagsIncludingRekeys() {
    Random random = new Random(43);
    int[] tags = {
      SecretStream.TAG_MESSAGE, SecretStream.TAG_PUSH, SecretStream.TAG_REKEY, SecretStream.TAG_FINAL
    };
    SecretStream.Push push = stream.initPush(KEY, HEADER);
    SecretStream.Pull pull = stream.initPull(KEY, HEADER);

    for (int i = 0; i < 1000; i++) {
      // Mostly the four named tags, sometimes any byte: libsodium accepts every tag value.
      int tag = random.nextInt(4) == 0 ? random.nextInt(256) : tags[random.nextInt(tags.length)];
      byte[] message = randomBytes(random, random.nextInt(2048));
      byte[] ciphertext = push.push(message, tag);

      byte[] out = new byte[message.length];
      assertThat(pull.pull(ciphertext, 0, ciphertext.length, out, 0)).isEqualTo(tag);
      assertThat(out).isEqualTo(message);
    }
  }

  @Test
  void rekeyTagChangesTheFollowingCiphertexts() {
    byte[] message = new byte[40];
    SecretStream.Push plain = stream.initPush(KEY, HEADER);
    SecretStream.Push rekeyed = stream.initPush(KEY, HEADER);

    byte[] first = plain.push(message, SecretStream.TAG_MESSAGE);
    byte[] firstRekeyed = rekeyed.push(message, SecretStream.TAG_REKEY);
    // Same keystream, different tag: only the tag byte and MAC differ.
    assertThat(Arrays.copyOfRange(first, 1, 41)).isEqualTo(Arrays.copyOfRange(firstRekeyed, 1, 41));

    byte[] second = plain.push(message, SecretStream.TAG_MESSAGE);
    byte[] secondRekeyed = rekeyed.push(message, SecretStream.TAG_MESSAGE);
    assertThat(Arrays.copyOfRange(second, 1, 41))
        .isNotEqualTo(Arrays.copyOfRange(secondRekeyed, 1, 41));
  }

  @Test
  void pushAndPullHonourOffsets() {
    byte[] message = "offset message".getBytes();
    byte[] in = new byte[message.length + 10];
    System.arraycopy(message, 0, in, 5, message.length);
    byte[] out = new byte[message.length + SecretStream.ABYTES + 7];
    Arrays.fill(out, (byte) 0x5a);

    int written =
        stream.initPush(KEY, HEADER).push(in, 5, message.length, SecretStream.TAG_PUSH, out, 3);

    assertThat(written).isEqualTo(message.length + SecretStream.ABYTES);
    assertThat(Arrays.copyOfRange(out, 3, 3 + written))
        .isEqualTo(stream.initPush(KEY, HEADER).push(message, SecretStream.TAG_PUSH));
    assertThat(Arrays.copyOfRange(out, 0, 3)).containsOnly(0x5a);
    assertThat(Arrays.copyOfRange(out, 3 + written, out.length)).containsOnly(0x5a);

    byte[] plain = new byte[message.length + 4];
    int tag = stream.initPull(KEY, HEADER).pull(out, 3, written, plain, 2);
    assertThat(tag).isEqualTo(SecretStream.TAG_PUSH);
    assertThat(Arrays.copyOfRange(plain, 2, 2 + message.length)).isEqualTo(message);
  }

  @Test
  void pushesAndPullsInPlace() {
    Random random = new Random(44);
    byte[] message = randomBytes(random, 300);
    byte[] expected = stream.initPush(KEY, HEADER).push(message, SecretStream.TAG_MESSAGE);

    for (int shift : new int[] {0, 1, 17}) {
      byte[] buffer = new byte[400];
      System.arraycopy(message, 0, buffer, shift, message.length);
      stream.initPush(KEY, HEADER)
          .push(buffer, shift, message.length, SecretStream.TAG_MESSAGE, buffer, 0);
      assertThat(Arrays.copyOf(buffer, expected.length)).isEqualTo(expected);

      stream.initPull(KEY, HEADER).pull(buffer, 0, expected.length, buffer, shift);
      assertThat(Arrays.copyOfRange(buffer, shift, shift + message.length)).isEqualTo(message);
    }
  }

  @Test
  void detectsEveryFlippedBitOfAShortMessage() {
    byte[] message = "a short secret message".getBytes();
    assertTamperingDetected(message, allPositions(message.length + SecretStream.ABYTES));
  }

  @Test
  void detectsSampledFlippedBitsOfALongMessage() {
    Random random = new Random(45);
    byte[] message = randomBytes(random, 70 * 1024);
    int length = message.length + SecretStream.ABYTES;
    List<Integer> bits = new ArrayList<>();
    // The tag byte, the start of the body, the MAC, and random places in between.
    for (int bit = 0; bit < 8 * 24; bit++) {
      bits.add(bit);
    }
    for (int bit = 8 * (length - 16); bit < 8 * length; bit++) {
      bits.add(bit);
    }
    for (int i = 0; i < 200; i++) {
      bits.add(random.nextInt(8 * length));
    }
    assertTamperingDetected(message, bits);
  }

  @Test
  void rejectsInputShorterThanTheOverhead() {
    SecretStream.Pull pull = stream.initPull(KEY, HEADER);
    byte[] out = new byte[32];
    for (int length = 0; length < SecretStream.ABYTES; length++) {
      int n = length;
      assertThatThrownBy(() -> pull.pull(new byte[n], 0, n, out, 0))
          .isInstanceOf(CryptoException.class);
    }
    byte[] genuine = stream.initPush(KEY, HEADER).push(new byte[0], SecretStream.TAG_MESSAGE);
    assertThat(pull.pull(genuine, 0, genuine.length, out, 0)).isEqualTo(SecretStream.TAG_MESSAGE);
  }

  @Test
  void rejectsRangesOutsideTheArrays() {
    SecretStream.Push push = stream.initPush(KEY, HEADER);
    SecretStream.Pull pull = stream.initPull(KEY, HEADER);
    byte[] ciphertext = stream.initPush(KEY, HEADER).push(new byte[4], SecretStream.TAG_MESSAGE);

    assertThatThrownBy(() -> push.push(new byte[4], 1, 4, 0, new byte[30], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> push.push(new byte[4], 0, 4, 0, new byte[20], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> pull.pull(ciphertext, 1, ciphertext.length, new byte[4], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> pull.pull(ciphertext, 0, ciphertext.length, new byte[3], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    // None of that advanced either side.
    assertThat(push.push(new byte[4], SecretStream.TAG_MESSAGE)).isEqualTo(ciphertext);
    assertThat(pullAll(pull, ciphertext)).isEqualTo(new byte[4]);
  }

  @Test
  void rejectsTagsThatAreNotOneByte() {
    SecretStream.Push push = stream.initPush(KEY, HEADER);
    for (int tag : new int[] {-1, 256}) {
      assertThatThrownBy(() -> push.push(new byte[1], tag))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void rejectsKeysOfTheWrongSize() {
    for (int size : new int[] {0, 16, 31, 33, 64}) {
      byte[] key = new byte[size];
      assertThatThrownBy(() -> stream.initPush(key)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> stream.initPush(key, HEADER))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> stream.initPull(key, HEADER))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void rejectsHeadersOfTheWrongSize() {
    for (int size : new int[] {0, 16, 23, 25, 32}) {
      byte[] header = new byte[size];
      assertThatThrownBy(() -> stream.initPush(KEY, header))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> stream.initPull(KEY, header))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void pullWithTheWrongKeyFails() {
    byte[] ciphertext = stream.initPush(KEY, HEADER).push(new byte[10], SecretStream.TAG_MESSAGE);
    byte[] otherKey = KEY.clone();
    otherKey[31] ^= 1;
    SecretStream.Pull pull = stream.initPull(otherKey, HEADER);
    assertThatThrownBy(() -> pull.pull(ciphertext, 0, ciphertext.length, new byte[10], 0))
        .isInstanceOf(CryptoException.class);
  }

  private void assertTamperingDetected(byte[] message, List<Integer> bits) {
    SecretStream.Push push = stream.initPush(KEY, HEADER);
    byte[] warmUp = push.push(new byte[3], SecretStream.TAG_PUSH);
    byte[] genuine = push.push(message, SecretStream.TAG_MESSAGE);
    byte[] next = push.push(new byte[5], SecretStream.TAG_MESSAGE);

    SecretStream.Pull pull = stream.initPull(KEY, HEADER);
    pullAll(pull, warmUp);
    byte[] out = new byte[message.length];
    for (int bit : bits) {
      byte[] forged = genuine.clone();
      forged[bit >>> 3] ^= (byte) (1 << (bit & 7));
      Arrays.fill(out, (byte) 0x77);
      assertThatThrownBy(() -> pull.pull(forged, 0, forged.length, out, 0))
          .as("bit %d", bit)
          .isInstanceOf(CryptoException.class);
      assertThat(out).as("output after bit %d", bit).containsOnly(0x77);
    }
    assertThat(pull.pull(genuine, 0, genuine.length, out, 0)).isEqualTo(SecretStream.TAG_MESSAGE);
    assertThat(out).isEqualTo(message);
    assertThat(pullAll(pull, next)).isEqualTo(new byte[5]);
  }

  private static List<Integer> allPositions(int bytes) {
    List<Integer> bits = new ArrayList<>();
    for (int bit = 0; bit < 8 * bytes; bit++) {
      bits.add(bit);
    }
    return bits;
  }

  private int lastTag = -1;

  private String pullHex(SecretStream.Pull pull, JsonNode ciphertext) {
    return toHex(pullAll(pull, hex(ciphertext)));
  }

  private byte[] pullAll(SecretStream.Pull pull, byte[] ciphertext) {
    byte[] out = new byte[ciphertext.length - SecretStream.ABYTES];
    lastTag = pull.pull(ciphertext, 0, ciphertext.length, out, 0);
    return out;
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
