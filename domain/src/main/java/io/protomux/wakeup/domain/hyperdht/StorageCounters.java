package io.protomux.wakeup.domain.hyperdht;

/**
 * What a persistent hyperdht node refused to store, or answered with a storage error, per cause.
 * Every refusal but the two seq errors is silent on the wire (the requester times out), as the
 * reference drops what fails its checks. Read on the node's loop.
 */
public final class StorageCounters {
  long malformed;
  long missingTokens;
  long badSignatures;
  long wrongTargets;
  long valuesTooLarge;
  long recordsRefused;
  long unknownRefreshes;
  long seqReused;
  long seqTooLow;
  long pluginsDropped;
  long recordsFull;
  long routesFull;
  long valuesFull;

  /** Storage requests without a target, or with a value missing or not decoding. */
  public long malformed() {
    return malformed;
  }

  /** Writes (announce, unannounce, puts) sent without a token. */
  public long missingTokens() {
    return missingTokens;
  }

  /**
   * Announces, unannounces and mutable puts whose signature does not verify (for this node's id
   * and the request's token).
   */
  public long badSignatures() {
    return badSignatures;
  }

  /** Puts whose target is not the hash of the key (mutable) or of the value (immutable). */
  public long wrongTargets() {
    return wrongTargets;
  }

  /** Mutable and immutable values above {@link StorageOptions#maxValueBytes()}. */
  public long valuesTooLarge() {
    return valuesTooLarge;
  }

  /** Announces of a new key for a topic holding {@link StorageOptions#maxRecordsPerTarget()}. */
  public long recordsRefused() {
    return recordsRefused;
  }

  /** Refresh-only announces whose refresh value matches nothing stored. */
  public long unknownRefreshes() {
    return unknownRefreshes;
  }

  /** Mutable puts answered SEQ_REUSED (16): the same seq with another value. */
  public long seqReused() {
    return seqReused;
  }

  /** Mutable puts answered SEQ_TOO_LOW (17): a seq below the stored one. */
  public long seqTooLow() {
    return seqTooLow;
  }

  /** PLUGIN requests: this node runs no plugins. */
  public long pluginsDropped() {
    return pluginsDropped;
  }

  /**
   * Times the newest generation of topic records (or of bumps or refresh tokens) filled up and
   * the oldest was dropped before its time.
   */
  public long recordsFull() {
    return recordsFull;
  }

  /** Times the newest generation of routes filled up and the oldest was dropped before its time. */
  public long routesFull() {
    return routesFull;
  }

  /** Times the newest generation of mutable or immutable values filled up early. */
  public long valuesFull() {
    return valuesFull;
  }
}
