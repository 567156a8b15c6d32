package io.protomux.wakeup.domain.udx;

import java.io.IOException;

/**
 * Why a UDX stream closed with an error, with the code udx-native reports ({@code ETIMEDOUT} when a
 * packet went unacknowledged through every retransmission, {@code ECONNRESET} when the peer sent
 * DESTROY), so logs read the same on both sides.
 */
public final class UdxException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The peer stopped acknowledging: the 7th retransmission timeout of one packet fired. */
  public static final String ETIMEDOUT = "ETIMEDOUT";
  /** The peer destroyed the stream. */
  public static final String ECONNRESET = "ECONNRESET";

  private final String code;

  UdxException(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  /** {@link #ETIMEDOUT} or {@link #ECONNRESET}. */
  public String code() {
    return code;
  }
}
