package io.protomux.wakeup.domain.dht;

/**
 * dht-rpc's request window: four slots of one drain period (750 ms) each. A send counts in the
 * current slot and an answer (or a destroyed request) takes one back; new requests wait while the
 * current slot holds {@code maxWindow} sends or the four together hold twice that. Each drain
 * forgets the oldest slot, so an unanswered send stops counting after four periods.
 */
final class CongestionWindow {
  private final int maxWindow;
  private final int[] window = new int[4];
  private int current;
  private int total;

  CongestionWindow(int maxWindow) {
    this.maxWindow = maxWindow;
  }

  boolean isFull() {
    return total >= 2 * maxWindow || window[current] >= maxWindow;
  }

  void send() {
    total++;
    window[current]++;
  }

  void receive() {
    if (window[current] > 0) {
      window[current]--;
      total--;
    }
  }

  void drain() {
    current = (current + 1) & 3;
    total -= window[current];
    window[current] = 0;
  }

  int total() {
    return total;
  }
}
