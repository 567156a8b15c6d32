package io.protomux.wakeup.domain.udx;

/**
 * The stream's loss-recovery state, libudx's {@code UDX_CA_*}: the stream owns it (RACK moves it)
 * and hands it to {@link Bbr#onAck} on every ACK, because BBR reacts to its transitions (packet
 * conservation on entering {@link #RECOVERY}, restoring the saved window on returning to {@link
 * #OPEN}) rather than to separate events. The declaration order is libudx's numeric order, which
 * BBR compares ({@code prev_ca_state >= UDX_CA_RECOVERY}).
 */
enum CaState {
  /** No loss being repaired. */
  OPEN,
  /** Fast recovery after a RACK-detected loss, until the cumulative ack passes {@code high_seq}. */
  RECOVERY,
  /** After a retransmission timeout, until the cumulative ack passes {@code high_seq}. */
  LOSS
}
