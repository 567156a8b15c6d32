/**
 * What every part of the domain shares: {@link io.protomux.wakeup.domain.Key32}, the immutable
 * 32-byte value used for topics, hashes, public keys and capability proofs, and the {@link
 * io.protomux.wakeup.domain.Limit limits} that bound what one remote can make a node hold or do,
 * with {@link io.protomux.wakeup.domain.LimitExceeded}, the mark of the exceptions that close a
 * stream for going over one. The protocol itself lives in the subpackages, from the wire encoding
 * up to the wakeup swarm.
 */
package io.protomux.wakeup.domain;
