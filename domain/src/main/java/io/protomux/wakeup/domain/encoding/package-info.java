/**
 * A Java port of the JavaScript {@code compact-encoding} library (3.x), limited to what the wakeup
 * stack puts on the wire, and byte-exact with it.
 *
 * <p>Every codec works in two passes over a {@link State}:
 * {@code preencode} adds the value's exact size to {@code end}, then one array of that size is
 * allocated and {@code encode} writes into it, so encoding never grows or copies a buffer. {@code
 * decode} reads from {@code start} up to {@code end}, which lets a caller decode a slice of a
 * larger array in place. Anything that cannot be decoded (truncated, oversized, out of range) is
 * reported as an {@link EncodingException}; values a caller
 * must not encode are refused with an {@link IllegalArgumentException}.
 *
 * <p>Like the reference, decoding a value does not require the input to end with it: trailing
 * bytes are left in the state for the caller (Protomux reads a message header and hands the rest
 * on), and {@link CompactEncoding#decode(Codec, byte[])}
 * ignores them.
 */
package io.protomux.wakeup.domain.encoding;
