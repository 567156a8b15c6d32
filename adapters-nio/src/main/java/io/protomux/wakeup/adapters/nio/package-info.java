/**
 * The TCP transport on raw {@code java.nio}: {@link io.protomux.wakeup.adapters.nio.NioTransport}
 * makes connections, each confined to one {@link io.protomux.wakeup.adapters.nio.NioEventLoop}
 * (a thread running a {@link java.nio.channels.Selector}, plus its tasks and timers).
 *
 * <p>Everything about a connection happens on its loop's thread: its handler's callbacks run there
 * and its methods must be called there (they throw {@link IllegalStateException} otherwise), so no
 * connection state needs a lock.
 */
package io.protomux.wakeup.adapters.nio;
