package io.protomux.wakeup.domain.udx;

import java.util.ArrayList;
import java.util.List;

/**
 * Live streams by id, open addressing on a power-of-two table: every arriving datagram is looked
 * up here, and a boxed {@code Integer} key per datagram is what a general map would cost.
 */
final class StreamTable {
  private int[] ids = new int[16];
  private UdxStream[] streams = new UdxStream[16];
  private int size;

  int size() {
    return size;
  }

  UdxStream get(int id) {
    int mask = ids.length - 1;
    for (int slot = mix(id) & mask; ; slot = (slot + 1) & mask) {
      UdxStream stream = streams[slot];
      if (stream == null) {
        return null;
      }
      if (ids[slot] == id) {
        return stream;
      }
    }
  }

  boolean contains(int id) {
    return get(id) != null;
  }

  void put(int id, UdxStream stream) {
    if ((size + 1) * 2 > ids.length) {
      resize(ids.length * 2);
    }
    insert(id, stream);
    size++;
  }

  /** Removes {@code id} if it maps to {@code stream}. */
  void remove(int id, UdxStream stream) {
    int mask = ids.length - 1;
    int slot = mix(id) & mask;
    while (streams[slot] != null && ids[slot] != id) {
      slot = (slot + 1) & mask;
    }
    if (streams[slot] != stream) {
      return;
    }
    streams[slot] = null;
    size--;
    // Re-insert the rest of the cluster so lookups that probed past this slot still find theirs.
    for (int next = (slot + 1) & mask; streams[next] != null; next = (next + 1) & mask) {
      UdxStream moved = streams[next];
      int movedId = ids[next];
      streams[next] = null;
      insert(movedId, moved);
    }
  }

  List<UdxStream> values() {
    List<UdxStream> out = new ArrayList<>(size);
    for (UdxStream stream : streams) {
      if (stream != null) {
        out.add(stream);
      }
    }
    return out;
  }

  private void insert(int id, UdxStream stream) {
    int mask = ids.length - 1;
    int slot = mix(id) & mask;
    while (streams[slot] != null) {
      slot = (slot + 1) & mask;
    }
    ids[slot] = id;
    streams[slot] = stream;
  }

  private void resize(int capacity) {
    int[] oldIds = ids;
    UdxStream[] oldStreams = streams;
    ids = new int[capacity];
    streams = new UdxStream[capacity];
    for (int i = 0; i < oldStreams.length; i++) {
      if (oldStreams[i] != null) {
        insert(oldIds[i], oldStreams[i]);
      }
    }
  }

  /** Ids are chosen by peers: spread them so sequential ones do not cluster. */
  private static int mix(int id) {
    int h = id * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
