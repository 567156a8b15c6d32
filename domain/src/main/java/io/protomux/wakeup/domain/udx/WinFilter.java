package io.protomux.wakeup.domain.udx;

/**
 * Kathleen Nichols' windowed min/max tracker, as libudx has it ({@code win_filter.c} and {@code
 * win_filter_f64.c}, both taken from Linux's {@code lib/minmax.c}): the best, second and third
 * best values of a stream of samples over a sliding window, in constant space. BBR keeps its
 * bottleneck bandwidth as a windowed maximum over 10 round trips with it; the stream can keep
 * RACK's 300 s minimum RTT with it too (libudx uses the 32-bit variant there, whose values are
 * exactly representable as doubles).
 *
 * <p>Times are whatever unit the caller windows by (rounds for BBR's bandwidth, milliseconds for
 * RTT) and are compared unsigned, as libudx's {@code uint64_t} are; the gap to the best entry is
 * cut to 32 bits first, as libudx's {@code uint32_t dt} is.
 */
final class WinFilter {
  private final long[] t = new long[3];
  private final double[] v = new double[3];

  /** Starts with every entry at {@code value}, stamped {@code time}. */
  WinFilter(long time, double value) {
    reset(time, value);
  }

  /** The windowed best: the filter's answer. */
  double get() {
    return v[0];
  }

  /** Forgets everything but {@code value}; returns it. */
  double reset(long time, double value) {
    for (int i = 0; i < 3; i++) {
      t[i] = time;
      v[i] = value;
    }
    return v[0];
  }

  /** Feeds a sample into a windowed maximum of width {@code win}; returns the new maximum. */
  double applyMax(long win, long time, double value) {
    // A new best, or a window holding nothing recent, restarts the filter.
    if (value >= v[0] || Long.compareUnsigned(time - t[2], win) > 0) {
      return reset(time, value);
    }
    if (value >= v[1]) {
      set(2, time, value);
      set(1, time, value);
    } else if (value >= v[2]) {
      set(2, time, value);
    }
    return applyCommon(win, time, value);
  }

  /** Feeds a sample into a windowed minimum of width {@code win}; returns the new minimum. */
  double applyMin(long win, long time, double value) {
    if (value <= v[0] || Long.compareUnsigned(time - t[2], win) > 0) {
      return reset(time, value);
    }
    if (value <= v[1]) {
      set(2, time, value);
      set(1, time, value);
    } else if (value <= v[2]) {
      set(2, time, value);
    }
    return applyCommon(win, time, value);
  }

  private double applyCommon(long win, long time, double value) {
    long dt = (time - t[0]) & 0xFFFFFFFFL;
    if (dt > win) {
      // The best aged out: the runners-up move up, and again if the second one aged out too.
      shift(time, value);
      if (Long.compareUnsigned(time - t[0], win) > 0) {
        shift(time, value);
      }
    } else if (t[1] == t[0] && dt > win / 4) {
      // Keep the runners-up spread over the window, which bounds the error of a rising stream.
      set(2, time, value);
      set(1, time, value);
    } else if (t[2] == t[1] && dt > win / 2) {
      set(2, time, value);
    }
    return v[0];
  }

  private void shift(long time, double value) {
    set(0, t[1], v[1]);
    set(1, t[2], v[2]);
    set(2, time, value);
  }

  private void set(int i, long time, double value) {
    t[i] = time;
    v[i] = value;
  }
}
