/**
 * Wiring and the command line. Guice modules put the stack together for a host application
 * ({@link io.protomux.wakeup.cli.WakeupSwarmModule}, a transport module, {@link
 * io.protomux.wakeup.cli.BouncyCastleCryptoModule}); {@link io.protomux.wakeup.cli.WakeupConnector}
 * turns connections into streams of the swarm; {@link io.protomux.wakeup.cli.WakeupMetrics} shows
 * the swarm's counters to Micrometer; {@link io.protomux.wakeup.cli.Main} is the {@code wakeup}
 * command line.
 */
package io.protomux.wakeup.cli;
