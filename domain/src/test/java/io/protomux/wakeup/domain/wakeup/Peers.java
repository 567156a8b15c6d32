package io.protomux.wakeup.domain.wakeup;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.Link;
import io.protomux.wakeup.adapters.inmemory.NetworkOptions;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamHandler;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.ports.crypto.Crypto;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Swarms joined by secret streams over an in-memory network, on one virtual-time loop. */
final class Peers {
  final VirtualTimeLoop loop = new VirtualTimeLoop();
  final InMemoryNetwork network;
  final Crypto crypto;

  Peers(long seed) {
    network = new InMemoryNetwork(loop, NetworkOptions.defaults().withSeed(seed).withChunking(97));
    crypto = new BouncyCastleCrypto(RandomSources.seeded(seed));
  }

  WakeupSwarm.Builder swarm() {
    return WakeupSwarm.builder(crypto, loop);
  }

  /** A connected pair of started streams: [0] dialed (initiator), [1] accepted. */
  NoiseSecretStream[] connect() {
    Link link = network.pair();
    NoiseSecretStream a = stream(true, link);
    NoiseSecretStream b = stream(false, link);
    a.start();
    b.start();
    return new NoiseSecretStream[] {a, b};
  }

  /** A connected pair of started streams with these options: [0] dialed, [1] accepted. */
  NoiseSecretStream[] connect(StreamOptions dialer, StreamOptions acceptor) {
    Link link = network.pair();
    NoiseSecretStream a = stream(true, link, dialer);
    NoiseSecretStream b = stream(false, link, acceptor);
    a.start();
    b.start();
    return new NoiseSecretStream[] {a, b};
  }

  /** {@link #connect(WakeupSwarm, WakeupSwarm)} with these stream options on each side. */
  NoiseSecretStream[] connect(
      WakeupSwarm a, StreamOptions aOptions, WakeupSwarm b, StreamOptions bOptions) {
    NoiseSecretStream[] streams = connect(aOptions, bOptions);
    a.addStream(streams[0]);
    b.addStream(streams[1]);
    return streams;
  }

  /** A started stream on one end of {@code link}. */
  NoiseSecretStream streamOn(Link link, boolean initiator, StreamOptions options) {
    NoiseSecretStream stream = stream(initiator, link, options);
    stream.start();
    return stream;
  }

  /** Connects two swarms with a new stream pair and adds each end to its swarm. */
  NoiseSecretStream[] connect(WakeupSwarm a, WakeupSwarm b) {
    NoiseSecretStream[] streams = connect();
    a.addStream(streams[0]);
    b.addStream(streams[1]);
    return streams;
  }

  /** A stream pair with the link under it, so a test can change its latency or drop it. */
  record Wire(Link link, NoiseSecretStream a, NoiseSecretStream b) {}

  /** Connects two swarms over a new link of the given one-way latency; [a] dials. */
  Wire wire(WakeupSwarm a, WakeupSwarm b, long latencyMillis) {
    Link link = network.pair();
    link.setLatencyMillis(latencyMillis);
    NoiseSecretStream sa = stream(true, link);
    NoiseSecretStream sb = stream(false, link);
    sa.start();
    sb.start();
    a.addStream(sa);
    b.addStream(sb);
    return new Wire(link, sa, sb);
  }

  /** {@link #wire(WakeupSwarm, WakeupSwarm, long)} without latency. */
  Wire wire(WakeupSwarm a, WakeupSwarm b) {
    return wire(a, b, 0);
  }

  /** The topic id the reference derives from a capability. */
  io.protomux.wakeup.domain.Key32 topicOf(Capability capability) {
    return io.protomux.wakeup.domain.Key32.of(crypto.discoveryKey(capability.bytes()));
  }

  /** A capability whose bytes are {@code n} (big-endian) followed by a fixed pattern. */
  static Capability numbered(int n) {
    byte[] bytes = filled("numbered");
    bytes[0] = (byte) (n >>> 24);
    bytes[1] = (byte) (n >>> 16);
    bytes[2] = (byte) (n >>> 8);
    bytes[3] = (byte) n;
    return Capability.of(bytes);
  }

  private NoiseSecretStream stream(boolean initiator, Link link) {
    return stream(initiator, link, StreamOptions.DEFAULTS);
  }

  private NoiseSecretStream stream(boolean initiator, Link link, StreamOptions options) {
    return new NoiseSecretStream(
        crypto,
        initiator,
        crypto.keyPair(),
        initiator ? link.initiator() : link.responder(),
        options,
        message -> {});
  }

  /** The reference tests' capability: "stuffimcapableof" repeated to 32 bytes. */
  static Capability capability(String fill) {
    byte[] bytes = new byte[32];
    byte[] pattern = fill.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = pattern[i % pattern.length];
    }
    return Capability.of(bytes);
  }

  static byte[] filled(String fill) {
    byte[] bytes = new byte[32];
    byte[] pattern = fill.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = pattern[i % pattern.length];
    }
    return bytes;
  }

  static SecretStreamHandler ignoring() {
    return message -> {};
  }

  static boolean same(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }
}
