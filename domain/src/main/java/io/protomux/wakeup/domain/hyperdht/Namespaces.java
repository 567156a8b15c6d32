package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.ports.crypto.Blake2b;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * hyperdht's signature and hashing namespaces: {@code ns = H("hyperswarm/dht")} and, for some
 * commands, {@code NS_X = H(ns || one byte = X's command number)} (hypercore-crypto's {@code
 * namespace}). Each is 32 bytes and is prepended to what gets signed or hashed, so a signature
 * made for one purpose cannot be replayed for another. Immutable; the accessors return copies.
 */
public final class Namespaces {
  /** The name every namespace derives from. */
  public static final String NAME = "hyperswarm/dht";

  private final byte[] base;
  private final byte[] announce;
  private final byte[] unannounce;
  private final byte[] mutablePut;
  private final byte[] peerHandshake;
  private final byte[] peerHolepunch;
  private final byte[] plugin;

  private Namespaces(Blake2b blake2b) {
    base = blake2b.hash(NAME.getBytes(StandardCharsets.UTF_8));
    // namespace(name, n) yields the ids for the bytes 0..n-1; the commands pick theirs out.
    byte[][] ids = blake2b.namespace(NAME, HyperDhtConstants.PLUGIN + 1);
    announce = ids[HyperDhtConstants.ANNOUNCE];
    unannounce = ids[HyperDhtConstants.UNANNOUNCE];
    mutablePut = ids[HyperDhtConstants.MUTABLE_PUT];
    peerHandshake = ids[HyperDhtConstants.PEER_HANDSHAKE];
    peerHolepunch = ids[HyperDhtConstants.PEER_HOLEPUNCH];
    plugin = ids[HyperDhtConstants.PLUGIN];
  }

  /** Derives the namespaces with the given hash; cheap enough to do once per node. */
  public static Namespaces derive(Blake2b blake2b) {
    return new Namespaces(Objects.requireNonNull(blake2b, "blake2b"));
  }

  /** {@code H("hyperswarm/dht")}, the namespace the others derive from. */
  public byte[] base() {
    return base.clone();
  }

  /** NS_ANNOUNCE, prefix of an announce signable. */
  public byte[] announce() {
    return announce.clone();
  }

  /** NS_UNANNOUNCE, prefix of an unannounce signable. */
  public byte[] unannounce() {
    return unannounce.clone();
  }

  /** NS_MUTABLE_PUT, prefix of a mutable value's signable. */
  public byte[] mutablePut() {
    return mutablePut.clone();
  }

  /** NS_PEER_HANDSHAKE. */
  public byte[] peerHandshake() {
    return peerHandshake.clone();
  }

  /** NS_PEER_HOLEPUNCH. */
  public byte[] peerHolepunch() {
    return peerHolepunch.clone();
  }

  /** NS_PLUGIN. */
  public byte[] plugin() {
    return plugin.clone();
  }
}
