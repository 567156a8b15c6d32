package io.protomux.wakeup.domain.udx;

/** The mutable counters behind {@link UdxStats}, touched only on the instance's loop. */
final class UdxCounters {
  long datagramsReceived;
  long socketMessages;
  long streamPackets;
  long firewallDrops;
  long badDataOffset;
  long ackBeyondSent;
  long beyondWindow;
  long duplicates;
  long invalidSacks;
  long packetsSent;
  long retransmits;
  long acksSent;
  long lossesDetected;
  long tailLossProbes;
  long rtoFirings;
  long timeouts;
  long resets;
  long sendFailures;

  UdxStats snapshot() {
    return new UdxStats(
        datagramsReceived,
        socketMessages,
        streamPackets,
        firewallDrops,
        badDataOffset,
        ackBeyondSent,
        beyondWindow,
        duplicates,
        invalidSacks,
        packetsSent,
        retransmits,
        acksSent,
        lossesDetected,
        tailLossProbes,
        rtoFirings,
        timeouts,
        resets,
        sendFailures);
  }
}
