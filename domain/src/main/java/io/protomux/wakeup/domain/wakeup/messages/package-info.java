/**
 * The wire messages of protomux-wakeup 2.9.0 ({@code spec/hyperschema}), as immutable values with
 * byte-exact codecs; {@link WakeupMessages} lists them
 * under the reference's schema names.
 *
 * <p>Boolean fields travel in one uint "flags" field, bit 0. Like the reference, decoding reads
 * the whole uint and ignores the other bits, and a codec leaves any bytes after its message in the
 * state (Protomux decides what trailing bytes mean).
 */
package io.protomux.wakeup.domain.wakeup.messages;
