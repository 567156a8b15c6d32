/**
 * Wiring and the command line. Guice modules put the stack together for a host application
 * ({@link io.protomux.wakeup.app.WakeupSwarmModule}, a transport module, {@link
 * io.protomux.wakeup.app.BouncyCastleCryptoModule}); {@link io.protomux.wakeup.app.WakeupConnector}
 * turns connections into streams of the swarm; {@link io.protomux.wakeup.app.WakeupMetrics} shows
 * the swarm's counters to Micrometer; {@link io.protomux.wakeup.app.Main} is the {@code wakeup}
 * command line.
 */
package io.protomux.wakeup.app;
