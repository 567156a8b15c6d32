package io.protomux.wakeup.domain.dht;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dht-rpc response (type byte {@code 0x13}), with the fields of the reference's reply in wire
 * order: tid, to, id, token, closerNodes, error, value.
 *
 * @param tid the tid of the request answered, 0..65535
 * @param to the requester's address as the responder saw it (how nodes learn their public address)
 * @param id the responder's node id (persistent node, server socket only), or null
 * @param token a fresh token for the requester's host, or null
 * @param closerNodes nodes closer to the request's target, or null when the flag is not set;
 *     unmodifiable
 * @param error 0 for success (then the error flag is not set), else an error code ({@link
 *     Commands})
 * @param value the command's reply payload, or null
 */
public record DhtResponse(
    int tid,
    PeerAddress to,
    byte[] id,
    byte[] token,
    List<PeerAddress> closerNodes,
    long error,
    byte[] value)
    implements DhtMessage {
  /** Flags bit 0: an id follows {@code to}. */
  public static final int FLAG_ID = 1;
  /** Flags bit 1: a token follows. */
  public static final int FLAG_TOKEN = 2;
  /** Flags bit 2: closer nodes follow. */
  public static final int FLAG_CLOSER_NODES = 4;
  /** Flags bit 3: a non-zero error code follows. */
  public static final int FLAG_ERROR = 8;
  /** Flags bit 4: a value ends the message. */
  public static final int FLAG_VALUE = 16;

  /** Checks the ranges and copies the arrays and list, so the record cannot be changed. */
  public DhtResponse {
    Bytes.checkTid(tid);
    Objects.requireNonNull(to, "to");
    id = Bytes.fixed32(id, "id");
    token = Bytes.fixed32(token, "token");
    if (closerNodes != null) {
      if (closerNodes.size() > Messages.MAX_CLOSER_NODES) {
        throw new IllegalArgumentException(
            closerNodes.size() + " closer nodes, at most " + Messages.MAX_CLOSER_NODES);
      }
      closerNodes = List.copyOf(closerNodes);
    }
    Bytes.checkUint(error, "error");
    value = Bytes.copy(value);
  }

  /** The flags byte this response is sent with, derived from which fields are present. */
  public int flags() {
    return (id != null ? FLAG_ID : 0)
        | (token != null ? FLAG_TOKEN : 0)
        | (closerNodes != null ? FLAG_CLOSER_NODES : 0)
        | (error != 0 ? FLAG_ERROR : 0)
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

  @Override
  public byte[] value() {
    return Bytes.copy(value);
  }

  // The arrays themselves, for the encoder: a reply is encoded once and dropped, so copying each
  // array on the way out only made garbage.
  byte[] idUncopied() {
    return id;
  }

  byte[] tokenUncopied() {
    return token;
  }

  byte[] valueUncopied() {
    return value;
  }

  /** Equal when every field is; arrays compare by content. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DhtResponse r
        && tid == r.tid
        && error == r.error
        && to.equals(r.to)
        && Objects.equals(closerNodes, r.closerNodes)
        && Arrays.equals(id, r.id)
        && Arrays.equals(token, r.token)
        && Arrays.equals(value, r.value);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(tid, to, closerNodes, error);
    h = 31 * h + Arrays.hashCode(id);
    h = 31 * h + Arrays.hashCode(token);
    return 31 * h + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "DhtResponse[tid=" + tid + ", to=" + to + ", id=" + Bytes.hex(id)
        + ", token=" + Bytes.hex(token) + ", closerNodes=" + closerNodes + ", error=" + error
        + ", value=" + Bytes.hex(value) + "]";
  }
}
