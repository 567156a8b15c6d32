package io.protomux.wakeup.domain.wakeup.messages;

/**
 * {@code @wakeup/info}: {@code uint flags (bit 0: active)}, sent when the sender's topic turns
 * active or inactive.
 *
 * @param active whether the sender now has an active session on the topic
 */
public record Info(boolean active) {}
