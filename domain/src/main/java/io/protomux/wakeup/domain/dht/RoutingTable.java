package io.protomux.wakeup.domain.dht;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * kademlia-routing-table 1.0.6: 256 rows, one per bit of the id; a node goes into the row of the
 * first bit where its id differs from ours, each row holds at most k nodes sorted by id.
 *
 * <p>What the reference does with a full row (ping the least recently pinged and swap) belongs to
 * the node that owns the table ({@code NodeTable}); here a full row refuses the newcomer, and
 * {@link #row} tells whom it would compete with.
 */
public final class RoutingTable {
  private final byte[] id;
  private final int k;
  private final Row[] rows = new Row[256];
  private int size;

  /** A table around {@code id} (32 bytes) with rows of {@code k}. */
  public RoutingTable(byte[] id, int k) {
    if (id.length != NodeId.LENGTH) {
      throw new IllegalArgumentException("id must be 32 bytes, got " + id.length);
    }
    this.id = id.clone();
    this.k = k;
  }

  /** The id the table is organised around. */
  public byte[] id() {
    return id.clone();
  }

  boolean isOwnId(byte[] other) {
    return Arrays.equals(id, other);
  }

  /** The row size. */
  public int k() {
    return k;
  }

  /** Nodes held. */
  public int size() {
    return size;
  }

  /**
   * Adds the node, or replaces the one with the same id.
   *
   * @return false if its row is full (the newcomer is not added)
   */
  public boolean add(DhtPeer node) {
    int i = diff(node.rawId());
    Row row = rows[i];
    if (row == null) {
      row = rows[i] = new Row();
    }
    int at = row.search(node.rawId());
    if (at >= 0) {
      row.nodes.set(at, node);
      return true;
    }
    if (row.nodes.size() >= k) {
      return false;
    }
    row.nodes.add(-at - 1, node);
    size++;
    return true;
  }

  /** The nodes of the row {@code nodeId} belongs in, sorted by id (a copy). */
  List<DhtPeer> row(byte[] nodeId) {
    Row row = rows[diff(nodeId)];
    return row == null ? List.of() : List.copyOf(row.nodes);
  }

  /** Removes the node with this id; returns whether one was held. */
  public boolean remove(byte[] nodeId) {
    Row row = rows[diff(nodeId)];
    if (row == null) {
      return false;
    }
    int at = row.search(nodeId);
    if (at < 0) {
      return false;
    }
    row.nodes.remove(at);
    size--;
    return true;
  }

  /** The node with this id, or null. */
  public DhtPeer get(byte[] nodeId) {
    Row row = rows[diff(nodeId)];
    if (row == null) {
      return null;
    }
    int at = row.search(nodeId);
    return at < 0 ? null : row.nodes.get(at);
  }

  /**
   * Up to {@code count} nodes near {@code target}, in the reference's order: the target's row,
   * then the rows below it down to 0, then the rows above. Not sorted by distance.
   */
  public List<DhtPeer> closest(byte[] target, int count) {
    return collect(target, count, node -> node);
  }

  /** The addresses of {@link #closest}'s nodes, what a reply's closer nodes carry. */
  public List<PeerAddress> closestAddresses(byte[] target, int count) {
    return collect(target, count, DhtPeer::address);
  }

  private <T> List<T> collect(byte[] target, int count, Function<DhtPeer, T> as) {
    List<T> result = new ArrayList<>(Math.min(count, size));
    int d = diff(target);
    for (int i = d; i >= 0 && result.size() < count; i--) {
      pushNodes(i, count, result, as);
    }
    for (int i = d + 1; i < rows.length && result.size() < count; i++) {
      pushNodes(i, count, result, as);
    }
    return result;
  }

  /** The node at position {@code n} counting through the rows (for picking one at random). */
  public DhtPeer nth(int n) {
    for (Row row : rows) {
      if (row == null) {
        continue;
      }
      if (n < row.nodes.size()) {
        return row.nodes.get(n);
      }
      n -= row.nodes.size();
    }
    return null;
  }

  /** Every node, nearest rows first. */
  public List<DhtPeer> toList() {
    return closest(id, Integer.MAX_VALUE);
  }

  private <T> void pushNodes(int i, int count, List<T> result, Function<DhtPeer, T> as) {
    Row row = rows[i];
    if (row == null) {
      return;
    }
    int missing = Math.min(count - result.size(), row.nodes.size());
    for (int j = 0; j < missing; j++) {
      result.add(as.apply(row.nodes.get(j)));
    }
  }

  private int diff(byte[] other) {
    for (int i = 0; i < other.length; i++) {
      int a = other[i] & 0xff;
      int b = id[i] & 0xff;
      if (a != b) {
        return i * 8 + Integer.numberOfLeadingZeros(a ^ b) - 24;
      }
    }
    return rows.length - 1;
  }

  private static final class Row {
    final List<DhtPeer> nodes = new ArrayList<>();

    int search(byte[] nodeId) {
      int l = 0;
      int r = nodes.size() - 1;
      while (l <= r) {
        int m = (l + r) >>> 1;
        int c = Arrays.compareUnsigned(nodeId, nodes.get(m).rawId());
        if (c == 0) {
          return m;
        }
        if (c < 0) {
          r = m - 1;
        } else {
          l = m + 1;
        }
      }
      return -(l + 1);
    }
  }
}
