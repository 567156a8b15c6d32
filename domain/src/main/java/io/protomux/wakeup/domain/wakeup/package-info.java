/**
 * The wakeup model of protomux-wakeup 2.9.0: {@link io.protomux.wakeup.domain.wakeup.WakeupSwarm}
 * holds topics (one per discovery key), their {@link io.protomux.wakeup.domain.wakeup.WakeupSession
 * sessions} and {@link io.protomux.wakeup.domain.wakeup.WakeupPeer peers}, over the streams added
 * to it. Everything here is confined to the swarm's event loop; the any-thread API is the node
 * facade's.
 */
package io.protomux.wakeup.domain.wakeup;
