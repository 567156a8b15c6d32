/**
 * Byte connections and how to get them: the transport port the stack rides on. TCP over
 * {@code java.nio} and in-memory pipes both implement it.
 */
package io.protomux.wakeup.ports.transport;
