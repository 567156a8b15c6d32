package io.protomux.wakeup.adapters.inmemory;

import java.util.Arrays;
import java.util.Objects;

/**
 * One event handed to a connection's handler, as seen by an {@link InMemoryNetwork#addTap tap}:
 * the raw material of traces and run digests. Equality compares the bytes by content and the cause
 * by its {@code toString()}, so the traces of two runs of the same program are equal.
 *
 * @param atMillis the virtual time of the delivery
 * @param receiver the receiving connection's local description
 * @param sender the receiving connection's remote description
 * @param kind what was delivered
 * @param data the bytes of a {@link Kind#DATA} delivery (a copy the tap may keep), else empty
 * @param cause the cause of a {@link Kind#CLOSE} delivery (null for an orderly close), else null
 */
public record Delivery(
    long atMillis, String receiver, String sender, Kind kind, byte[] data, Throwable cause) {
  private static final int HEX_SHOWN = 32;

  /** What a delivery carried. */
  public enum Kind {
    /** {@code onData}. */
    DATA,
    /** {@code onEnd}. */
    END,
    /** {@code onClose}. */
    CLOSE
  }

  /** Checks the values. */
  public Delivery {
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(data, "data");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Delivery that
        && atMillis == that.atMillis
        && receiver.equals(that.receiver)
        && sender.equals(that.sender)
        && kind == that.kind
        && Arrays.equals(data, that.data)
        && Objects.equals(causeText(), that.causeText());
  }

  @Override
  public int hashCode() {
    return Objects.hash(atMillis, receiver, sender, kind, Arrays.hashCode(data), causeText());
  }

  private String causeText() {
    return cause == null ? null : cause.toString();
  }

  /** A one-line form, stable across runs, e.g. {@code "12 a:1 <- b:2 DATA 3 616263"}. */
  @Override
  public String toString() {
    StringBuilder line =
        new StringBuilder().append(atMillis).append(' ').append(receiver).append(" <- ");
    line.append(sender).append(' ').append(kind);
    if (kind == Kind.DATA) {
      line.append(' ').append(data.length).append(' ');
      for (int i = 0; i < Math.min(data.length, HEX_SHOWN); i++) {
        line.append(Character.forDigit((data[i] >> 4) & 0xf, 16));
        line.append(Character.forDigit(data[i] & 0xf, 16));
      }
      if (data.length > HEX_SHOWN) {
        line.append("...");
      }
    } else if (kind == Kind.CLOSE) {
      line.append(' ').append(cause == null ? "clean" : cause.toString());
    }
    return line.toString();
  }
}
