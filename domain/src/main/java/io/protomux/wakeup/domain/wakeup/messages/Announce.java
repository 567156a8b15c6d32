package io.protomux.wakeup.domain.wakeup.messages;

import java.util.List;

/**
 * {@code @wakeup/announce}: {@code array(@wakeup/writer)}, the writers the sender has and their
 * lengths.
 *
 * @param wakeups the entries, in wire order; stored as an unmodifiable copy
 */
public record Announce(List<Wakeup> wakeups) {
  /**
   * @throws NullPointerException if the list or an entry is null
   */
  public Announce {
    wakeups = List.copyOf(wakeups);
  }

  /** An announce of the given entries. */
  public static Announce of(Wakeup... wakeups) {
    return new Announce(List.of(wakeups));
  }
}
