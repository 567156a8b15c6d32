package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.encoding.State;

/**
 * Codecs of the mutable-value and plugin messages, byte-exact with hyperdht 6.34.0's {@code
 * messages.js}: {@link MutableSignable}, {@link MutablePutRequest}, {@link MutableGetResponse},
 * the MUTABLE_GET request value (a uint, the least seq wanted) and {@link PluginRequest}.
 *
 * <p>A value of length 0 decodes to an empty array, as compact-encoding 3's {@code buffer} gives
 * an empty buffer. Decoding ignores trailing bytes and throws only {@link EncodingException}.
 */
public final class ValueMessages {
  private ValueMessages() {}

  /** {@code uint seq || buffer value}. */
  public static byte[] encode(MutableSignable m) {
    byte[] value = m.value();
    State state = new State();
    Wire.preencodeUint(state, m.seq());
    Wire.preencodeBuffer(state, value);
    state.allocate();
    Wire.encodeUint(state, m.seq());
    Wire.encodeBuffer(state, value);
    return state.buffer();
  }

  /**
   * Decodes a mutable signable.
   *
   * @throws EncodingException if the bytes are truncated or malformed
   */
  public static MutableSignable decodeMutableSignable(byte[] bytes) {
    State state = State.wrap(bytes);
    long seq = Wire.readUint(state);
    return new MutableSignable(seq, Wire.readBuffer(state));
  }

  /** {@code fixed32 publicKey || uint seq || buffer value || fixed64 signature}. */
  public static byte[] encode(MutablePutRequest m) {
    byte[] value = m.value();
    State state = new State();
    state.add(32);
    Wire.preencodeUint(state, m.seq());
    Wire.preencodeBuffer(state, value);
    state.add(64);
    state.allocate();
    Wire.encodeFixed(state, m.publicKey());
    Wire.encodeUint(state, m.seq());
    Wire.encodeBuffer(state, value);
    Wire.encodeFixed(state, m.signature());
    return state.buffer();
  }

  /**
   * Decodes a MUTABLE_PUT request value.
   *
   * @throws EncodingException if the bytes are truncated or malformed
   */
  public static MutablePutRequest decodeMutablePutRequest(byte[] bytes) {
    State state = State.wrap(bytes);
    byte[] publicKey = Wire.readFixed(state, 32, "publicKey");
    long seq = Wire.readUint(state);
    byte[] value = Wire.readBuffer(state);
    byte[] signature = Wire.readFixed(state, 64, "signature");
    return new MutablePutRequest(publicKey, seq, value, signature);
  }

  /** {@code uint seq || buffer value || fixed64 signature}. */
  public static byte[] encode(MutableGetResponse m) {
    byte[] value = m.value();
    State state = new State();
    Wire.preencodeUint(state, m.seq());
    Wire.preencodeBuffer(state, value);
    state.add(64);
    state.allocate();
    Wire.encodeUint(state, m.seq());
    Wire.encodeBuffer(state, value);
    Wire.encodeFixed(state, m.signature());
    return state.buffer();
  }

  /**
   * Decodes a MUTABLE_GET reply value.
   *
   * @throws EncodingException if the bytes are truncated or malformed
   */
  public static MutableGetResponse decodeMutableGetResponse(byte[] bytes) {
    State state = State.wrap(bytes);
    long seq = Wire.readUint(state);
    byte[] value = Wire.readBuffer(state);
    byte[] signature = Wire.readFixed(state, 64, "signature");
    return new MutableGetResponse(seq, value, signature);
  }

  /** The MUTABLE_GET request value: the least seq the asker wants, as a uint. */
  public static byte[] encodeMutableGetRequest(long minimumSeq) {
    Wire.uint(minimumSeq, "seq");
    State state = new State();
    Wire.preencodeUint(state, minimumSeq);
    state.allocate();
    Wire.encodeUint(state, minimumSeq);
    return state.buffer();
  }

  /**
   * Decodes a MUTABLE_GET request value.
   *
   * @throws EncodingException if the bytes are truncated or the number is beyond 2^53-1
   */
  public static long decodeMutableGetRequest(byte[] bytes) {
    return Wire.readUint(State.wrap(bytes));
  }

  /** {@code string plugin || uint version || uint command || uint flags || [buffer value]}. */
  public static byte[] encode(PluginRequest m) {
    byte[] value = m.value();
    int flags = value != null ? PluginRequest.FLAG_VALUE : 0;
    State state = new State();
    Codecs.STRING.preencode(state, m.plugin());
    Wire.preencodeUint(state, m.version());
    Wire.preencodeUint(state, m.command());
    Wire.preencodeUint(state, flags);
    if (value != null) Wire.preencodeBuffer(state, value);
    state.allocate();
    Codecs.STRING.encode(state, m.plugin());
    Wire.encodeUint(state, m.version());
    Wire.encodeUint(state, m.command());
    Wire.encodeUint(state, flags);
    if (value != null) Wire.encodeBuffer(state, value);
    return state.buffer();
  }

  /**
   * Decodes a PLUGIN request value. An invalid UTF-8 name decodes with U+FFFD replacements, as in
   * the reference.
   *
   * @throws EncodingException if the bytes are truncated or malformed
   */
  public static PluginRequest decodePluginRequest(byte[] bytes) {
    State state = State.wrap(bytes);
    String plugin = Codecs.STRING.decode(state);
    long version = Wire.readUint(state);
    long command = Wire.readUint(state);
    long flags = Wire.readUint(state);
    byte[] value = (flags & PluginRequest.FLAG_VALUE) != 0 ? Wire.readBuffer(state) : null;
    return new PluginRequest(plugin, version, command, value);
  }
}
