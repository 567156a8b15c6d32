/**
 * UDX, the reliable transport under Hyperswarm connections (udx-native 1.21.3 over libudx), as
 * sans-IO pieces: the packet format ({@link io.protomux.wakeup.domain.udx.UdxPacket}, {@link
 * io.protomux.wakeup.domain.udx.UdxHeader}, {@link io.protomux.wakeup.domain.udx.SackBlock}) and
 * sequence arithmetic ({@link io.protomux.wakeup.domain.udx.Seq}). The socket demultiplexer and
 * the stream state machine build on them; nothing here opens a socket or reads a clock.
 */
package io.protomux.wakeup.domain.udx;
