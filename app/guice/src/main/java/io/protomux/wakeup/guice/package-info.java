/**
 * Guice wiring for a host application: {@link io.protomux.wakeup.guice.WakeupNodeModule} binds a
 * {@link io.protomux.wakeup.node.WakeupNode}, a thin layer over the plain-Java builder.
 */
package io.protomux.wakeup.guice;
