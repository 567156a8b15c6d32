package io.protomux.wakeup.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.hyperdht.AnnounceMessage;
import io.protomux.wakeup.domain.hyperdht.HandshakeMessage;
import io.protomux.wakeup.domain.hyperdht.HandshakeMessages;
import io.protomux.wakeup.domain.hyperdht.HolepunchMessage;
import io.protomux.wakeup.domain.hyperdht.HolepunchPayload;
import io.protomux.wakeup.domain.hyperdht.LookupReply;
import io.protomux.wakeup.domain.hyperdht.MutableGetResponse;
import io.protomux.wakeup.domain.hyperdht.MutablePutRequest;
import io.protomux.wakeup.domain.hyperdht.MutableSignable;
import io.protomux.wakeup.domain.hyperdht.NoisePayload;
import io.protomux.wakeup.domain.hyperdht.NoisePayloads;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.domain.hyperdht.PeerRecords;
import io.protomux.wakeup.domain.hyperdht.PluginRequest;
import io.protomux.wakeup.domain.hyperdht.ValueMessages;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Fuzz target 8, the hyperdht message values: the input is decoded by every hyperdht decoder
 * (handshake, holepunch, holepunch payload, noise payload, peer record and list, LOOKUP reply,
 * announce, mutable signable, put request and get response, MUTABLE_GET request, plugin request).
 * Only an {@code EncodingException} may escape a decoder; whatever decodes must encode without
 * refusal, decode again to an equal value, and encode to the same bytes again, so that {@code
 * decode(encode(decode(x)))} is stable.
 *
 * <p>Input: the bytes to decode; the noise payload decoder also gets them after a version byte 1,
 * so that the fuzzer reaches its sections without having to find that byte first. Seeds: every
 * encoding of {@code dht/hyperdht-messages.json} and the request values of {@code
 * dht/signatures.json}.
 */
class HyperDhtMessagesFuzzTest {
  /** A decoder and the encoder of what it returns. */
  record Codec<T>(String name, Function<byte[], T> decode, Function<T, byte[]> encode) {
    /** Returns whether the input decoded. */
    boolean check(byte[] input) {
      T value;
      try {
        value = decode.apply(input);
      } catch (EncodingException refused) {
        return false;
      }
      if (value == null) {
        throw new AssertionError(name + " decoded to null");
      }
      byte[] encoded = encode.apply(value);
      T again;
      try {
        again = decode.apply(encoded);
      } catch (EncodingException e) {
        throw new AssertionError(name + " cannot decode its own encoding of " + value, e);
      }
      if (!again.equals(value)) {
        throw new AssertionError(name + ": " + value + " came back as " + again);
      }
      if (!Arrays.equals(encode.apply(again), encoded)) {
        throw new AssertionError(name + ": the encoding of " + value + " is not stable");
      }
      return true;
    }
  }

  static final List<Codec<?>> CODECS =
      List.of(
          new Codec<HandshakeMessage>(
              "handshake", HandshakeMessages::decodeHandshake, HandshakeMessages::encode),
          new Codec<HolepunchMessage>(
              "holepunch", HandshakeMessages::decodeHolepunch, HandshakeMessages::encode),
          new Codec<HolepunchPayload>(
              "holepunchPayload",
              HandshakeMessages::decodeHolepunchPayload,
              HandshakeMessages::encode),
          new Codec<NoisePayload>("noisePayload", NoisePayloads::decode, NoisePayloads::encode),
          new Codec<PeerRecord>("peer", PeerRecords::decode, PeerRecords::encode),
          new Codec<List<PeerRecord>>(
              "peers", PeerRecords::decodePeers, PeerRecords::encodePeers),
          new Codec<LookupReply>(
              "lookupRawReply", PeerRecords::decodeLookupReply, PeerRecords::encode),
          new Codec<AnnounceMessage>("announce", PeerRecords::decodeAnnounce, PeerRecords::encode),
          new Codec<MutableSignable>(
              "mutableSignable", ValueMessages::decodeMutableSignable, ValueMessages::encode),
          new Codec<MutablePutRequest>(
              "mutablePutRequest", ValueMessages::decodeMutablePutRequest, ValueMessages::encode),
          new Codec<MutableGetResponse>(
              "mutableGetResponse",
              ValueMessages::decodeMutableGetResponse,
              ValueMessages::encode),
          new Codec<Long>(
              "mutableGetRequest",
              ValueMessages::decodeMutableGetRequest,
              ValueMessages::encodeMutableGetRequest),
          new Codec<PluginRequest>(
              "pluginRequest", ValueMessages::decodePluginRequest, ValueMessages::encode));

  private static final Codec<NoisePayload> NOISE_PAYLOAD =
      new Codec<>("noisePayload", NoisePayloads::decode, NoisePayloads::encode);

  @FuzzTest
  void decodeEveryMessage(byte[] input) {
    for (Codec<?> codec : CODECS) {
      codec.check(input);
    }
    byte[] versioned = new byte[input.length + 1];
    versioned[0] = 1;
    System.arraycopy(input, 0, versioned, 1, input.length);
    NOISE_PAYLOAD.check(versioned);
  }
}
