package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.ports.crypto.Blake2b;
import io.protomux.wakeup.ports.crypto.Ed25519;
import java.util.Objects;

/**
 * The signatures of hyperdht 6.34.0's storage commands ({@code lib/persistent.js}): announces,
 * unannounces and mutable values, each an Ed25519 detached signature over a 64-byte signable.
 *
 * <ul>
 *   <li>announce: {@code NS_ANNOUNCE || H(target || storingNodeId || token || encode(peer) ||
 *       refresh-or-empty)}; unannounce the same with {@code NS_UNANNOUNCE}. {@code storingNodeId}
 *       and {@code token} are those of the node that will store the record (from its reply), so
 *       the record cannot be replayed at another node; the storing node checks with its own id
 *       and the token that came with the request. The bump is not signed.
 *   <li>mutable value: {@code NS_MUTABLE_PUT || H(encode(mutableSignable{seq, value}))}, signed by
 *       the owner key; stored under H(publicKey).
 * </ul>
 *
 * <p>Verification never throws for what a peer controls: a missing peer or signature, or a key or
 * signature of the wrong size, is simply not valid. Thread-safe if the ports are.
 */
public final class AnnounceSignatures {
  private static final byte[] EMPTY = new byte[0];

  private final Blake2b blake2b;
  private final Ed25519 ed25519;
  private final Namespaces namespaces;

  /**
   * @param blake2b the hash of the signables and namespaces
   * @param ed25519 the signer and verifier
   */
  public AnnounceSignatures(Blake2b blake2b, Ed25519 ed25519) {
    this.blake2b = Objects.requireNonNull(blake2b, "blake2b");
    this.ed25519 = Objects.requireNonNull(ed25519, "ed25519");
    this.namespaces = Namespaces.derive(blake2b);
  }

  /** The namespaces these signables start with. */
  public Namespaces namespaces() {
    return namespaces;
  }

  /**
   * The 64-byte announce signable.
   *
   * @param target the 32-byte target (topic, or H(key) for a server's own record)
   * @param storingNodeId the 32-byte id of the node that will store the record
   * @param token the 32-byte token that node gave
   * @param peer the record being announced
   * @param refresh the 32-byte refresh value, or null
   */
  public byte[] announceSignable(
      byte[] target, byte[] storingNodeId, byte[] token, PeerRecord peer, byte[] refresh) {
    return recordSignable(namespaces.announce(), target, storingNodeId, token, peer, refresh);
  }

  /** The 64-byte unannounce signable; parameters as in {@link #announceSignable}. */
  public byte[] unannounceSignable(
      byte[] target, byte[] storingNodeId, byte[] token, PeerRecord peer, byte[] refresh) {
    return recordSignable(namespaces.unannounce(), target, storingNodeId, token, peer, refresh);
  }

  /** The 64-byte signable of a mutable value. */
  public byte[] mutableSignable(long seq, byte[] value) {
    byte[] encoded = ValueMessages.encode(new MutableSignable(seq, value));
    return concat(namespaces.mutablePut(), blake2b.hash(encoded));
  }

  /**
   * Signs an announce of {@code peer} for one storing node.
   *
   * @param secretKey the announcing key pair's 64-byte secret key
   * @return the 64-byte signature for {@link AnnounceMessage#signature()}
   */
  public byte[] signAnnounce(
      byte[] target,
      byte[] storingNodeId,
      byte[] token,
      PeerRecord peer,
      byte[] refresh,
      byte[] secretKey) {
    return ed25519.sign(secretKey, announceSignable(target, storingNodeId, token, peer, refresh));
  }

  /** Signs an unannounce; parameters as in {@link #signAnnounce}. */
  public byte[] signUnannounce(
      byte[] target,
      byte[] storingNodeId,
      byte[] token,
      PeerRecord peer,
      byte[] refresh,
      byte[] secretKey) {
    return ed25519.sign(
        secretKey, unannounceSignable(target, storingNodeId, token, peer, refresh));
  }

  /** Signs a mutable value with the owner's 64-byte secret key. */
  public byte[] signMutable(long seq, byte[] value, byte[] secretKey) {
    return ed25519.sign(secretKey, mutableSignable(seq, value));
  }

  /**
   * Whether an announce received with {@code target} and {@code token} carries a valid signature
   * by its record's key, for the node whose id is {@code ownNodeId}.
   */
  public boolean verifyAnnounce(
      byte[] target, byte[] ownNodeId, byte[] token, AnnounceMessage announce) {
    return verifyRecord(namespaces.announce(), target, ownNodeId, token, announce);
  }

  /** Whether an unannounce is validly signed; parameters as in {@link #verifyAnnounce}. */
  public boolean verifyUnannounce(
      byte[] target, byte[] ownNodeId, byte[] token, AnnounceMessage unannounce) {
    return verifyRecord(namespaces.unannounce(), target, ownNodeId, token, unannounce);
  }

  /** Whether {@code signature} signs the mutable value {@code (seq, value)} by the key. */
  public boolean verifyMutable(byte[] publicKey, long seq, byte[] value, byte[] signature) {
    return ed25519.verify(publicKey, mutableSignable(seq, value), signature);
  }

  /** Whether a MUTABLE_PUT request is signed by the key it carries. */
  public boolean verify(MutablePutRequest put) {
    return verifyMutable(put.publicKey(), put.seq(), put.value(), put.signature());
  }

  private boolean verifyRecord(
      byte[] namespace, byte[] target, byte[] nodeId, byte[] token, AnnounceMessage m) {
    PeerRecord peer = m.peer();
    byte[] signature = m.signature();
    if (peer == null || signature == null || !sized(target) || !sized(nodeId) || !sized(token)) {
      return false;
    }
    if (peer.relayAddresses().size() > HyperDhtLimits.MAX_RECORD_RELAY_ADDRESSES) {
      return false; // not encodable here, and never decoded from the wire
    }
    byte[] signable = recordSignable(namespace, target, nodeId, token, peer, m.refresh());
    return ed25519.verify(peer.publicKey(), signable, signature);
  }

  private byte[] recordSignable(
      byte[] namespace,
      byte[] target,
      byte[] nodeId,
      byte[] token,
      PeerRecord peer,
      byte[] refresh) {
    require32(target, "target");
    require32(nodeId, "storingNodeId");
    require32(token, "token");
    Objects.requireNonNull(peer, "peer");
    if (refresh != null) {
      require32(refresh, "refresh");
    }
    byte[] encodedPeer = PeerRecords.encode(peer);
    byte[] digest =
        blake2b.hash(target, nodeId, token, encodedPeer, refresh == null ? EMPTY : refresh);
    return concat(namespace, digest);
  }

  private static boolean sized(byte[] value) {
    return value != null && value.length == 32;
  }

  private static void require32(byte[] value, String name) {
    Objects.requireNonNull(value, name);
    if (value.length != 32) {
      throw new IllegalArgumentException(name + " must be 32 bytes, got " + value.length);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
