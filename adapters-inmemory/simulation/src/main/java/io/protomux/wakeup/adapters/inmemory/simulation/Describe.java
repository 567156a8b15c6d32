package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;

/** The fixed text forms trace details are made of: they feed the digest, so they must not drift. */
final class Describe {
  private static final int PREFIX_HEX_DIGITS = 8;

  private Describe() {}

  static String prefix(Key32 key) {
    return key.toHex().substring(0, PREFIX_HEX_DIGITS);
  }

  static String cause(Throwable cause) {
    return cause == null ? "clean" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  static String wakeups(List<Wakeup> wakeups) {
    StringBuilder text = new StringBuilder("[");
    for (Wakeup wakeup : wakeups) {
      if (text.length() > 1) {
        text.append(',');
      }
      text.append(prefix(wakeup.key())).append(':').append(wakeup.length());
    }
    return text.append(']').toString();
  }
}
