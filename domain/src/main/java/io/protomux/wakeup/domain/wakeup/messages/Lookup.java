package io.protomux.wakeup.domain.wakeup.messages;

import io.protomux.wakeup.domain.Key32;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code @wakeup/lookup}: {@code uint flags (bit 0: hash present) || [fixed32 hash]}. The reference
 * sends it without a hash ({@code {hash: null}}) unless the caller names one.
 *
 * @param hash the hash asked about, if any
 */
public record Lookup(Optional<Key32> hash) {
  /** Checks that the optional itself is not null. */
  public Lookup {
    Objects.requireNonNull(hash, "hash (use Optional.empty())");
  }

  /** A lookup without a hash. */
  public static Lookup withoutHash() {
    return new Lookup(Optional.empty());
  }

  /** A lookup for {@code hash}. */
  public static Lookup of(Key32 hash) {
    return new Lookup(Optional.of(hash));
  }
}
