package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.encoding.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Codecs of the records a storage node keeps and returns, byte-exact with hyperdht 6.34.0's
 * {@code messages.js}: {@link PeerRecord} ({@code peer}, the FIND_PEER reply value), a list of
 * them ({@code peers}), {@link LookupReply} ({@code lookupRawReply}) and {@link AnnounceMessage}
 * ({@code announce}).
 *
 * <p>Decoding ignores unknown flag bits and trailing bytes, as the reference does, and throws only
 * {@link EncodingException}; lists are capped as {@link HyperDhtLimits} says and by the bytes
 * left.
 */
public final class PeerRecords {
  /** The fewest bytes a record takes: its key and an empty address list. */
  public static final int MIN_RECORD_BYTES = PeerRecord.PUBLIC_KEY_BYTES + 1;

  private PeerRecords() {}

  /** {@code fixed32 publicKey || array(ipv4) relayAddresses}: what announces sign and nodes store. */
  public static byte[] encode(PeerRecord record) {
    State state = new State();
    preencode(state, record);
    state.allocate();
    encode(state, record);
    return state.buffer();
  }

  /**
   * Decodes one record, such as a FIND_PEER reply value.
   *
   * @throws EncodingException if the bytes are truncated or carry more than {@link
   *     HyperDhtLimits#MAX_RECORD_RELAY_ADDRESSES} relay addresses
   */
  public static PeerRecord decode(byte[] bytes) {
    return decode(State.wrap(bytes));
  }

  /** {@code array(peer)}. */
  public static byte[] encodePeers(List<PeerRecord> records) {
    checkCount(records.size());
    State state = new State();
    Wire.preencodeUint(state, records.size());
    for (PeerRecord r : records) {
      preencode(state, r);
    }
    state.allocate();
    Wire.encodeUint(state, records.size());
    for (PeerRecord r : records) {
      encode(state, r);
    }
    return state.buffer();
  }

  /**
   * Decodes {@code array(peer)}.
   *
   * @throws EncodingException if the bytes are truncated or a count is above its cap
   */
  public static List<PeerRecord> decodePeers(byte[] bytes) {
    return readPeers(State.wrap(bytes));
  }

  /** A LOOKUP reply from records: the count, each record, then the bump (always written). */
  public static byte[] encode(LookupReply reply) {
    List<byte[]> raw = new ArrayList<>(reply.peers().size());
    for (PeerRecord r : reply.peers()) {
      raw.add(encode(r));
    }
    return encodeLookupReply(raw, reply.bump());
  }

  /**
   * A LOOKUP reply from records kept already encoded, as a storage node keeps them: the count,
   * each record's bytes as they are (no length prefix), then the bump.
   *
   * @param encodedRecords each one record's encoding; not checked
   * @throws IllegalArgumentException if there are more than {@link
   *     HyperDhtLimits#MAX_LOOKUP_PEERS} records or the bump is not a uint
   */
  public static byte[] encodeLookupReply(List<byte[]> encodedRecords, long bump) {
    checkCount(encodedRecords.size());
    Wire.uint(bump, "bump");
    State state = new State();
    Wire.preencodeUint(state, encodedRecords.size());
    for (byte[] r : encodedRecords) {
      state.add(Objects.requireNonNull(r, "record").length);
    }
    Wire.preencodeUint(state, bump);
    state.allocate();
    Wire.encodeUint(state, encodedRecords.size());
    for (byte[] r : encodedRecords) {
      Wire.encodeFixed(state, r);
    }
    Wire.encodeUint(state, bump);
    return state.buffer();
  }

  /**
   * Decodes a LOOKUP reply: the records are self-delimiting, so this is {@code array(peer)}
   * followed by a bump that older nodes leave out (then 0).
   *
   * @throws EncodingException if the bytes are truncated or a count is above its cap
   */
  public static LookupReply decodeLookupReply(byte[] bytes) {
    State state = State.wrap(bytes);
    List<PeerRecord> peers = readPeers(state);
    long bump = state.remaining() > 0 ? Wire.readUint(state) : 0;
    return new LookupReply(peers, bump);
  }

  /**
   * {@code uint flags || [peer] || [fixed32 refresh] || [fixed64 signature] || [uint bump]}; the
   * bump is written only when it is not 0.
   */
  public static byte[] encode(AnnounceMessage m) {
    byte[] refresh = m.refresh();
    byte[] signature = m.signature();
    State state = new State();
    Wire.preencodeUint(state, m.flags());
    if (m.peer() != null) preencode(state, m.peer());
    if (refresh != null) state.add(refresh.length);
    if (signature != null) state.add(signature.length);
    if (m.bump() != 0) Wire.preencodeUint(state, m.bump());
    state.allocate();
    Wire.encodeUint(state, m.flags());
    if (m.peer() != null) encode(state, m.peer());
    if (refresh != null) Wire.encodeFixed(state, refresh);
    if (signature != null) Wire.encodeFixed(state, signature);
    if (m.bump() != 0) Wire.encodeUint(state, m.bump());
    return state.buffer();
  }

  /**
   * Decodes an ANNOUNCE or UNANNOUNCE value. A bump flag carrying 0 decodes as no bump.
   *
   * @throws EncodingException if the bytes are truncated or malformed
   */
  public static AnnounceMessage decodeAnnounce(byte[] bytes) {
    State state = State.wrap(bytes);
    long flags = Wire.readUint(state);
    PeerRecord peer = (flags & AnnounceMessage.FLAG_PEER) != 0 ? decode(state) : null;
    byte[] refresh =
        (flags & AnnounceMessage.FLAG_REFRESH) != 0
            ? Wire.readFixed(state, AnnounceMessage.REFRESH_BYTES, "refresh")
            : null;
    byte[] signature =
        (flags & AnnounceMessage.FLAG_SIGNATURE) != 0
            ? Wire.readFixed(state, AnnounceMessage.SIGNATURE_BYTES, "signature")
            : null;
    long bump = (flags & AnnounceMessage.FLAG_BUMP) != 0 ? Wire.readUint(state) : 0;
    return new AnnounceMessage(peer, refresh, signature, bump);
  }

  static void preencode(State state, PeerRecord record) {
    List<PeerAddress> relays = record.relayAddresses();
    checkRelayCount(relays.size());
    state.add(PeerRecord.PUBLIC_KEY_BYTES);
    Wire.preencodeIpv4s(state, relays);
  }

  static void encode(State state, PeerRecord record) {
    Wire.encodeFixed(state, record.publicKey());
    Wire.encodeIpv4s(state, record.relayAddresses());
  }

  static PeerRecord decode(State state) {
    byte[] publicKey = Wire.readFixed(state, PeerRecord.PUBLIC_KEY_BYTES, "peer publicKey");
    List<PeerAddress> relays =
        Wire.readIpv4s(state, HyperDhtLimits.MAX_RECORD_RELAY_ADDRESSES, "relayAddresses");
    return new PeerRecord(publicKey, relays);
  }

  private static List<PeerRecord> readPeers(State state) {
    return Wire.readArray(
        state, HyperDhtLimits.MAX_LOOKUP_PEERS, MIN_RECORD_BYTES, "peers", PeerRecords::decode);
  }

  private static void checkCount(int count) {
    if (count > HyperDhtLimits.MAX_LOOKUP_PEERS) {
      throw new IllegalArgumentException(
          count + " peer records, more than the cap of " + HyperDhtLimits.MAX_LOOKUP_PEERS);
    }
  }

  private static void checkRelayCount(int count) {
    if (count > HyperDhtLimits.MAX_RECORD_RELAY_ADDRESSES) {
      throw new IllegalArgumentException(
          count + " relay addresses in a peer record, more than the cap of "
              + HyperDhtLimits.MAX_RECORD_RELAY_ADDRESSES);
    }
  }
}
