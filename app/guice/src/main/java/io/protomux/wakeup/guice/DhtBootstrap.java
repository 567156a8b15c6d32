package io.protomux.wakeup.guice;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Qualifies the {@code List<String>} of HyperDHT bootstrap nodes ({@code host:port}) the {@link
 * WakeupNodeModule}'s node bootstraps from. The module binds an empty list (no DHT, or the
 * builder's own {@code bootstrap}); a host's module overrides it, from its configuration say.
 */
@Qualifier
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD})
public @interface DhtBootstrap {}
