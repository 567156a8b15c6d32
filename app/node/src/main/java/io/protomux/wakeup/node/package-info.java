/**
 * The plain-Java entry point: {@link io.protomux.wakeup.node.WakeupNode}, built with {@link
 * io.protomux.wakeup.node.WakeupNode#builder()}, puts the whole stack together (TCP on {@code
 * java.nio}, Bouncy Castle, Noise secret streams, Protomux, the wakeup swarm) and is the one API
 * that may be called from any thread; its {@link io.protomux.wakeup.node.NodeSession}s answer to
 * {@link io.protomux.wakeup.node.NodeHandlers}. No dependency-injection framework is needed.
 */
package io.protomux.wakeup.node;
