package io.protomux.wakeup.domain.dht;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

  // Insertion order is interaction order: touch() moves a node to the end.
  private final LinkedHashMap<DhtPeer, DhtPeer> nodes = new LinkedHashMap<>();
  private final List<Listener> listeners = new ArrayList<>();
  private RoutingTable table;

  NodeTable(byte[] id) {
    table = new RoutingTable(id, Messages.K);
  }

  RoutingTable table() {
    return table;
  }

  int size() {
    return nodes.size();
  }

  boolean has(DhtPeer node) {
    return nodes.containsKey(node);
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
    nodes.put(node, node);
    for (Listener listener : List.copyOf(listeners)) {
      listener.onChange(true, node);
    }
    return true;
  }

  /** Removes a node held; does nothing for one that is not. */
  void remove(DhtPeer node) {
    if (nodes.remove(node) == null) {
      return;
    }
    table.remove(node.rawId());
    for (Listener listener : List.copyOf(listeners)) {
      listener.onChange(false, node);
    }
  }

  /** The node has just been heard from: it becomes the most recent. */
  void touch(DhtPeer node) {
    if (nodes.remove(node) != null) {
      nodes.put(node, node);
    }
  }

  /** Up to {@code count} nodes, the longest unheard-from first. */
  List<DhtPeer> oldest(int count) {
    List<DhtPeer> out = new ArrayList<>(Math.min(count, nodes.size()));
    Iterator<DhtPeer> it = nodes.keySet().iterator();
    while (it.hasNext() && out.size() < count) {
      out.add(it.next());
    }
    return out;
  }

  /** Up to {@code count} nodes, the most recently heard-from first. */
  List<DhtPeer> latest(int count) {
    List<DhtPeer> all = new ArrayList<>(nodes.keySet());
    List<DhtPeer> out = new ArrayList<>(Math.min(count, all.size()));
    for (int i = all.size() - 1; i >= 0 && out.size() < count; i--) {
      out.add(all.get(i));
    }
    return out;
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
        nodes.remove(node);
      }
    }
  }
}
