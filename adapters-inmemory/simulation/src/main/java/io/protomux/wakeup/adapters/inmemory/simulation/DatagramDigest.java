package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.adapters.inmemory.DatagramTap;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A running SHA-256 over every datagram a network delivers, in delivery order: for each, the
 * virtual time (8 bytes), the source and the receiver as seen (address bytes and 2-byte port),
 * the length (4 bytes) and the bytes. Equal digests mean the same datagrams reached the same
 * sockets at the same virtual times.
 */
final class DatagramDigest implements DatagramTap {
  private final MessageDigest digest;
  private final ByteBuffer header = ByteBuffer.allocate(8 + 2 * 18 + 4);
  private long count;
  private long lastAtMillis = -1;

  DatagramDigest() {
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public void onDelivery(
      long atMillis, InetSocketAddress source, InetSocketAddress receiver, ByteBuffer datagram) {
    header.clear();
    header.putLong(atMillis);
    put(source);
    put(receiver);
    header.putInt(datagram.remaining());
    digest.update(header.array(), 0, header.position());
    digest.update(datagram);
    count++;
    lastAtMillis = atMillis;
  }

  private void put(InetSocketAddress address) {
    header.put(address.getAddress().getAddress());
    header.putShort((short) address.getPort());
  }

  long count() {
    return count;
  }

  /** When the last datagram was delivered, or -1 if none was. */
  long lastAtMillis() {
    return lastAtMillis;
  }

  String hex() {
    try {
      return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests are cloneable", e);
    }
  }
}
