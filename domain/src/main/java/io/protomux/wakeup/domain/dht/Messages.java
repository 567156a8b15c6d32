package io.protomux.wakeup.domain.dht;

import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.encoding.State;
import java.util.ArrayList;
import java.util.List;

/**
 * The dht-rpc datagram codec, byte-exact with dht-rpc 6.27.0 ({@code lib/io.js} encodes and
 * decodes requests and replies with the {@code messages.js} address codecs).
 *
 * <p>Layout: type byte ({@link #REQUEST_ID} or {@link #RESPONSE_ID}), flags ({@code uint}), tid
 * ({@code uint16} LE), to (6-byte address), then the optional fields whose flag bits are set, in
 * a fixed order (see {@link DhtRequest} and {@link DhtResponse}).
 *
 * <p>Decoding follows the reference: flag bits it does not know are ignored, and so are bytes
 * after the last field; a value of length 0 decodes to an empty array (compact-encoding 3.5.2, which dht-rpc 6.27.0
 * resolves to, returns an empty buffer) and an error field of 0 to success,
 * so re-encoding a decoded message may give fewer bytes than were received. It differs in one way: the reference drops a datagram that fails to
 * decode silently, while this throws {@link EncodingException} (and only that) so the caller can
 * drop it and count why. It never allocates more than the input holds: every length and count is
 * checked against the remaining bytes first, and closer nodes are capped at {@link
 * #MAX_CLOSER_NODES}.
 */
public final class Messages {
  /** Low nibble of the type byte: dht-rpc wire version 3. */
  public static final int VERSION = 3;
  /** Type byte of a request: kind 0 in the high nibble, version 3. */
  public static final int REQUEST_ID = 0x00 | VERSION;
  /** Type byte of a response: kind 1 in the high nibble, version 3. */
  public static final int RESPONSE_ID = 0x10 | VERSION;
  /** k, the number of closer nodes an honest reference node puts in a reply. */
  public static final int K = 20;
  /**
   * The most closer nodes decoded or encoded in one response: 256 (1536 bytes, about one
   * Ethernet-sized datagram), generously above the k = 20 an honest node sends, so a hostile
   * reply cannot flood a query with addresses. The reference has no cap of its own.
   */
  public static final int MAX_CLOSER_NODES = 256;

  private Messages() {}

  /** Encodes either kind of message. */
  public static byte[] encode(DhtMessage message) {
    return message instanceof DhtRequest r ? encodeRequest(r) : encodeResponse((DhtResponse) message);
  }

  /**
   * Decodes a datagram of either kind, told apart by its first byte.
   *
   * @throws EncodingException if the datagram is empty, has another type byte, or is malformed
   */
  public static DhtMessage decode(byte[] datagram) {
    return decode(datagram, 0, datagram.length);
  }

  /** Like {@link #decode(byte[])} over {@code datagram[offset..offset+length)}, without copying. */
  public static DhtMessage decode(byte[] datagram, int offset, int length) {
    State state = State.wrap(datagram, offset, offset + length);
    int type = state.readByte("type");
    if (type == REQUEST_ID) {
      return decodeRequestBody(state);
    } else if (type == RESPONSE_ID) {
      return decodeResponseBody(state);
    }
    throw new EncodingException(typeError(type));
  }

  /** Encodes a request to its exact bytes. */
  public static byte[] encodeRequest(DhtRequest m) {
    int flags = m.flags();
    byte[] id = m.id();
    byte[] token = m.token();
    byte[] target = m.target();
    byte[] value = m.value();
    State state = new State();
    state.add(1);
    Codecs.UINT.preencodeLong(state, flags);
    state.add(2 + PeerAddress.ENCODED_LENGTH);
    if (id != null) state.add(32);
    if (token != null) state.add(32);
    Codecs.UINT.preencodeLong(state, m.command());
    if (target != null) state.add(32);
    if (value != null) Codecs.BUFFER.preencode(state, value);
    state.allocate();
    state.writeByte(REQUEST_ID);
    Codecs.UINT.encodeLong(state, flags);
    Codecs.UINT16.encodeLong(state, m.tid());
    m.to().encode(state);
    if (id != null) Codecs.FIXED32.encode(state, id);
    if (token != null) Codecs.FIXED32.encode(state, token);
    Codecs.UINT.encodeLong(state, m.command());
    if (target != null) Codecs.FIXED32.encode(state, target);
    if (value != null) Codecs.BUFFER.encode(state, value);
    return state.buffer();
  }

  /**
   * Decodes a request, type byte included.
   *
   * @throws EncodingException if the type byte is not {@link #REQUEST_ID} or the bytes are malformed
   */
  public static DhtRequest decodeRequest(byte[] datagram) {
    State state = State.wrap(datagram);
    int type = state.readByte("type");
    if (type != REQUEST_ID) {
      throw new EncodingException(typeError(type) + ", expected a request (0x03)");
    }
    return decodeRequestBody(state);
  }

  private static DhtRequest decodeRequestBody(State state) {
    long flags = Codecs.UINT.decodeLong(state);
    int tid = (int) Codecs.UINT16.decodeLong(state);
    PeerAddress to = PeerAddress.decode(state);
    byte[] id = (flags & DhtRequest.FLAG_ID) != 0 ? Codecs.FIXED32.decode(state) : null;
    byte[] token = (flags & DhtRequest.FLAG_TOKEN) != 0 ? Codecs.FIXED32.decode(state) : null;
    boolean internal = (flags & DhtRequest.FLAG_INTERNAL) != 0;
    long command = Codecs.UINT.decodeLong(state);
    byte[] target = (flags & DhtRequest.FLAG_TARGET) != 0 ? Codecs.FIXED32.decode(state) : null;
    byte[] value = (flags & DhtRequest.FLAG_VALUE) != 0 ? decodeValue(state) : null;
    return new DhtRequest(tid, to, id, token, internal, command, target, value);
  }

  /** Encodes a response to its exact bytes. */
  public static byte[] encodeResponse(DhtResponse m) {
    int flags = m.flags();
    byte[] id = m.idUncopied();
    byte[] token = m.tokenUncopied();
    List<PeerAddress> closer = m.closerNodes();
    byte[] value = m.valueUncopied();
    State state = new State();
    state.add(1);
    Codecs.UINT.preencodeLong(state, flags);
    state.add(2 + PeerAddress.ENCODED_LENGTH);
    if (id != null) state.add(32);
    if (token != null) state.add(32);
    if (closer != null) {
      Codecs.UINT.preencodeLong(state, closer.size());
      state.add((long) closer.size() * PeerAddress.ENCODED_LENGTH);
    }
    if (m.error() != 0) Codecs.UINT.preencodeLong(state, m.error());
    if (value != null) Codecs.BUFFER.preencode(state, value);
    state.allocate();
    state.writeByte(RESPONSE_ID);
    Codecs.UINT.encodeLong(state, flags);
    Codecs.UINT16.encodeLong(state, m.tid());
    m.to().encode(state);
    if (id != null) Codecs.FIXED32.encode(state, id);
    if (token != null) Codecs.FIXED32.encode(state, token);
    if (closer != null) {
      Codecs.UINT.encodeLong(state, closer.size());
      for (PeerAddress node : closer) {
        node.encode(state);
      }
    }
    if (m.error() != 0) Codecs.UINT.encodeLong(state, m.error());
    if (value != null) Codecs.BUFFER.encode(state, value);
    return state.buffer();
  }

  /**
   * Decodes a response, type byte included.
   *
   * @throws EncodingException if the type byte is not {@link #RESPONSE_ID} or the bytes are
   *     malformed
   */
  public static DhtResponse decodeResponse(byte[] datagram) {
    State state = State.wrap(datagram);
    int type = state.readByte("type");
    if (type != RESPONSE_ID) {
      throw new EncodingException(typeError(type) + ", expected a response (0x13)");
    }
    return decodeResponseBody(state);
  }

  private static DhtResponse decodeResponseBody(State state) {
    long flags = Codecs.UINT.decodeLong(state);
    int tid = (int) Codecs.UINT16.decodeLong(state);
    PeerAddress to = PeerAddress.decode(state);
    byte[] id = (flags & DhtResponse.FLAG_ID) != 0 ? Codecs.FIXED32.decode(state) : null;
    byte[] token = (flags & DhtResponse.FLAG_TOKEN) != 0 ? Codecs.FIXED32.decode(state) : null;
    List<PeerAddress> closer =
        (flags & DhtResponse.FLAG_CLOSER_NODES) != 0 ? decodeCloserNodes(state) : null;
    // An error flag carrying 0 decodes as success, as in the reference (0 is "no error").
    long error = (flags & DhtResponse.FLAG_ERROR) != 0 ? Codecs.UINT.decodeLong(state) : 0;
    byte[] value = (flags & DhtResponse.FLAG_VALUE) != 0 ? decodeValue(state) : null;
    return new DhtResponse(tid, to, id, token, closer, error, value);
  }

  /**
   * The value: the reference decodes it with compact-encoding 3's {@code buffer}, whose length 0
   * decodes to an empty buffer (2.x gave null), so an empty value that was sent comes back empty
   * and re-encodes with its flag.
   */
  private static byte[] decodeValue(State state) {
    byte[] value = Codecs.OPTIONAL_BUFFER.decode(state);
    return value == null ? new byte[0] : value;
  }

  private static List<PeerAddress> decodeCloserNodes(State state) {
    long count = Codecs.UINT.decodeLong(state);
    if (count > MAX_CLOSER_NODES) {
      throw new EncodingException(
          "closerNodes count " + count + " is above the cap of " + MAX_CLOSER_NODES);
    }
    // Checked before the list is sized, so a short datagram cannot make us allocate for 256.
    if (count * PeerAddress.ENCODED_LENGTH > state.remaining()) {
      throw new EncodingException(
          "out of bounds: " + count + " closerNodes need " + count * PeerAddress.ENCODED_LENGTH
              + " bytes, " + state.remaining() + " left");
    }
    List<PeerAddress> nodes = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      nodes.add(PeerAddress.decode(state));
    }
    return nodes;
  }

  private static String typeError(int type) {
    return String.format("not a dht-rpc message: type byte 0x%02x", type);
  }
}
