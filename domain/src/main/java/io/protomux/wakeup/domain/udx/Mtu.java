package io.protomux.wakeup.domain.udx;

/**
 * In-band path MTU search as libudx does it (RFC 8899 style, on DATA packets only): start at 1200,
 * confirm it with the first full-size packet, then pad one new DATA packet at a time to 32 bytes
 * above the current MTU; an acknowledged probe raises the MTU, a lost one is resent unpadded and
 * after three losses at one size the search stops where it is.
 */
final class Mtu {
  /** Every path carries this much (UDX_MTU_BASE). */
  static final int BASE = 1200;
  /** The most libudx probes for. */
  static final int MAX = 1500;
  static final int STEP = 32;
  static final int MAX_PROBES_LOST = 3;
  static final int MAX_PADDING = 255;

  private enum State { BASE, SEARCH, DONE }

  private final int ipOverhead;
  private final int ceiling;
  private State state = State.BASE;
  private int mtu = BASE;
  private int wanted = BASE;
  private int probesLost;
  private int probeSeq;
  private boolean probeInFlight;

  /**
   * @param ipv6 whether the remote is IPv6 (or IPv4-mapped on a dual-stack socket): 20 more bytes
   *     of IP header per packet
   */
  Mtu(boolean ipv6, int ceiling) {
    this.ipOverhead = (ipv6 ? 40 : 20) + 8 + UdxHeader.BYTES;
    this.ceiling = ceiling;
    if (ceiling <= BASE) {
      state = State.DONE;
    }
  }

  int mtu() {
    return mtu;
  }

  /** Payload bytes a DATA packet may carry at the current MTU (1152 on IPv4, 1132 on IPv6). */
  int maxPayload() {
    return mtu - ipOverhead;
  }

  /** The first packet of a stream: libudx sizes it before it knows the family (1132). */
  static int firstPacketPayload() {
    return BASE - 68;
  }

  /** Any acknowledgement starts the search. */
  void onAnyAck() {
    if (state == State.BASE) {
      state = State.SEARCH;
      wanted = BASE;
    }
  }

  /**
   * The padding that makes a new DATA packet with {@code payload} bytes the probe, or 0 if it is
   * not to be one. A packet already exactly the wanted size is the probe with no padding.
   */
  int paddingFor(int seq, int payload, boolean remoteChangePending) {
    if (state != State.SEARCH || probeInFlight || remoteChangePending) {
      return 0;
    }
    int size = payload + ipOverhead;
    int padding = wanted - size;
    if (padding < 0 || padding > MAX_PADDING) {
      return 0;
    }
    probeInFlight = true;
    probeSeq = seq;
    return padding;
  }

  /** Whether the packet of {@code seq} is the probe in flight. */
  boolean isProbe(int seq) {
    return probeInFlight && probeSeq == seq;
  }

  void onProbeAcked() {
    probeInFlight = false;
    probesLost = 0;
    mtu = wanted;
    if (mtu >= ceiling) {
      state = State.DONE;
    } else {
      wanted = Math.min(mtu + STEP, ceiling);
    }
  }

  void onProbeLost() {
    probeInFlight = false;
    if (++probesLost >= MAX_PROBES_LOST) {
      state = State.DONE;
    }
  }

  /** changeRemote: the new path is unknown, start over. */
  void reset() {
    mtu = BASE;
    wanted = BASE;
    probesLost = 0;
    probeInFlight = false;
    state = ceiling <= BASE ? State.DONE : State.SEARCH;
  }
}
