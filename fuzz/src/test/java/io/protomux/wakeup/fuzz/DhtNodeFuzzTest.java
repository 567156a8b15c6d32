package io.protomux.wakeup.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.inmemory.DatagramNetwork;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.dht.Commands;
import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.DhtRequest;
import io.protomux.wakeup.domain.dht.Messages;
import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.DhtServer;
import io.protomux.wakeup.domain.hyperdht.HyperDht;
import io.protomux.wakeup.domain.hyperdht.HyperDhtOptions;
import io.protomux.wakeup.domain.hyperdht.StorageOptions;
import io.protomux.wakeup.domain.hyperdht.StorageSizes;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxSocket;
import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.ports.crypto.KeyPair;
import io.protomux.wakeup.ports.crypto.RandomSource;
import io.protomux.wakeup.testvectors.Vectors;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import io.protomux.wakeup.ports.datagram.DatagramTransport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target 9, a serving hyperdht node's receive path: a persistent {@link HyperDht} node (a
 * bootstrapper, so the storage commands, the router's routes and the serving limits are all live)
 * with a server listening under the noise-ik.json server key (so a PEER_HANDSHAKE for its target
 * reaches the IK responder, the payload decoder and the handshake slots) receives datagrams cut
 * from the input on both of its sockets, from a few sources, on virtual time. Nothing may escape
 * the node (the loop records any exception as a failure), what the input can make it hold stays
 * within the bounds (requests in flight, handshake slots, stored records and values), and
 * afterwards it still answers a well-formed PING from a source of its own.
 *
 * <p>Input: a sequence of {@code [source byte][length byte][datagram]}; the source byte's low bit
 * picks the socket, the rest one of 8 source ports.
 */
class DhtNodeFuzzTest {
  private static final BouncyCastleCrypto CRYPTO = new BouncyCastleCrypto(seeded(9));
  private static final Node NODE = new Node();

  @FuzzTest
  void receiveDatagrams(byte[] input) {
    int at = 0;
    while (at + 2 <= input.length) {
      int source = input[at] & 0xff;
      int length = Math.min(input[at + 1] & 0xff, input.length - at - 2);
      byte[] datagram = Arrays.copyOfRange(input, at + 2, at + 2 + length);
      at += 2 + length;
      UdxSocket socket = (source & 1) == 0 ? NODE.server : NODE.client;
      socket.onDatagram(
          ByteBuffer.wrap(datagram), new InetSocketAddress("10.9.0." + (1 + (source >> 5)), 1000 + (source >> 1)));
    }
    NODE.loop.runFor(50);
    if (!NODE.loop.failures().isEmpty()) {
      throw new AssertionError("the node threw", NODE.loop.failures().get(0));
    }
    if (NODE.node.io().inflightCount() > DhtNodeOptions.DEFAULTS.io().maxInflight()) {
      throw new AssertionError("requests in flight above the bound: " + NODE.node.io().inflightCount());
    }
    if (NODE.dhtServer.handshakeSlots() > HyperDhtOptions.DEFAULTS.maxServerHandshakes()) {
      throw new AssertionError("handshake slots above the bound: " + NODE.dhtServer.handshakeSlots());
    }
    StorageOptions bounds = HyperDhtOptions.DEFAULTS.storage();
    StorageSizes held = NODE.hyperDht.storageSizes();
    if (held.records() > bounds.maxRecords() || held.mutables() > bounds.maxValues()
        || held.immutables() > bounds.maxValues()) {
      throw new AssertionError("storage above its bounds: " + held);
    }
    int before = NODE.pongs;
    byte[] ping = Messages.encode(new DhtRequest(1, new PeerAddress("10.0.0.1", 49737), null, null,
        true, Commands.PING, null, null));
    NODE.probe.send(ByteBuffer.wrap(ping), new InetSocketAddress("10.0.0.1", 49737));
    NODE.loop.runFor(10);
    if (NODE.pongs != before + 1) {
      throw new AssertionError("the node no longer answers a well-formed PING");
    }
  }

  /** A deterministic random source (xorshift), so a crash replays. */
  private static RandomSource seeded(long seed) {
    long[] state = {seed * 0x9E3779B97F4A7C15L + 1};
    return bytes -> {
      for (int i = 0; i < bytes.length; i++) {
        long x = state[0];
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        state[0] = x;
        bytes[i] = (byte) x;
      }
    };
  }

  /** One node for every input: building crypto and sockets per input would drown the fuzzer. */
  private static final class Node {
    final VirtualTimeLoop loop = new VirtualTimeLoop();
    final UdxSocket server;
    final UdxSocket client;
    final DhtNode node;
    final DhtServer dhtServer;
    final HyperDht hyperDht;
    final DatagramSocket probe;
    int pongs;

    Node() {
      DatagramNetwork network = new DatagramNetwork(loop, 9);
      DatagramTransport host = network.host("10.0.0.1");
      Udx udx = new Udx(loop, CRYPTO.random());
      server = udx.socket(host.bind("10.0.0.1", 49737));
      client = udx.socket(host.bind("10.0.0.1", 0));
      node =
          new DhtNode(loop, CRYPTO, CRYPTO.random(), server, client,
              DhtNodeOptions.bootstrapper("10.0.0.1", 49737, DhtNodeOptions.DEFAULTS));
      node.bootstrap();
      loop.runFor(10);
      if (node.ephemeral()) {
        throw new IllegalStateException("the fuzzed node must serve storage: " + node);
      }
      JsonNode keys = Vectors.load("dht/noise-ik.json").get("keys").get("serverStatic");
      KeyPair serverKeys =
          new KeyPair(Vectors.hex(keys.get("publicKey")), Vectors.hex(keys.get("secretKey")));
      hyperDht = new HyperDht(node, udx, CRYPTO, serverKeys, HyperDhtOptions.DEFAULTS);
      probe = network.host("10.0.0.2").bind("10.0.0.2", 5000);
      probe.setHandler((datagram, source) -> pongs++);
      dhtServer = hyperDht.createServer((key, address) -> false, stream -> {});
      dhtServer.listen(serverKeys, error -> {});
      loop.runFor(10);
    }
  }
}
