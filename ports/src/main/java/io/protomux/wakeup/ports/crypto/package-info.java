/**
 * The cryptographic primitives the wakeup stack needs, as the reference JavaScript stack uses them
 * (hypercore-crypto, noise-handshake with noise-curve-ed, sodium-secretstream). Implementations
 * live in adapter modules; the domain only sees these interfaces.
 */
package io.protomux.wakeup.ports.crypto;
