package io.protomux.wakeup.domain.dht;

import io.protomux.wakeup.domain.hyperdht.AnnounceMessage;
import io.protomux.wakeup.domain.hyperdht.AnnounceSignatures;
import io.protomux.wakeup.domain.hyperdht.HyperDht;
import io.protomux.wakeup.domain.hyperdht.HyperDhtConstants;
import io.protomux.wakeup.domain.hyperdht.HyperDhtOptions;
import io.protomux.wakeup.domain.hyperdht.MutablePutRequest;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.domain.hyperdht.PeerRecords;
import io.protomux.wakeup.domain.hyperdht.StorageOptions;
import io.protomux.wakeup.domain.hyperdht.ValueMessages;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A small hyperdht testnet on virtual time, as hyperdht's {@code createTestnet(3)}: an ephemeral
 * unfirewalled bootstrap node and two Java storage nodes that turned persistent through it, each
 * with a {@link HyperDht}; plus the means for scripted peers to talk to them.
 */
final class StorageNet {
  static final long WAIT = 50;

  final DhtTestNet net;
  final DhtNode boot;
  final HyperDht bootDht;
  final DhtNode s1;
  final HyperDht h1;
  final DhtNode s2;
  final HyperDht h2;
  final AnnounceSignatures signatures;
  private int tid = 1000;

  StorageNet(long seed, StorageOptions options) {
    net = new DhtTestNet(seed);
    signatures = new AnnounceSignatures(net.crypto, net.crypto);
    boot = net.node("10.0.0.1", 49737, 40000, DhtNodeOptions.DEFAULTS.withFirewalled(false));
    bootDht = hyperDht(boot, options);
    PeerAddress bootAddress = new PeerAddress("10.0.0.1", 49737);
    s1 = net.persistentNode("10.0.0.2", List.of(bootAddress));
    h1 = hyperDht(s1, options);
    s2 = net.persistentNode("10.0.0.3", List.of(bootAddress));
    h2 = hyperDht(s2, options);
    // s1 hears of s2 once s2 asks it again, now with its id.
    s2.findNode(s2.table().id(), QueryOptions.DEFAULTS, r -> {});
    net.loop.runFor(1000);
    if (s1.table().get(s2.id()) == null || s2.table().get(s1.id()) == null) {
      throw new IllegalStateException("the storage nodes do not know each other");
    }
  }

  HyperDht hyperDht(DhtNode node, StorageOptions options) {
    return new HyperDht(node, new Udx(net.loop, net.random), net.crypto, net.crypto.keyPair(),
        HyperDhtOptions.DEFAULTS.withStorage(options));
  }

  static PeerAddress address(DhtNode node) {
    return DhtIo.peerAddress(node.io().serverSocket().localAddress());
  }

  /** Sends a user request from {@code from} and returns the one answer, or null if none came. */
  DhtResponse ask(DhtTestNet.Scripted from, DhtNode to, long command, byte[] target, byte[] token,
      byte[] value) {
    int before = from.responses().size();
    PeerAddress address = address(to);
    from.send(new DhtRequest(tid++, address, null, token, false, command, target, value), address);
    net.loop.runFor(WAIT);
    List<DhtTestNet.Received> all = from.responses();
    if (all.size() > before + 1) {
      throw new IllegalStateException("more than one answer: " + all.subList(before, all.size()));
    }
    return all.size() == before ? null : all.get(before).response();
  }

  /** A topic named by {@code i}. */
  byte[] topic(int i) {
    return net.crypto.hash(("topic " + i).getBytes(StandardCharsets.UTF_8));
  }

  /** A MUTABLE_PUT value of {@code value} at {@code seq}, signed by {@code keys}. */
  byte[] mutablePut(KeyPair keys, long seq, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    byte[] signature = signatures.signMutable(seq, bytes, keys.secretKey());
    return ValueMessages.encode(new MutablePutRequest(keys.publicKey(), seq, bytes, signature));
  }

  /** The records {@code s1} answers {@code from}'s LOOKUP of {@code target} with. */
  List<PeerRecord> lookup(DhtTestNet.Scripted from, byte[] target) {
    DhtResponse r = ask(from, s1, HyperDhtConstants.LOOKUP, target, null, null);
    return r.value() == null ? List.of() : PeerRecords.decodeLookupReply(r.value()).peers();
  }

  /** A token {@code at} issued to {@code from}'s host (from a FIND_PEER reply). */
  byte[] token(DhtTestNet.Scripted from, DhtNode at) {
    return ask(from, at, HyperDhtConstants.FIND_PEER, new byte[32], null, null).token();
  }

  /** An ANNOUNCE (or UNANNOUNCE) value signed by {@code keys} for the node {@code at}. */
  byte[] announce(byte[] target, byte[] token, DhtNode at, PeerRecord record, KeyPair keys,
      byte[] refresh, long bump, boolean unannounce) {
    byte[] signature =
        unannounce
            ? signatures.signUnannounce(target, at.id(), token, record, refresh, keys.secretKey())
            : signatures.signAnnounce(target, at.id(), token, record, refresh, keys.secretKey());
    return PeerRecords.encode(new AnnounceMessage(record, refresh, signature, bump));
  }

  /** Announces {@code record} under {@code target} at {@code at} from {@code from}; the answer. */
  DhtResponse announce(DhtTestNet.Scripted from, DhtNode at, byte[] target, PeerRecord record,
      KeyPair keys) {
    byte[] token = token(from, at);
    return ask(from, at, HyperDhtConstants.ANNOUNCE, target, token,
        announce(target, token, at, record, keys, null, 0, false));
  }
}
