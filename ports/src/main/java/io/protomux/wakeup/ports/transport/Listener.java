package io.protomux.wakeup.ports.transport;

/** An open listening endpoint; closing it stops accepting but leaves accepted connections open. */
public interface Listener extends AutoCloseable {
  /** The port actually bound (useful after listening on port 0). */
  int port();

  /** The host or address bound. */
  String host();

  @Override
  void close();
}
