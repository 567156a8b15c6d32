package io.protomux.wakeup.domain.hyperdht;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads hyperdht-messages.json into the domain's types, and names a codec per message type, so
 * that the tests of this package can treat every type alike.
 */
final class HyperDhtVectors {
  static final JsonNode ROOT = Vectors.load("dht/hyperdht-messages.json");
  static final JsonNode SIGNATURES = Vectors.load("dht/signatures.json");

  /** One message type: its decoder, encoder and reader of the JSON fields. */
  record Kind(
      String type,
      Function<byte[], Object> decode,
      Function<Object, byte[]> encode,
      Function<JsonNode, Object> fromJson) {}

  static final Map<String, Kind> KINDS =
      Map.ofEntries(
          kind("handshake", HandshakeMessages::decodeHandshake,
              m -> HandshakeMessages.encode((HandshakeMessage) m), HyperDhtVectors::handshake),
          kind("holepunch", HandshakeMessages::decodeHolepunch,
              m -> HandshakeMessages.encode((HolepunchMessage) m), HyperDhtVectors::holepunch),
          kind("noisePayload", NoisePayloads::decode,
              m -> NoisePayloads.encode((NoisePayload) m), HyperDhtVectors::noisePayload),
          kind("holepunchPayload", HandshakeMessages::decodeHolepunchPayload,
              m -> HandshakeMessages.encode((HolepunchPayload) m),
              HyperDhtVectors::holepunchPayload),
          kind("peer", PeerRecords::decode, m -> PeerRecords.encode((PeerRecord) m),
              HyperDhtVectors::peer),
          kind("peers", PeerRecords::decodePeers, m -> PeerRecords.encodePeers(peerList(m)),
              HyperDhtVectors::peers),
          kind("lookupRawReply", PeerRecords::decodeLookupReply,
              m -> PeerRecords.encode((LookupReply) m), HyperDhtVectors::lookupReply),
          kind("announce", PeerRecords::decodeAnnounce,
              m -> PeerRecords.encode((AnnounceMessage) m), HyperDhtVectors::announce),
          kind("mutableSignable", ValueMessages::decodeMutableSignable,
              m -> ValueMessages.encode((MutableSignable) m),
              v -> new MutableSignable(v.get("seq").asLong(), Vectors.hex(v.get("value")))),
          kind("mutablePutRequest", ValueMessages::decodeMutablePutRequest,
              m -> ValueMessages.encode((MutablePutRequest) m),
              v -> new MutablePutRequest(Vectors.hex(v.get("publicKey")), v.get("seq").asLong(),
                  Vectors.hex(v.get("value")), Vectors.hex(v.get("signature")))),
          kind("mutableGetResponse", ValueMessages::decodeMutableGetResponse,
              m -> ValueMessages.encode((MutableGetResponse) m),
              v -> new MutableGetResponse(v.get("seq").asLong(), Vectors.hex(v.get("value")),
                  Vectors.hex(v.get("signature")))),
          kind("uint", ValueMessages::decodeMutableGetRequest,
              m -> ValueMessages.encodeMutableGetRequest((Long) m), JsonNode::asLong),
          kind("pluginRequest", ValueMessages::decodePluginRequest,
              m -> ValueMessages.encode((PluginRequest) m),
              v -> new PluginRequest(v.get("plugin").asText(), v.get("version").asLong(),
                  v.get("command").asLong(), bytesOrNull(v.get("value")))));

  private HyperDhtVectors() {}

  private static Map.Entry<String, Kind> kind(
      String type,
      Function<byte[], Object> decode,
      Function<Object, byte[]> encode,
      Function<JsonNode, Object> fromJson) {
    return Map.entry(type, new Kind(type, decode, encode, fromJson));
  }

  /** The codec of a vector's type; the uint vector's type is "uint (MUTABLE_GET ...)". */
  static Kind kindOf(JsonNode vector) {
    String type = vector.get("type").asText().split(" ")[0];
    Kind kind = KINDS.get(type);
    if (kind == null) {
      throw new IllegalStateException("no codec for vector type " + type);
    }
    return kind;
  }

  static List<JsonNode> messages() {
    List<JsonNode> out = new ArrayList<>();
    ROOT.get("messages").forEach(out::add);
    if (out.isEmpty()) {
      throw new IllegalStateException("no vectors in messages");
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<PeerRecord> peerList(Object m) {
    return (List<PeerRecord>) m;
  }

  static PeerAddress address(JsonNode node) {
    return node == null || node.isNull()
        ? null
        : new PeerAddress(node.get("host").asText(), node.get("port").asInt());
  }

  static List<PeerAddress> addresses(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    List<PeerAddress> out = new ArrayList<>();
    node.forEach(n -> out.add(address(n)));
    return out;
  }

  static byte[] bytesOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : Vectors.hex(node);
  }

  static HandshakeMessage handshake(JsonNode v) {
    return new HandshakeMessage(
        v.get("mode").asLong(),
        Vectors.hex(v.get("noise")),
        address(v.get("peerAddress")),
        address(v.get("relayAddress")));
  }

  static HolepunchMessage holepunch(JsonNode v) {
    return new HolepunchMessage(
        v.get("mode").asLong(),
        v.get("id").asLong(),
        Vectors.hex(v.get("payload")),
        address(v.get("peerAddress")));
  }

  static NoisePayload noisePayload(JsonNode v) {
    JsonNode hp = v.get("holepunch");
    NoisePayload.Holepunch holepunch = null;
    if (!hp.isNull()) {
      List<NoisePayload.RelayInfo> relays = new ArrayList<>();
      hp.get("relays")
          .forEach(
              r ->
                  relays.add(
                      new NoisePayload.RelayInfo(
                          address(r.get("relayAddress")), address(r.get("peerAddress")))));
      holepunch = new NoisePayload.Holepunch(hp.get("id").asLong(), relays);
    }
    List<Ipv6Address> addresses6 = new ArrayList<>();
    v.get("addresses6")
        .forEach(
            a -> addresses6.add(Ipv6Address.parse(a.get("host").asText(), a.get("port").asInt())));
    JsonNode u = v.get("udx");
    NoisePayload.Udx udx =
        u.isNull()
            ? null
            : new NoisePayload.Udx(
                u.get("version").asLong(),
                u.get("reusableSocket").asBoolean(),
                u.get("id").asLong(),
                u.get("seq").asLong());
    JsonNode ss = v.get("secretStream");
    // The reference's encoder writes version 1 whatever the object holds ({} in the values).
    NoisePayload.SecretStream secretStream =
        ss.isNull() ? null : new NoisePayload.SecretStream(ss.path("version").asLong(1));
    JsonNode rt = v.get("relayThrough");
    NoisePayload.RelayThrough relayThrough =
        rt.isNull()
            ? null
            : new NoisePayload.RelayThrough(
                rt.get("version").asLong(),
                rt.path("flags").asLong(0),
                Vectors.hex(rt.get("publicKey")),
                Vectors.hex(rt.get("token")));
    return new NoisePayload(
        v.get("version").asLong(),
        v.get("error").asLong(),
        v.get("firewall").asLong(),
        holepunch,
        addresses(v.get("addresses4")),
        addresses6,
        udx,
        secretStream,
        relayThrough,
        addresses(v.get("relayAddresses")));
  }

  static HolepunchPayload holepunchPayload(JsonNode v) {
    return new HolepunchPayload(
        v.get("error").asLong(),
        v.get("firewall").asLong(),
        v.get("round").asLong(),
        v.get("connected").asBoolean(),
        v.get("punching").asBoolean(),
        addresses(v.get("addresses")),
        address(v.get("remoteAddress")),
        bytesOrNull(v.get("token")),
        bytesOrNull(v.get("remoteToken")));
  }

  static PeerRecord peer(JsonNode v) {
    return new PeerRecord(Vectors.hex(v.get("publicKey")), addresses(v.get("relayAddresses")));
  }

  static List<PeerRecord> peers(JsonNode v) {
    List<PeerRecord> out = new ArrayList<>();
    v.forEach(p -> out.add(peer(p)));
    return out;
  }

  /** A decoded lookup reply: its peers are records (in the values they are raw hex). */
  static LookupReply lookupReply(JsonNode v) {
    return new LookupReply(peers(v.get("peers")), v.get("bump").asLong());
  }

  static AnnounceMessage announce(JsonNode v) {
    JsonNode peer = v.get("peer");
    return new AnnounceMessage(
        peer.isNull() ? null : peer(peer),
        bytesOrNull(v.get("refresh")),
        bytesOrNull(v.get("signature")),
        v.get("bump").asLong());
  }
}
