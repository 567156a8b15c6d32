package io.protomux.wakeup.domain.hyperswarm;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Swarms over one {@link FakeDhtNetwork}, with what each saw. */
class SwarmHarness {
  final FakeDhtNetwork net = new FakeDhtNetwork();
  final byte[] topic = topic(1);
  private long seeds = 100;

  static byte[] topic(int n) {
    byte[] t = new byte[32];
    Arrays.fill(t, (byte) n);
    return t;
  }

  /** One swarm and its fake DHT. */
  final class Node {
    final KeyPair keyPair;
    final FakeDhtNetwork.FakeDht dht;
    final Hyperswarm swarm;
    final List<NoiseSecretStream> connectionEvents = new ArrayList<>();
    final List<PeerInfo> peerEvents = new ArrayList<>();
    final List<PeerInfo> bans = new ArrayList<>();

    Node(KeyPair keyPair, HyperswarmOptions options) {
      this.keyPair = keyPair;
      this.dht = net.node(keyPair);
      Random random = new Random(seeds++);
      this.swarm = new Hyperswarm(dht, keyPair, random::nextBytes, options);
      swarm.onConnection(
          (conn, peer) -> {
            connectionEvents.add(conn);
            peerEvents.add(peer);
          });
      swarm.onBan((peer, reason) -> bans.add(peer));
    }

    Key32 key() {
      return Key32.of(keyPair.publicKey());
    }

    byte[] publicKey() {
      return keyPair.publicKey();
    }

    /** The open connection to that node, or null. */
    NoiseSecretStream connectionTo(Node other) {
      for (NoiseSecretStream conn : swarm.connections()) {
        if (Arrays.equals(conn.remotePublicKey(), other.publicKey())) {
          return conn;
        }
      }
      return null;
    }
  }

  Node node() {
    return new Node(net.crypto.keyPair(), HyperswarmOptions.DEFAULTS);
  }

  Node node(HyperswarmOptions options) {
    return new Node(net.crypto.keyPair(), options);
  }

  /** Two nodes, the one with the larger public key (unsigned) first. */
  Node[] largerThenSmaller() {
    Node a = node();
    Node b = node();
    return Arrays.compareUnsigned(a.publicKey(), b.publicKey()) > 0 ? new Node[] {a, b} : new Node[] {b, a};
  }

  void run(long millis) {
    net.loop.runFor(millis);
  }
}
