package io.protomux.wakeup.domain.wakeup.messages;

import static io.protomux.wakeup.domain.encoding.CodecAssertions.assertEveryPrefixRejected;
import static io.protomux.wakeup.domain.encoding.CodecAssertions.assertRoundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.encoding.CodecAssertions;
import io.protomux.wakeup.domain.encoding.CompactEncoding;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.encoding.State;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random messages round-trip; truncations and bad numbers are refused; flags read bit 0 only. */
class WakeupMessagesTest {
  private static final int ITERATIONS = 1000;
  private static final String KEY =
      "a28369279834fa2c74bda33e762352681919e0542a1b329c2afe2a9bf8c31d52";

  private static Key32 randomKey(Random random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Key32.of(bytes);
  }

  private static long randomUint(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextInt(0xfd);
      case 1 -> random.nextLong(0xfd, 0x10000);
      case 2 -> random.nextLong(0x10000, 0x100000000L);
      default -> random.nextLong(0x100000000L, CompactEncoding.MAX_SAFE_INTEGER + 1);
    };
  }

  private static <T> void roundTrips(Codec<T> codec, T value, String context) {
    byte[] encoded = assertRoundTrip(codec, value, context);
    assertEveryPrefixRejected(codec, encoded, context);
  }

  @Test
  void handshakes() {
    long seed = CodecAssertions.seed();
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      Handshake m = new Handshake(randomUint(random), randomKey(random), random.nextBoolean());
      roundTrips(WakeupMessages.HANDSHAKE, m, "seed=" + seed + " i=" + i + " " + m);
    }
  }

  @Test
  void lookups() {
    long seed = CodecAssertions.seed();
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      Lookup m = random.nextBoolean() ? Lookup.of(randomKey(random)) : Lookup.withoutHash();
      roundTrips(WakeupMessages.LOOKUP, m, "seed=" + seed + " i=" + i + " " + m);
    }
  }

  @Test
  void wakeupsAndAnnounces() {
    long seed = CodecAssertions.seed();
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      List<Wakeup> entries = new ArrayList<>();
      for (int j = random.nextInt(20) == 0 ? 260 : random.nextInt(6); j > 0; j--) {
        entries.add(new Wakeup(randomKey(random), randomUint(random)));
      }
      String context = "seed=" + seed + " i=" + i + " entries=" + entries.size();
      roundTrips(WakeupMessages.ANNOUNCE, new Announce(entries), context);
      if (!entries.isEmpty()) {
        roundTrips(WakeupMessages.WRITER, entries.get(0), context);
      }
    }
  }

  @Test
  void infos() {
    roundTrips(WakeupMessages.INFO, new Info(true), "active");
    roundTrips(WakeupMessages.INFO, new Info(false), "inactive");
  }

  @Test
  void flagBitsOtherThanBitZeroAreIgnoredLikeTheReference() {
    assertThat(decode(WakeupMessages.INFO, "03")).isEqualTo(new Info(true));
    assertThat(decode(WakeupMessages.INFO, "02")).isEqualTo(new Info(false));
    // The flags are a whole uint: a wide form is read in full and still only bit 0 counts.
    assertThat(decode(WakeupMessages.INFO, "fd0301"))
        .isEqualTo(new Info(true));
    assertThat(decode(WakeupMessages.LOOKUP, "02"))
        .isEqualTo(Lookup.withoutHash());
    assertThat(decode(WakeupMessages.LOOKUP, "03" + KEY))
        .isEqualTo(Lookup.of(Key32.fromHex(KEY)));
    assertThat(decode(WakeupMessages.HANDSHAKE, "00" + KEY + "fb"))
        .isEqualTo(new Handshake(0, Key32.fromHex(KEY), true));
    assertThat(decode(WakeupMessages.HANDSHAKE, "00" + KEY + "fc"))
        .isEqualTo(new Handshake(0, Key32.fromHex(KEY), false));
  }

  @Test
  void trailingBytesAreLeftInTheState() {
    State state = State.wrap(Vectors.hex("01" + "ffff"));
    assertThat(WakeupMessages.INFO.decode(state)).isEqualTo(new Info(true));
    assertThat(state.remaining()).isEqualTo(2);
  }

  @Test
  void truncatedMessagesAreRefused() {
    assertThatThrownBy(() -> decode(WakeupMessages.LOOKUP, "01" + "aa".repeat(31)))
        .isInstanceOf(EncodingException.class)
        .hasMessage("out of bounds: fixed32 needs 32 bytes, 31 left");
    assertThatThrownBy(() -> decode(WakeupMessages.HANDSHAKE, "00" + KEY))
        .isInstanceOf(EncodingException.class)
        .hasMessage("out of bounds: uint needs 1 byte, 0 left");
    assertThatThrownBy(() -> decode(WakeupMessages.ANNOUNCE, "02" + KEY + "05"))
        .isInstanceOf(EncodingException.class)
        .hasMessage("out of bounds: fixed32 needs 32 bytes, 0 left");
  }

  @Test
  void numbersBeyondTheSafeRangeAreRefused() {
    String tooBig = "ff0000000000002000";
    assertThatThrownBy(() -> decode(WakeupMessages.HANDSHAKE, tooBig + KEY + "01"))
        .isInstanceOf(EncodingException.class)
        .hasMessage("uint above 2^53-1: 9007199254740992");
    assertThatThrownBy(() -> decode(WakeupMessages.ANNOUNCE, "01" + KEY + tooBig))
        .isInstanceOf(EncodingException.class)
        .hasMessage("uint above 2^53-1: 9007199254740992");
    assertThatThrownBy(() -> decode(WakeupMessages.INFO, tooBig))
        .isInstanceOf(EncodingException.class)
        .hasMessage("uint above 2^53-1: 9007199254740992");
    assertThatThrownBy(() -> decode(WakeupMessages.ANNOUNCE, "fe01001000"))
        .isInstanceOf(EncodingException.class)
        .hasMessage("array is too big: 1048577 > 1048576");
  }

  private static <T> T decode(Codec<T> codec, String hex) {
    return CompactEncoding.decode(codec, Vectors.hex(hex));
  }

  @Test
  void messagesThatCannotBeEncodedCannotBeBuilt() {
    Key32 key = Key32.fromHex(KEY);
    assertThatThrownBy(() -> new Handshake(-1, key, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Handshake(CompactEncoding.MAX_SAFE_INTEGER + 1, key, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Wakeup(key, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Handshake(0, null, true)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Lookup(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Announce.of(new Wakeup(key, 1), null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void announceKeepsItsOwnCopyOfTheList() {
    List<Wakeup> entries = new ArrayList<>(List.of(new Wakeup(Key32.fromHex(KEY), 1)));
    Announce announce = new Announce(entries);
    entries.clear();
    assertThat(announce.wakeups()).hasSize(1);
    assertThatThrownBy(() -> announce.wakeups().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void schemaNamesAndChannelMessageOrderMatchTheReference() {
    assertThat(WakeupMessages.PROTOCOL).isEqualTo("wakeup");
    assertThat(WakeupMessages.CHANNEL_MESSAGES)
        .extracting(c -> c.name())
        .containsExactly("@wakeup/lookup", "@wakeup/announce", "@wakeup/info");
    assertThat(WakeupMessages.byName("@wakeup/handshake")).containsSame(WakeupMessages.HANDSHAKE);
    assertThat(WakeupMessages.byName("@wakeup/writer")).containsSame(WakeupMessages.WRITER);
    assertThat(WakeupMessages.byName("@wakeup/nope")).isEmpty();
  }
}
