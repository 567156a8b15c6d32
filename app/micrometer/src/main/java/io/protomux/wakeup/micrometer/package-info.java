/**
 * Micrometer metrics of a {@link io.protomux.wakeup.node.WakeupNode}: {@link
 * io.protomux.wakeup.micrometer.WakeupMetrics} binds its counters as gauges under the reference's
 * Prometheus names. The host brings its own registry.
 */
package io.protomux.wakeup.micrometer;
