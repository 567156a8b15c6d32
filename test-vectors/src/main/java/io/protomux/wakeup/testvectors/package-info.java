/**
 * The reference JavaScript stack's test vectors, copied unchanged, and {@link
 * io.protomux.wakeup.testvectors.Vectors}, which loads them for the other modules' tests. Only
 * tests use this package; a missing vector file fails loudly rather than leaving a test with
 * nothing to check.
 */
package io.protomux.wakeup.testvectors;
