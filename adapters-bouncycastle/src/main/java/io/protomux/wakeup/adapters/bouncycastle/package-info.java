/**
 * The crypto port on Bouncy Castle, byte-compatible with libsodium as the reference stack uses it:
 * {@link io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto} hands the whole {@link
 * io.protomux.wakeup.ports.crypto.Crypto} port to the stack, made of BLAKE2b hashing, Ed25519 key
 * pairs, detached signatures (verified with libsodium's checks and equation), the Edwards-curve
 * Diffie-Hellman of noise-curve-ed (with the same public-key checks as libsodium),
 * ChaCha20-Poly1305 and the XChaCha20-Poly1305 secretstream, plus the secure and the seeded {@link
 * io.protomux.wakeup.adapters.bouncycastle.RandomSources random sources}. Where Bouncy Castle lacks
 * a primitive or spends more on set-up than on the few dozen bytes the stack handles at a time, the
 * package implements it itself, constant-time wherever a secret is involved.
 */
package io.protomux.wakeup.adapters.bouncycastle;
