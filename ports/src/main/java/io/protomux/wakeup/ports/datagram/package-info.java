/**
 * UDP sockets, the datagram port that UDX and the DHT ride on: bind a socket, send a datagram to
 * an address, receive datagrams with their source. Implemented on {@code java.nio} and, for tests
 * and simulations, in memory.
 */
package io.protomux.wakeup.ports.datagram;
