package io.protomux.wakeup.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.protomux.wakeup.domain.encoding.Codec;
import io.protomux.wakeup.domain.encoding.Codecs;
import java.util.List;

/**
 * Fuzz target 1, compact-encoding: the input is decoded with every codec the stack reads from the
 * wire (uint, the fixed widths, bool, buffer and its view, optionalBuffer, raw, string, fixed32,
 * array of uint), each starting at byte 0, and each must satisfy {@link RoundTrip}: only an
 * {@code EncodingException} may escape, and whatever decodes re-encodes and decodes to the same
 * value.
 *
 * <p>Input: the bytes to decode, nothing else. Seeds: every encoding of {@code
 * compact-encoding.json} (see {@link SeedCorpus}).
 */
class CompactEncodingFuzzTest {
  static final List<Codec<?>> CODECS =
      List.of(
          Codecs.UINT,
          Codecs.UINT8,
          Codecs.UINT16,
          Codecs.UINT24,
          Codecs.UINT32,
          Codecs.UINT64,
          Codecs.BOOL,
          Codecs.BUFFER,
          Codecs.BUFFER_VIEW,
          Codecs.OPTIONAL_BUFFER,
          Codecs.RAW_VIEW,
          Codecs.STRING,
          Codecs.FIXED32,
          Codecs.array(Codecs.UINT),
          Codecs.array(Codecs.STRING));

  @FuzzTest
  void decodeEveryCodec(byte[] input) {
    for (Codec<?> codec : CODECS) {
      RoundTrip.check(codec, input);
    }
  }
}
