package io.protomux.wakeup.adapters.nio;

/**
 * What became of one {@link NioDatagramSocket}'s datagrams so far: a snapshot taken by {@link
 * NioDatagramSocket#stats()}. Every count is since the socket was bound.
 *
 * @param sent datagrams the system took, straight from {@code send} or later from the queue
 * @param received datagrams handed to the handler (a truncated one included)
 * @param truncated received datagrams longer than {@code maxReceiveBytes}, delivered cut to it
 * @param queued datagrams that had to wait in the send queue because the system's buffer was full
 * @param queueDepth datagrams waiting in the send queue now
 * @param peakQueueDepth the most datagrams that ever waited at once (and so the queue slots held)
 * @param highWaterReached how many times the queue grew past its high-water mark, turning {@code
 *     isWritable()} false
 * @param droppedClosed datagrams {@code send} dropped because the socket was closed
 * @param droppedQueueFull datagrams {@code send} dropped because the queue was at its hard limit
 * @param droppedSendError datagrams the system refused with an error (an unreachable network, say),
 *     whether sent straight away or from the queue
 * @param discardedAtClose queued datagrams that never left because the socket closed first
 */
public record NioDatagramStats(
    long sent,
    long received,
    long truncated,
    long queued,
    int queueDepth,
    int peakQueueDepth,
    long highWaterReached,
    long droppedClosed,
    long droppedQueueFull,
    long droppedSendError,
    long discardedAtClose) {

  /** Every datagram accepted or refused by {@code send} that was not sent: all four causes. */
  public long dropped() {
    return droppedClosed + droppedQueueFull + droppedSendError + discardedAtClose;
  }
}
