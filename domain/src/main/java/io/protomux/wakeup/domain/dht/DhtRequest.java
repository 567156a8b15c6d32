package io.protomux.wakeup.domain.dht;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dht-rpc request (type byte {@code 0x03}), with the fields of the reference's {@code Request}
 * in wire order.
 *
 * <p>{@code internal} is part of the command's identity: internal PING and hyperdht's
 * PEER_HANDSHAKE are both command 0 and differ only by this flag (flags bit 2).
 *
 * @param tid transaction id, 0..65535
 * @param to the destination as the requester knows it
 * @param id the requester's node id (only a persistent node, only from its server socket), or null
 * @param token a token this receiver issued earlier (write commands), or null
 * @param internal whether {@code command} is a dht-rpc internal command ({@link Commands})
 * @param command the command number, 0..2^53-1
 * @param target the 32-byte key looked up or stored, or null
 * @param value the command's payload, or null; an empty array is sent as the flag plus length 0,
 *     which the receiver (like the reference) decodes as null
 */
public record DhtRequest(
    int tid,
    PeerAddress to,
    byte[] id,
    byte[] token,
    boolean internal,
    long command,
    byte[] target,
    byte[] value)
    implements DhtMessage {
  /** Flags bit 0: an id follows {@code to}. */
  public static final int FLAG_ID = 1;
  /** Flags bit 1: a token follows. */
  public static final int FLAG_TOKEN = 2;
  /** Flags bit 2: the command is internal. */
  public static final int FLAG_INTERNAL = 4;
  /** Flags bit 3: a target follows the command. */
  public static final int FLAG_TARGET = 8;
  /** Flags bit 4: a value ends the message. */
  public static final int FLAG_VALUE = 16;

  /** Checks the ranges and copies the arrays, so the record cannot be changed afterwards. */
  public DhtRequest {
    Bytes.checkTid(tid);
    Objects.requireNonNull(to, "to");
    id = Bytes.fixed32(id, "id");
    token = Bytes.fixed32(token, "token");
    Bytes.checkUint(command, "command");
    target = Bytes.fixed32(target, "target");
    value = Bytes.copy(value);
  }

  /** The flags byte this request is sent with, derived from which fields are present. */
  public int flags() {
    return (id != null ? FLAG_ID : 0)
        | (token != null ? FLAG_TOKEN : 0)
        | (internal ? FLAG_INTERNAL : 0)
        | (target != null ? FLAG_TARGET : 0)
        | (value != null ? FLAG_VALUE : 0);
  }

  @Override
  public byte[] id() {
    return Bytes.copy(id);
  }

  @Override
  public byte[] token() {
    return Bytes.copy(token);
  }

  /** The target (a copy), or null. */
  @Override
  public byte[] target() {
    return Bytes.copy(target);
  }

  @Override
  public byte[] value() {
    return Bytes.copy(value);
  }

  /** The same request with another id, e.g. null when a node is not (or no longer) persistent. */
  public DhtRequest withId(byte[] newId) {
    return new DhtRequest(tid, to, newId, token, internal, command, target, value);
  }

  /** Equal when every field is; arrays compare by content. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DhtRequest r
        && tid == r.tid
        && internal == r.internal
        && command == r.command
        && to.equals(r.to)
        && Arrays.equals(id, r.id)
        && Arrays.equals(token, r.token)
        && Arrays.equals(target, r.target)
        && Arrays.equals(value, r.value);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(tid, to, internal, command);
    h = 31 * h + Arrays.hashCode(id);
    h = 31 * h + Arrays.hashCode(token);
    h = 31 * h + Arrays.hashCode(target);
    return 31 * h + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    String name = internal ? Commands.internalName(command) : null;
    return "DhtRequest[tid=" + tid + ", to=" + to + ", id=" + Bytes.hex(id)
        + ", token=" + Bytes.hex(token) + ", internal=" + internal + ", command=" + command
        + (name != null ? " (" + name + ")" : "") + ", target=" + Bytes.hex(target)
        + ", value=" + Bytes.hex(value) + "]";
  }
}
