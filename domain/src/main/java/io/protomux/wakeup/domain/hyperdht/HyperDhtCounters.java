package io.protomux.wakeup.domain.hyperdht;

/** What a hyperdht node refused or dropped, per cause. Read on the node's loop. */
public final class HyperDhtCounters {
  long badHandshakes;
  long badHandshakeAnswers;
  long handshakesFirewalled;
  long handshakesRefused;
  long connectsRefused;
  long badReplyValues;

  /** First Noise messages that failed to decrypt or decode at a server here. */
  public long badHandshakes() {
    return badHandshakes;
  }

  /** Handshake answers (as a client) that failed to decrypt or decode. */
  public long badHandshakeAnswers() {
    return badHandshakeAnswers;
  }

  /** Handshakes the server's firewall callback rejected. */
  public long handshakesFirewalled() {
    return handshakesFirewalled;
  }

  /** Handshakes not answered because every slot was taken. */
  public long handshakesRefused() {
    return handshakesRefused;
  }

  /** Connect attempts refused because {@code maxConnecting} were running. */
  public long connectsRefused() {
    return connectsRefused;
  }

  /** FIND_PEER / LOOKUP reply values that did not decode. */
  public long badReplyValues() {
    return badReplyValues;
  }
}
