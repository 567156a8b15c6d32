package io.protomux.wakeup.domain.protomux;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** What one mux knows about a (protocol, id) pair: opens waiting on either side, and counts. */
final class ChannelInfo {
  final String key;
  final List<String> aliasKeys = new ArrayList<>();
  final String protocol;
  final byte[] id;
  int pairing;
  int opened;
  final ArrayDeque<Integer> incoming = new ArrayDeque<>();
  final List<Integer> outgoing = new ArrayList<>();
  Channel<?> lastChannel;

  ChannelInfo(String key, String protocol, byte[] id) {
    this.key = key;
    this.protocol = protocol;
    this.id = id;
  }

  boolean isUnused() {
    return opened == 0 && outgoing.isEmpty() && incoming.isEmpty();
  }

  static String key(String protocol, byte[] id) {
    return protocol + "##" + (id == null ? "" : HexFormat.of().formatHex(id));
  }
}
