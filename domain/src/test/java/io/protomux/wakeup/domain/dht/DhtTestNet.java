package io.protomux.wakeup.domain.dht;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.adapters.inmemory.DatagramNetwork;
import io.protomux.wakeup.adapters.inmemory.PathProfile;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxSocket;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.RandomSource;
import io.protomux.wakeup.ports.datagram.DatagramHandler;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A virtual-time network for the dht-rpc tests: UDX sockets for the code under test, and
 * scripted peers (raw datagram sockets that record what arrives and answer as the test says).
 */
final class DhtTestNet {
  static final long LATENCY = 5;

  final VirtualTimeLoop loop = new VirtualTimeLoop();
  final DatagramNetwork network;
  final Crypto crypto = new BouncyCastleCrypto(RandomSources.seeded(11));
  final RandomSource random;
  private final Map<String, Udx> udxByHost = new HashMap<>();

  DhtTestNet(long seed) {
    network = new DatagramNetwork(loop, seed);
    network.defaultPath(PathProfile.PERFECT.withLatency(LATENCY, 0));
    random = RandomSources.seeded(seed);
  }

  UdxSocket udxSocket(String host, int port) {
    Udx udx = udxByHost.computeIfAbsent(host, h -> new Udx(loop, random));
    return udx.socket(network.host(host).bind(host, port));
  }

  DhtIo io(String host, int serverPort, int clientPort, DhtIoOptions options, DhtIo.Handler handler) {
    return new DhtIo(loop, crypto, random, udxSocket(host, serverPort), udxSocket(host, clientPort),
        options, handler);
  }

  DhtNode node(String host, int serverPort, int clientPort, DhtNodeOptions options) {
    return new DhtNode(loop, crypto, random, udxSocket(host, serverPort), udxSocket(host, clientPort),
        options);
  }

  /**
   * A node on {@code host} (server socket {@code 49737}, client socket {@code 40000}) that
   * bootstraps through {@code bootstrap} unfirewalled and turns persistent, as a JS testnet node
   * does; fails if it does not.
   */
  DhtNode persistentNode(String host, List<PeerAddress> bootstrap) {
    DhtNode node =
        node(host, 49737, 40000,
            DhtNodeOptions.DEFAULTS.withBootstrap(bootstrap).withFirewalled(false)
                .withEphemeral(false));
    node.bootstrap();
    loop.runUntil(node::bootstrapped, 60_000);
    if (node.ephemeral()) {
      throw new IllegalStateException(host + " did not turn persistent: " + node);
    }
    return node;
  }

  Scripted scripted(String host, int port) {
    return new Scripted(this, network.host(host).bind(host, port));
  }

  byte[] id(PeerAddress address) {
    return NodeId.of(address, crypto);
  }

  static PeerAddress address(InetSocketAddress address) {
    return DhtIo.peerAddress(address);
  }

  /** One datagram a scripted peer received. */
  record Received(PeerAddress from, byte[] raw, DhtMessage message, long at) {
    DhtRequest request() {
      return (DhtRequest) message;
    }

    DhtResponse response() {
      return (DhtResponse) message;
    }
  }

  /** A raw socket that records what arrives and lets the test answer. */
  static final class Scripted implements DatagramHandler {
    final DhtTestNet net;
    final DatagramSocket socket;
    final PeerAddress address;
    final List<Received> received = new ArrayList<>();
    BiConsumer<Scripted, Received> onMessage = (s, r) -> {};

    Scripted(DhtTestNet net, DatagramSocket socket) {
      this.net = net;
      this.socket = socket;
      this.address = address(socket.localAddress());
      socket.setHandler(this);
    }

    byte[] id() {
      return net.id(address);
    }

    @Override
    public void onDatagram(ByteBuffer datagram, InetSocketAddress source) {
      byte[] raw = new byte[datagram.remaining()];
      datagram.get(raw);
      DhtMessage message;
      try {
        message = Messages.decode(raw);
      } catch (EncodingException e) {
        message = null;
      }
      Received r = new Received(address(source), raw, message, net.loop.nowMillis());
      received.add(r);
      onMessage.accept(this, r);
    }

    void send(DhtMessage message, PeerAddress to) {
      sendRaw(Messages.encode(message), to);
    }

    void sendRaw(byte[] bytes, PeerAddress to) {
      socket.send(ByteBuffer.wrap(bytes), DhtIo.socketAddress(to));
    }

    /** Answers a request: to = the requester as seen, with our id if {@code withId}. */
    void reply(Received request, boolean withId, byte[] token, List<PeerAddress> closer, long error,
        byte[] value) {
      send(new DhtResponse(request.request().tid(), request.from(), withId ? id() : null, token,
          closer, error, value), request.from());
    }

    List<Received> requests() {
      List<Received> out = new ArrayList<>();
      for (Received r : received) {
        if (r.message() instanceof DhtRequest) {
          out.add(r);
        }
      }
      return out;
    }

    List<Received> responses() {
      List<Received> out = new ArrayList<>();
      for (Received r : received) {
        if (r.message() instanceof DhtResponse) {
          out.add(r);
        }
      }
      return out;
    }
  }

  /** A DhtIo handler that records what it was told. */
  static final class RecordingHandler implements DhtIo.Handler {
    final List<IncomingRequest> requests = new ArrayList<>();
    final List<Boolean> requestExternal = new ArrayList<>();
    final List<Reply> responses = new ArrayList<>();
    final List<OutgoingRequest> timeouts = new ArrayList<>();
    BiConsumer<IncomingRequest, Boolean> onRequest = (r, e) -> {};

    @Override
    public void onRequest(IncomingRequest request, boolean external) {
      requests.add(request);
      requestExternal.add(external);
      onRequest.accept(request, external);
    }

    @Override
    public void onResponse(Reply reply, boolean external) {
      responses.add(reply);
    }

    @Override
    public void onTimeout(OutgoingRequest request) {
      timeouts.add(request);
    }
  }
}
