package io.protomux.wakeup.domain.udx;

/**
 * What congestion control stamps on a packet when it is sent, to turn its acknowledgement into a
 * delivery-rate sample later (Linux tcp_rate.c, which libudx follows).
 */
final class PacketDelivery {
  long delivered;
  long deliveredTime;
  long firstSentTime;
  boolean appLimited;

  void reset() {
    delivered = 0;
    deliveredTime = 0;
    firstSentTime = 0;
    appLimited = false;
  }
}
