package io.protomux.wakeup.domain.udx;

import java.net.InetSocketAddress;

/**
 * Decides about a packet that reached a stream on a socket other than its own, which is always the
 * case before {@link UdxStream#connect}. hyperdht connects the stream to the first packet's source
 * here (how a holepunched path is learned); udx-native's default refuses everything.
 */
@FunctionalInterface
public interface UdxFirewall {
  /** udx-native's default: every such packet is dropped. */
  UdxFirewall DENY = (stream, socket, source) -> true;
  /** Every such packet is processed (bare libudx without a callback). */
  UdxFirewall ALLOW = (stream, socket, source) -> false;

  /**
   * @return true to drop the packet; false to process it (the callback may have connected the
   *     stream by then)
   */
  boolean drop(UdxStream stream, UdxSocket socket, InetSocketAddress source);
}
