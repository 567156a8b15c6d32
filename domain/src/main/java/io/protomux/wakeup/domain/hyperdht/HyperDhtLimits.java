package io.protomux.wakeup.domain.hyperdht;

/**
 * The most entries this port decodes or encodes in one list of a hyperdht message. The
 * reference's decoder takes arrays of up to 0x100000 entries; these caps sit well above what an
 * honest 6.34 node sends, so that a hostile message cannot make a node hold or forward thousands
 * of addresses. Every decoder also refuses a count the remaining bytes cannot hold.
 */
public final class HyperDhtLimits {
  /**
   * Addresses in one address list of a noise or holepunch payload ({@code addresses4}, {@code
   * addresses6}, {@code relayAddresses}, {@code addresses}): 64. A reference node sends its public
   * address and its interfaces' addresses, or at most 4 relay addresses.
   */
  public static final int MAX_ADDRESSES = 64;

  /** Relays in a noise payload's holepunch section: 32; the reference sends at most 3. */
  public static final int MAX_RELAYS = 32;

  /**
   * Relay addresses in one peer record: 32. The reference announces at most 3 and a storing node
   * truncates to 3, but only after checking the signature, which covers the whole list.
   */
  public static final int MAX_RECORD_RELAY_ADDRESSES = 32;

  /** Peer records in one LOOKUP reply: 128; the reference puts at most 21. */
  public static final int MAX_LOOKUP_PEERS = 128;

  private HyperDhtLimits() {}
}
