/**
 * Time and execution. The domain never reads a clock or starts a thread: it is driven from one
 * event loop and asks the loop's {@link io.protomux.wakeup.ports.loop.Scheduler} for time and
 * timers, so tests can run it on virtual time.
 */
package io.protomux.wakeup.ports.loop;
