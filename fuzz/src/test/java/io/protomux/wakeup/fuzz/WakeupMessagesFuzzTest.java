package io.protomux.wakeup.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.wakeup.messages.WakeupMessages;
import java.util.List;

/**
 * Fuzz target 2, the wakeup messages: the input is decoded as {@code @wakeup/handshake}, {@code
 * lookup}, {@code announce} and {@code info} (and {@code writer}, the announce entry), each
 * starting at byte 0, with the {@link RoundTrip} property: only an {@code EncodingException} may
 * escape, and whatever decodes re-encodes and decodes to an equal message.
 *
 * <p>Input: the bytes to decode. Seeds: every encoding of {@code wakeup-messages.json}.
 */
class WakeupMessagesFuzzTest {
  static final List<Codec<?>> CODECS =
      List.of(
          WakeupMessages.HANDSHAKE,
          WakeupMessages.LOOKUP,
          WakeupMessages.ANNOUNCE,
          WakeupMessages.INFO,
          WakeupMessages.WRITER);

  @FuzzTest
  void decodeEveryMessage(byte[] input) {
    for (Codec<?> codec : CODECS) {
      RoundTrip.check(codec, input);
    }
  }
}
