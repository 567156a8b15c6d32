package io.protomux.wakeup.domain.udx;

/**
 * What a {@link Udx} instance saw and did, summed over its sockets and streams, with every dropped
 * datagram counted under its cause.
 *
 * @param datagramsReceived every datagram that reached one of its sockets
 * @param socketMessages datagrams handed to a socket's message handler: not UDX, or for no live
 *     stream (libudx does the same; dht-rpc lives there)
 * @param streamPackets datagrams consumed by a stream
 * @param firewallDrops stream packets the stream's firewall refused
 * @param badDataOffset packets whose data offset points past their end
 * @param ackBeyondSent packets acknowledging seqs never sent: refused whole (libudx delivers their
 *     data, so a forged packet can shadow genuine data)
 * @param beyondWindow DATA packets too far ahead of the ack, or that would overflow the window
 * @param duplicates DATA/END packets already received (acknowledged again)
 * @param invalidSacks SACK blocks outside what was sent, ignored
 * @param packetsSent DATA/END transmissions, first ones and retransmissions
 * @param retransmits retransmissions (loss repair, tail-loss probes, timeouts)
 * @param acksSent pure ACKs
 * @param lossesDetected packets RACK declared lost (loss or reordering beyond its window)
 * @param tailLossProbes tail-loss probes sent
 * @param rtoFirings retransmission timeouts
 * @param timeouts streams closed with ETIMEDOUT
 * @param resets streams closed by the peer's DESTROY
 * @param sendFailures datagrams the socket refused (closed, or its queue full)
 */
public record UdxStats(
    long datagramsReceived,
    long socketMessages,
    long streamPackets,
    long firewallDrops,
    long badDataOffset,
    long ackBeyondSent,
    long beyondWindow,
    long duplicates,
    long invalidSacks,
    long packetsSent,
    long retransmits,
    long acksSent,
    long lossesDetected,
    long tailLossProbes,
    long rtoFirings,
    long timeouts,
    long resets,
    long sendFailures) {}
