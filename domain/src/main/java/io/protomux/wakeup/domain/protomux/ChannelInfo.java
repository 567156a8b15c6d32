package io.protomux.wakeup.domain.protomux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What one mux knows about a (protocol, id) pair: opens waiting on either side, and counts.
 *
 * <p>A mux holds one per channel key, so it is kept small: the queues of opens exist only while
 * opens wait in them (most channels pair at once, and then hold none).
 */
final class ChannelInfo {
  final String key;
  List<String> aliasKeys = List.of();
  final String protocol;
  final byte[] id;
  int pairing;
  int opened;
  Channel<?> lastChannel;
  // Remote opens waiting for a local channel, and local opens waiting for the remote's; null when
  // empty.
  private ArrayDeque<Integer> incoming;
  private List<Integer> outgoing;

  ChannelInfo(String key, String protocol, byte[] id) {
    this.key = key;
    this.protocol = protocol;
    this.id = id;
  }

  boolean isUnused() {
    return opened == 0 && outgoing == null && incoming == null;
  }

  boolean hasIncoming() {
    return incoming != null;
  }

  void addIncoming(int remoteId) {
    if (incoming == null) {
      incoming = new ArrayDeque<>(2);
    }
    incoming.add(remoteId);
  }

  /** The oldest waiting remote open; only when {@link #hasIncoming()}. */
  int pollIncoming() {
    int remoteId = incoming.poll();
    if (incoming.isEmpty()) {
      incoming = null;
    }
    return remoteId;
  }

  boolean hasOutgoing() {
    return outgoing != null;
  }

  void addOutgoing(int localId) {
    if (outgoing == null) {
      outgoing = new ArrayList<>(1);
    }
    outgoing.add(localId);
  }

  /** The oldest waiting local open; only when {@link #hasOutgoing()}. */
  int pollOutgoing() {
    int localId = outgoing.remove(0);
    if (outgoing.isEmpty()) {
      outgoing = null;
    }
    return localId;
  }

  /** Removes a waiting local open; false if it is not waiting here. */
  boolean removeOutgoing(int localId) {
    if (outgoing == null) {
      return false;
    }
    int at = outgoing.indexOf(localId);
    if (at < 0) {
      return false;
    }
    outgoing.remove(at);
    if (outgoing.isEmpty()) {
      outgoing = null;
    }
    return true;
  }

  /**
   * The map key of a (protocol, id) pair. Like the reference's {@code protocol + '##' + hex(id)},
   * a null id and an empty one give the same key; unlike it, the id's bytes go in as they are, one
   * char each (half the size of hex, and nothing to format), after the protocol's length, which
   * keeps every pair's key distinct.
   */
  static String key(String protocol, byte[] id) {
    String idChars = id == null ? "" : new String(id, StandardCharsets.ISO_8859_1);
    return (char) protocol.length() + protocol + idChars;
  }
}
