package io.protomux.wakeup.domain.hyperdht;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Reads the live captures of the reference stack (HYPERDHT.md 6.2 and 6.7), copied unchanged into
 * test-vectors/…/vectors/dht/, into the domain's types.
 *
 * <p>Two layouts: the loopback captures ({@code live-exchange-*}) list every datagram with its
 * real {@code from} and {@code to}; the namespace NAT captures ({@code nat-*}) list what one peer
 * sent ({@code dir out}: to {@code remote}) and received ({@code dir in}: from {@code remote}).
 */
final class LiveCaptures {
  static final List<String> LIVE =
      List.of(
          "live-exchange-open",
          "live-exchange-firewalled",
          "live-exchange-holepunch",
          "live-exchange-swarm",
          "live-exchange-storage");
  /** The live captures with a connection (handshakes and streams). */
  static final List<String> CONNECTIONS =
      List.of(
          "live-exchange-open",
          "live-exchange-firewalled",
          "live-exchange-holepunch",
          "live-exchange-swarm");
  static final List<String> NAT =
      List.of(
          "nat-consistent-client",
          "nat-consistent-server",
          "nat-random-client",
          "nat-random-server");
  static final List<String> ALL;

  static {
    List<String> all = new ArrayList<>(LIVE);
    all.addAll(NAT);
    ALL = List.copyOf(all);
  }

  private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();

  private LiveCaptures() {}

  static JsonNode load(String name) {
    return CACHE.computeIfAbsent(name, n -> Vectors.load("dht/" + n + ".json"));
  }

  static boolean isNat(String name) {
    return name.startsWith("nat-");
  }

  static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    if (array != null) {
      array.forEach(out::add);
    }
    return out;
  }

  static List<JsonNode> datagrams(String name) {
    List<JsonNode> out = list(load(name).get("datagrams"));
    if (out.isEmpty()) {
      throw new IllegalStateException("no datagrams in " + name);
    }
    return out;
  }

  static boolean isDhtRpc(JsonNode datagram) {
    return datagram.get("kind").asText().startsWith("dht-rpc");
  }

  static List<JsonNode> dhtRpc(String name) {
    return datagrams(name).stream().filter(LiveCaptures::isDhtRpc).toList();
  }

  /** The command name of a request, or for a response the command of the request it answers. */
  static String command(JsonNode datagram) {
    JsonNode d = datagram.get("decoded");
    return d.get("type").asText().equals("request")
        ? d.get("commandName").asText()
        : d.get("forCommand").asText();
  }

  static boolean isRequest(JsonNode datagram) {
    return datagram.get("decoded").get("type").asText().equals("request");
  }

  /** The real source address, or null where the capture does not know it (a NAT peer's own). */
  static PeerAddress source(JsonNode datagram) {
    if (datagram.has("from")) {
      return address(datagram.get("from"));
    }
    return datagram.get("dir").asText().equals("in") ? address(datagram.get("remote")) : null;
  }

  /** The real destination address, or null where the capture does not know it. */
  static PeerAddress destination(JsonNode datagram) {
    if (datagram.has("to") && datagram.get("to").has("host")) {
      return address(datagram.get("to"));
    }
    return datagram.get("dir").asText().equals("out") ? address(datagram.get("remote")) : null;
  }

  static PeerAddress address(JsonNode node) {
    return new PeerAddress(node.get("host").asText(), node.get("port").asInt());
  }

  static PeerAddress addressOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : address(node);
  }

  static List<PeerAddress> addresses(JsonNode array) {
    if (array == null || array.isNull()) {
      return null;
    }
    List<PeerAddress> out = new ArrayList<>();
    array.forEach(a -> out.add(address(a)));
    return out;
  }

  static byte[] bytes(JsonNode node) {
    return Vectors.hex(node);
  }

  static byte[] bytesOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : Vectors.hex(node);
  }

  static String hex(byte[] bytes) {
    return Vectors.toHex(bytes);
  }

  /** The connection's holepunch secret: from a live capture's final handshake entries or a NAT one. */
  static byte[] holepunchSecret(String name) {
    JsonNode capture = load(name);
    if (capture.has("handshake")) {
      return bytes(capture.get("handshake").get("holepunchSecret"));
    }
    for (JsonNode h : capture.get("handshakes")) {
      if (h.get("op").asText().equals("final")) {
        return bytes(h.get("holepunchSecret"));
      }
    }
    throw new IllegalStateException("no holepunch secret in " + name);
  }

  /** A noisePayload from the fields of a capture's payload object (3.2.2); absent versions are 1. */
  static NoisePayload noisePayload(JsonNode p) {
    long version = p.has("version") ? p.get("version").asLong() : NoisePayload.VERSION;
    NoisePayload.Holepunch holepunch = null;
    JsonNode hp = p.get("holepunch");
    if (hp != null && !hp.isNull()) {
      List<NoisePayload.RelayInfo> relays = new ArrayList<>();
      for (JsonNode r : hp.get("relays")) {
        relays.add(
            new NoisePayload.RelayInfo(
                address(r.get("relayAddress")), address(r.get("peerAddress"))));
      }
      holepunch = new NoisePayload.Holepunch(hp.get("id").asLong(), relays);
    }
    List<PeerAddress> addresses4 = addresses(p.get("addresses4"));
    JsonNode a6 = p.get("addresses6");
    List<Ipv6Address> addresses6 = new ArrayList<>();
    if (a6 != null && !a6.isNull()) {
      for (JsonNode a : a6) {
        addresses6.add(Ipv6Address.parse(a.get("host").asText(), a.get("port").asInt()));
      }
    }
    NoisePayload.Udx udx = null;
    JsonNode u = p.get("udx");
    if (u != null && !u.isNull()) {
      udx =
          new NoisePayload.Udx(
              u.has("version") ? u.get("version").asLong() : 1,
              u.get("reusableSocket").asBoolean(),
              u.get("id").asLong(),
              u.get("seq").asLong());
    }
    NoisePayload.SecretStream secretStream = null;
    JsonNode s = p.get("secretStream");
    if (s != null && !s.isNull()) {
      secretStream = new NoisePayload.SecretStream(s.has("version") ? s.get("version").asLong() : 1);
    }
    NoisePayload.RelayThrough relayThrough = null;
    JsonNode rt = p.get("relayThrough");
    if (rt != null && !rt.isNull()) {
      relayThrough =
          new NoisePayload.RelayThrough(
              rt.has("version") ? rt.get("version").asLong() : 1,
              rt.has("flags") ? rt.get("flags").asLong() : 0,
              bytes(rt.get("publicKey")),
              bytes(rt.get("token")));
    }
    return new NoisePayload(
        version,
        p.get("error").asLong(),
        p.get("firewall").asLong(),
        holepunch,
        addresses4 == null ? List.of() : addresses4,
        addresses6,
        udx,
        secretStream,
        relayThrough,
        addresses(p.get("relayAddresses")));
  }

  static HolepunchPayload holepunchPayload(JsonNode p) {
    return new HolepunchPayload(
        p.get("error").asLong(),
        p.get("firewall").asLong(),
        p.get("round").asLong(),
        p.get("connected").asBoolean(),
        p.get("punching").asBoolean(),
        addresses(p.get("addresses")),
        addressOrNull(p.get("remoteAddress")),
        bytesOrNull(p.get("token")),
        bytesOrNull(p.get("remoteToken")));
  }

  static PeerRecord peerRecord(JsonNode p) {
    return new PeerRecord(bytes(p.get("publicKey")), addresses(p.get("relayAddresses")));
  }

  /**
   * Opens {@code nonce (24) || poly1305 tag (16) || xsalsa20 ciphertext} (crypto_secretbox_easy,
   * HYPERDHT.md 3.13), test-side only: sealing in main code is a later issue. Null if the tag does
   * not verify.
   */
  static byte[] secretboxOpen(byte[] key, byte[] sealed) {
    byte[] nonce = Arrays.copyOfRange(sealed, 0, 24);
    byte[] tag = Arrays.copyOfRange(sealed, 24, 40);
    byte[] ciphertext = Arrays.copyOfRange(sealed, 40, sealed.length);
    XSalsa20Engine salsa = new XSalsa20Engine();
    salsa.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
    byte[] macKey = new byte[32];
    salsa.processBytes(macKey, 0, 32, macKey, 0);
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(macKey));
    mac.update(ciphertext, 0, ciphertext.length);
    byte[] computed = new byte[16];
    mac.doFinal(computed, 0);
    if (!Arrays.equals(computed, tag)) {
      return null;
    }
    byte[] plaintext = new byte[ciphertext.length];
    salsa.processBytes(ciphertext, 0, ciphertext.length, plaintext, 0);
    return plaintext;
  }
}
