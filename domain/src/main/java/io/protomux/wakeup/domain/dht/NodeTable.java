package io.protomux.wakeup.domain.dht;

import java.util.ArrayList;
import java.util.List;

/**
 * The nodes a dht-rpc node knows: the routing table and, over the same nodes, dht-rpc's
 * time-ordered set (oldest interaction first), which the ping rounds walk from the old end and the
 * firewall check takes from the new end. Tells its listeners of every node that enters or leaves.
 */
final class NodeTable {
  /** Told of every node added to or removed from the table. */
  @FunctionalInterface
  interface Listener {
    void onChange(boolean added, DhtPeer node);
  }

  // Oldest interaction at the head: touch() moves a node to the tail.
  private DhtPeer head;
  private DhtPeer tail;
  private int size;
  private final List<Listener> listeners = new ArrayList<>();
  private RoutingTable table;

  NodeTable(byte[] id) {
    table = new RoutingTable(id, Messages.K);
  }

  RoutingTable table() {
    return table;
  }

  int size() {
    return size;
  }

  boolean has(DhtPeer node) {
    return node.listed;
  }

  DhtPeer get(byte[] id) {
    return table.get(id);
  }

  void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** Adds a node not held yet; false if its row is full (then nothing changed). */
  boolean add(DhtPeer node) {
    if (!table.add(node)) {
      return false;
    }
    append(node);
    for (Listener listener : List.copyOf(listeners)) {
      listener.onChange(true, node);
    }
    return true;
  }

  /** Removes a node held; does nothing for one that is not. */
  void remove(DhtPeer node) {
    if (!node.listed) {
      return;
    }
    unlink(node);
    table.remove(node.rawId());
    for (Listener listener : List.copyOf(listeners)) {
      listener.onChange(false, node);
    }
  }

  /** The node has just been heard from: it becomes the most recent. */
  void touch(DhtPeer node) {
    if (node.listed) {
      unlink(node);
      append(node);
    }
  }

  /** Up to {@code count} nodes, the longest unheard-from first. */
  List<DhtPeer> oldest(int count) {
    List<DhtPeer> out = new ArrayList<>(Math.min(count, size));
    for (DhtPeer node = head; node != null && out.size() < count; node = node.newer) {
      out.add(node);
    }
    return out;
  }

  /** Up to {@code count} nodes, the most recently heard-from first. */
  List<DhtPeer> latest(int count) {
    List<DhtPeer> out = new ArrayList<>(Math.min(count, size));
    for (DhtPeer node = tail; node != null && out.size() < count; node = node.older) {
      out.add(node);
    }
    return out;
  }

  private void append(DhtPeer node) {
    node.older = tail;
    node.newer = null;
    if (tail != null) {
      tail.newer = node;
    } else {
      head = node;
    }
    tail = node;
    node.listed = true;
    size++;
  }

  private void unlink(DhtPeer node) {
    if (node.older != null) {
      node.older.newer = node.newer;
    } else {
      head = node.newer;
    }
    if (node.newer != null) {
      node.newer.older = node.older;
    } else {
      tail = node.older;
    }
    node.older = null;
    node.newer = null;
    node.listed = false;
    size--;
  }

  /**
   * Re-keys the table around a new id (the node became persistent): nodes that no longer fit,
   * or that have the new id, leave, without a remove event, as the reference's re-key.
   */
  void rekey(byte[] id) {
    List<DhtPeer> held = table.toList();
    table = new RoutingTable(id, Messages.K);
    for (DhtPeer node : held) {
      if (table.isOwnId(node.rawId()) || !table.add(node)) {
        unlink(node);
      }
    }
  }
}
