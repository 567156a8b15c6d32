package io.protomux.wakeup.domain.dht;

import java.util.Objects;

/**
 * nat-sampler 1.0.1: guesses this node's public address from how others saw it (the {@code to}
 * field of what they send). Ported step for step, because whether a node becomes persistent
 * depends on exactly when the guess settles.
 *
 * <p>Every sample is recorded twice, as (host, port) and as (host, 0), in a ring of 32 slots (16
 * samples). A new sample that equals one of the last four of its kind gains that entry a hit
 * (the entry is then referenced from two slots); one that falls out of the ring loses one. With
 * {@code n} samples the threshold is n ({@code n < 4}), n-1 ({@code n < 8}), n-2 ({@code n < 12}), else n-3: the best
 * (host, port) entry reaching it gives {@link #host()} and {@link #port()}; only the best host
 * reaching it gives the host with port 0 (the NAT randomizes ports).
 */
public final class NatSampler {
  private static final int SLOTS = 32;

  private final Sample[] samples = new Sample[SLOTS];
  private int length;
  private int top;
  private int size;
  private int threshold;
  private Sample bestAddress;
  private Sample bestHost;
  private String host;
  private int port;

  /** Records that someone saw this node as {@code host:port}; returns that address's hits. */
  public int add(String host, int port) {
    Objects.requireNonNull(host, "host");
    Sample a = bump(host, port, 2);
    Sample b = bump(host, 0, 1);
    if (length < SLOTS) {
      size++;
      threshold = size - (size < 4 ? 0 : size < 8 ? 1 : size < 12 ? 2 : 3);
      samples[length++] = a;
      samples[length++] = b;
      top += 2;
    } else {
      if (top == SLOTS) {
        top = 0;
      }
      samples[top++].hits--;
      samples[top - 1] = a;
      samples[top++].hits--;
      samples[top - 1] = b;
    }
    if (bestAddress == null || bestAddress.hits < a.hits) {
      bestAddress = a;
    }
    if (bestHost == null || bestHost.hits < b.hits) {
      bestHost = b;
    }
    if (bestAddress.hits >= threshold) {
      this.host = bestAddress.host;
      this.port = bestAddress.port;
    } else if (bestHost.hits >= threshold) {
      this.host = bestHost.host;
      this.port = 0;
    } else {
      this.host = null;
      this.port = 0;
    }
    return a.hits;
  }

  /** The public host, once the samples agree on one; null before. */
  public String host() {
    return host;
  }

  /** The public port, or 0 if unknown or random (see {@link #randomized()}). */
  public int port() {
    return port;
  }

  /** How many samples were taken, at most 16 (the ring's size). */
  public int size() {
    return size;
  }

  /** Whether the host is known but the port is not consistent: the NAT maps ports at random. */
  public boolean randomized() {
    return host != null && port == 0;
  }

  /** The settled public address, or null while the host or the port is unknown. */
  public PeerAddress address() {
    return host == null || port == 0 ? null : new PeerAddress(host, port);
  }

  private Sample bump(String host, int port, int kindOffset) {
    for (int i = 0; i < 4; i++) {
      int j = (top - kindOffset - 2 * i) & (SLOTS - 1);
      if (j >= length) {
        return new Sample(host, port);
      }
      Sample s = samples[j];
      if (s.port == port && s.host.equals(host)) {
        s.hits++;
        return s;
      }
    }
    return new Sample(host, port);
  }

  @Override
  public String toString() {
    return "NatSampler[" + (host == null ? "unknown" : host + ":" + port) + ", samples=" + size + "]";
  }

  private static final class Sample {
    final String host;
    final int port;
    int hits = 1;

    Sample(String host, int port) {
      this.host = host;
      this.port = port;
    }
  }
}
