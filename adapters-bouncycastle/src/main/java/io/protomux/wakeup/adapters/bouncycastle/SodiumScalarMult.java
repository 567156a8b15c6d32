package io.protomux.wakeup.adapters.bouncycastle;

import io.protomux.wakeup.ports.crypto.CryptoException;
import java.util.Arrays;

/**
 * libsodium's {@code crypto_scalarmult_ed25519_noclamp}, refusing exactly what libsodium refuses
 * ({@code _crypto_scalarmult_ed25519} with {@code clamp = 0}), in the same order.
 */
final class SodiumScalarMult {
  private static final String REFUSED = "Ed25519 scalar multiplication refused: ";

  private SodiumScalarMult() {}

  /**
   * {@code scalar * point}, encoded.
   *
   * @param scalar 32 bytes little-endian; the top bit is ignored, as in libsodium
   * @param point a 32-byte Edwards encoding, public
   * @throws CryptoException when libsodium would return -1; the message names the failed check
   * @throws IllegalArgumentException when either array is not 32 bytes
   */
  static byte[] noclamp(byte[] scalar, byte[] point) {
    requireLength("scalar", scalar);
    requireLength("point", point);
    EdwardsPoint p = validPoint(point);
    byte[] t = Arrays.copyOf(scalar, EdwardsScalarMult.SCALAR_BYTES);
    t[EdwardsScalarMult.SCALAR_BYTES - 1] &= 0x7f;
    EdwardsPoint q = EdwardsScalarMult.multiply(t, p);
    byte[] out = q.encode();
    Arrays.fill(t, (byte) 0);
    q.wipe();
    // Both tests follow the multiplication, as in libsodium, so a zero scalar takes no shortcut.
    boolean identity = SodiumPointChecks.isIdentity(out);
    boolean zeroScalar = SodiumPointChecks.isZero(scalar);
    if (identity || zeroScalar) {
      Arrays.fill(out, (byte) 0);
      throw new CryptoException(
          REFUSED + (zeroScalar ? "the scalar is zero" : "the result is the neutral element"));
    }
    return out;
  }

  private static void requireLength(String name, byte[] bytes) {
    if (bytes.length != EdwardsScalarMult.SCALAR_BYTES) {
      throw new IllegalArgumentException(name + " must be 32 bytes, got " + bytes.length);
    }
  }

  /**
   * Public keys that passed every check, with their points, per thread. A Noise XX handshake
   * multiplies with the remote's ephemeral key twice (ee, then es or se), and a peer that
   * reconnects brings the same static key again; the checks, the subgroup one above all, cost
   * nearly as much as the multiplication itself. What passed once passes again, so a key seen
   * recently is looked up, not checked again. Least recently used goes first, so the static keys of
   * peers that keep coming back outlive the stream of one-time ephemeral keys. Keys and points are
   * public.
   */
  private static final ThreadLocal<Validated> VALIDATED = ThreadLocal.withInitial(Validated::new);

  private static final class Validated {
    private static final int SIZE = 8;
    private final byte[][] keys = new byte[SIZE][];
    private final EdwardsPoint[] points = new EdwardsPoint[SIZE];
    private final long[] lastUsed = new long[SIZE];
    private long clock;

    EdwardsPoint find(byte[] key) {
      for (int i = 0; i < SIZE; i++) {
        if (keys[i] != null && Arrays.equals(keys[i], key)) {
          lastUsed[i] = ++clock;
          return points[i];
        }
      }
      return null;
    }

    void add(byte[] key, EdwardsPoint point) {
      int victim = 0;
      for (int i = 1; i < SIZE; i++) {
        if (lastUsed[i] < lastUsed[victim]) {
          victim = i;
        }
      }
      keys[victim] = key.clone();
      points[victim] = point;
      lastUsed[victim] = ++clock;
    }
  }

  /** The decoded point, after libsodium's checks; never changed by its users (only read). */
  private static EdwardsPoint validPoint(byte[] point) {
    Validated validated = VALIDATED.get();
    EdwardsPoint known = validated.find(point);
    if (known != null) {
      return known;
    }
    EdwardsPoint p = checkedPoint(point);
    validated.add(point, p);
    return p;
  }

  private static EdwardsPoint checkedPoint(byte[] point) {
    if (!SodiumPointChecks.isCanonical(point)) {
      throw new CryptoException(REFUSED + "the point's y is not canonically encoded (y >= p)");
    }
    if (SodiumPointChecks.hasSmallOrder(point)) {
      throw new CryptoException(REFUSED + "the point has small order");
    }
    EdwardsPoint p = EdwardsPoint.decodeVar(point);
    if (p == null) {
      throw new CryptoException(REFUSED + "the point is not on the curve");
    }
    if (!PrimeOrderSubgroup.contains(p)) {
      throw new CryptoException(REFUSED + "the point is not in the prime-order subgroup");
    }
    return p;
  }
}
