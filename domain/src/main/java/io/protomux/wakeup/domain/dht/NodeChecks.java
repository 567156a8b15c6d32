package io.protomux.wakeup.domain.dht;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * dht-rpc's liveness checks of table nodes: the PING rounds of the background tick ({@code
 * _pingSome}), the check a received DOWN_HINT asks for, and the ping-and-swap that decides whether
 * a full row's least recently pinged node makes room for a newcomer. A node that does not answer,
 * or answers without presenting its id again (its {@code seen} tick did not move), leaves.
 */
final class NodeChecks {
  static final int RECENT_NODE_TICKS = 12;
  static final int OLD_NODE_TICKS = 360;
  private static final int MAX_REPINGS = 3;
  private static final int MAX_CHECKS = 10;

  private final DhtIo io;
  private final NodeTable nodes;
  private final IntSupplier tick;
  private final Consumer<DhtPeer> addNode;
  private int repinging;
  private int checks;

  /** @param addNode how the node adds a newcomer (with its NAT sampling) once a swap freed room */
  NodeChecks(DhtIo io, NodeTable nodes, IntSupplier tick, Consumer<DhtPeer> addNode) {
    this.io = io;
    this.nodes = nodes;
    this.tick = tick;
    this.addNode = addNode;
  }

  int checksRunning() {
    return checks;
  }

  int repingsRunning() {
    return repinging;
  }

  /**
   * The tick's round: the oldest few nodes (5; 3 with more than 2 requests in flight; 2 if even
   * the oldest was heard from within the last minute), stopping at one already pinged this tick.
   *
   * @return false if the table is empty (the caller refreshes instead)
   */
  boolean pingSome() {
    List<DhtPeer> oldest = nodes.oldest(5);
    if (oldest.isEmpty()) {
      return false;
    }
    int count = io.inflightCount() > 2 ? 3 : 5;
    int now = tick.getAsInt();
    if (now - oldest.get(0).pinged < RECENT_NODE_TICKS) {
      count = 2;
    }
    for (int i = 0; i < count && i < oldest.size(); i++) {
      DhtPeer node = oldest.get(i);
      if (node.pinged == now) {
        // The reference's loop does not move past such a node: the round ends here.
        break;
      }
      check(node);
    }
    return true;
  }

  /** A DOWN_HINT named the node at this encoded address: check it, at most 10 checks at once. */
  void onDownHint(byte[] hintedId) {
    if (checks >= MAX_CHECKS) {
      return;
    }
    DhtPeer node = nodes.get(hintedId);
    if (node != null && (node.pinged < tick.getAsInt() || node.downHints == 0)) {
      node.downHints++;
      check(node);
    }
  }

  /** PINGs the node; it leaves if silent, or if it answers without its id. */
  void check(DhtPeer node) {
    node.pinged = tick.getAsInt();
    int lastSeen = node.seen;
    checks++;
    io.createRequest(node.address(), null, null, true, Commands.PING, null, null)
        .onResponse((reply, request) -> {
          checks--;
          if (node.seen <= lastSeen) {
            nodes.remove(node);
          }
        })
        .onError((error, request) -> {
          checks--;
          nodes.remove(node);
        })
        .send();
  }

  /**
   * The newcomer's row is full ({@code _onfullrow}): once bootstrapped and with fewer than 3
   * re-pings running, the row's least recently pinged node (not pinged this tick) is pinged, unless
   * it was heard from within a minute and has been in the table more than 30 minutes; if it fails,
   * the newcomer takes its place.
   */
  void onFullRow(DhtPeer newcomer, boolean bootstrapped) {
    if (!bootstrapped || repinging >= MAX_REPINGS) {
      return;
    }
    int now = tick.getAsInt();
    DhtPeer oldest = null;
    for (DhtPeer node : nodes.table().row(newcomer.rawId())) {
      if (node.pinged == now) {
        continue;
      }
      if (oldest == null
          || oldest.pinged > node.pinged
          || (oldest.pinged == node.pinged && oldest.added > node.added)) {
        oldest = node;
      }
    }
    if (oldest == null) {
      return;
    }
    if (now - oldest.pinged < RECENT_NODE_TICKS && now - oldest.added > OLD_NODE_TICKS) {
      return;
    }
    repingAndSwap(newcomer, oldest);
  }

  private void repingAndSwap(DhtPeer newcomer, DhtPeer old) {
    int lastSeen = old.seen;
    old.pinged = tick.getAsInt();
    repinging++;
    io.createRequest(old.address(), null, null, true, Commands.PING, null, null)
        .onResponse((reply, request) -> {
          repinging--;
          if (old.seen <= lastSeen) {
            swap(newcomer, old);
          }
        })
        .onError((error, request) -> {
          repinging--;
          swap(newcomer, old);
        })
        .send();
  }

  private void swap(DhtPeer newcomer, DhtPeer old) {
    nodes.remove(old);
    addNode.accept(newcomer);
  }
}
