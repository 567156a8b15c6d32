package io.protomux.wakeup.adapters.inmemory.simulation;

import java.util.Set;

/** One side of a network cut, while it lasts. */
record Partition(Set<SimNode> side) {
  /** Whether a link between {@code a} and {@code b} would cross the cut. */
  boolean separates(SimNode a, SimNode b) {
    return side.contains(a) != side.contains(b);
  }
}
