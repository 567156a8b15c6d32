package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command line over the HyperDHT, each node a process of its own on a JavaScript testnet:
 * two {@code join}s on one capability, {@code listen --bootstrap} with {@code connect
 * --public-key}, a {@code join} against a JavaScript Hyperswarm peer, and a dial nobody answers.
 */
class DhtCliInteropTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final String CAP = "5e".repeat(32);
  private static final String SEED_A = "a1".repeat(32);
  private static final String SEED_B = "b2".repeat(32);
  private static final String LOG_A = "aa".repeat(32);
  private static final String LOG_B = "bb".repeat(32);

  private final BouncyCastleCrypto crypto = new BouncyCastleCrypto();
  private final String topic = HEX.formatHex(crypto.discoveryKey(HEX.parseHex(CAP)));
  private final String keyA = publicKey(SEED_A);
  private final String keyB = publicKey(SEED_B);
  private final List<NodePeer> processes = new ArrayList<>();
  private String bootstrap;

  @BeforeEach
  void startTestnet() {
    NodePeer testnet = started(NodePeer.start("dht-testnet.js", "--size", "5"));
    JsonNode first = testnet.await(e -> "testnet".equals(e.path("event").asText()), WAIT)
        .get("bootstrap").get(0);
    bootstrap = first.get("host").asText() + ":" + first.get("port").asInt();
  }

  @AfterEach
  void stop() {
    // The testnet, started first, goes last.
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }

  @Test
  void twoJavaJoinsOnOneCapabilityFindEachOtherAndExchangeLookupAndAnnounce() {
    NodePeer a = started(join(SEED_A, "--announce", LOG_A + ":5", "--exit-on", "lookup"));
    assertThat(a.await("joined").get("topic").asText()).isEqualTo(topic);
    NodePeer b = started(join(SEED_B, "--announce", LOG_B + ":7", "--lookup", "--exit-on",
        "announce"));

    JsonNode joined = b.await("joined");
    assertThat(joined.get("topic").asText()).isEqualTo(topic);
    assertThat(joined.get("publicKey").asText()).isEqualTo(keyB);
    assertThat(b.await("connection").get("remotePublicKey").asText()).isEqualTo(keyA);
    assertThat(a.await("connection").get("remotePublicKey").asText()).isEqualTo(keyB);
    JsonNode announce = b.await(e -> "announce".equals(e.path("event").asText()), WAIT);
    assertThat(announce.get("topic").asText()).isEqualTo(topic);
    assertThat(announce.get("remotePublicKey").asText()).isEqualTo(keyA);
    assertThat(announce.get("wakeups").toString())
        .isEqualTo("[{\"key\":\"" + LOG_A + "\",\"length\":5}]");
    JsonNode lookup = a.await(e -> "lookup".equals(e.path("event").asText()), WAIT);
    assertThat(lookup.get("remotePublicKey").asText()).isEqualTo(keyB);
    assertThat(b.awaitExit(WAIT)).as("b's exit code; stderr: %s", b.stderr()).isZero();
    assertThat(a.awaitExit(WAIT)).as("a's exit code; stderr: %s", a.stderr()).isZero();
  }

  @Test
  void connectByPublicKeyReachesADhtListener() {
    NodePeer server = started(JavaCli.start("listen", "--bootstrap", bootstrap, "--port", "0",
        "--seed", SEED_A, "--capability", CAP, "--announce", LOG_A + ":9", "--exit-on", "lookup",
        "--timeout-ms", "60000"));
    JsonNode listening = server.await(e -> "listening".equals(e.path("event").asText()), WAIT);
    assertThat(listening.get("publicKey").asText()).isEqualTo(keyA);

    NodePeer client = started(JavaCli.start("connect", "--bootstrap", bootstrap, "--port", "0",
        "--public-key", keyA, "--seed", SEED_B, "--capability", CAP, "--lookup", "--exit-on",
        "announce"));
    JsonNode connection = client.await("connection");
    assertThat(connection.get("remotePublicKey").asText()).isEqualTo(keyA);
    assertThat(connection.get("initiator").asBoolean()).isTrue();
    assertThat(client.await("announce").get("wakeups").toString())
        .isEqualTo("[{\"key\":\"" + LOG_A + "\",\"length\":9}]");
    JsonNode accepted = server.await("connection");
    assertThat(accepted.get("remotePublicKey").asText()).isEqualTo(keyB);
    assertThat(accepted.get("initiator").asBoolean()).isFalse();
    assertThat(client.awaitExit(WAIT)).as("client exit; stderr: %s", client.stderr()).isZero();
    assertThat(server.awaitExit(WAIT)).as("server exit; stderr: %s", server.stderr()).isZero();
  }

  @Test
  void aJavaJoinMeetsAJavaScriptSwarmPeerOnTheCapabilitysDiscoveryKey() {
    NodePeer js = started(NodePeer.start("dht-peer.js", "swarm", "--bootstrap", bootstrap,
        "--open"));
    String jsKey = js.await(e -> "ready".equals(e.path("event").asText()), WAIT)
        .get("publicKey").asText();
    js.command("{\"cmd\":\"session\",\"capability\":\"" + CAP + "\",\"active\":true,"
        + "\"respond\":[{\"key\":\"" + LOG_B + "\",\"length\":3}]}");
    js.send("{\"cmd\":\"join\",\"topic\":\"" + topic + "\"}");
    js.await(e -> "joined".equals(e.path("event").asText()), WAIT);

    NodePeer java = started(join(SEED_A, "--client-only", "--announce", LOG_A + ":4", "--lookup",
        "--exit-on", "announce"));
    assertThat(java.await("connection").get("remotePublicKey").asText()).isEqualTo(jsKey);
    JsonNode announce = java.await(e -> "announce".equals(e.path("event").asText()), WAIT);
    assertThat(announce.get("remotePublicKey").asText()).isEqualTo(jsKey);
    assertThat(announce.get("wakeups").toString())
        .isEqualTo("[{\"key\":\"" + LOG_B + "\",\"length\":3}]");
    JsonNode jsAnnounce = js.await(e -> "announce".equals(e.path("event").asText()), WAIT);
    assertThat(jsAnnounce.get("topic").asText()).isEqualTo(topic);
    assertThat(jsAnnounce.get("wakeups").get(0).get("key").asText()).isEqualTo(LOG_A);
    assertThat(jsAnnounce.get("remotePublicKey").asText()).isEqualTo(keyA);
    assertThat(java.awaitExit(WAIT)).as("exit code; stderr: %s", java.stderr()).isZero();
  }

  @Test
  void aDialNobodyAnswersExitsOneWithTheDhtsReason() {
    NodePeer client = started(JavaCli.start("connect", "--bootstrap", bootstrap, "--port", "0",
        "--public-key", publicKey("c3".repeat(32)), "--capability", CAP, "--timeout-ms",
        "30000"));
    assertThat(client.awaitExit(WAIT)).isEqualTo(1);
    assertThat(client.stderr()).startsWith("error: PEER_NOT_FOUND");
    assertThat(client.seen()).isEmpty();
  }

  private NodePeer join(String seed, String... more) {
    List<String> args = new ArrayList<>(List.of("join", "--bootstrap", bootstrap, "--port", "0",
        "--seed", seed, "--capability", CAP, "--timeout-ms", "60000"));
    args.addAll(List.of(more));
    return JavaCli.start(args.toArray(String[]::new));
  }

  private NodePeer started(NodePeer process) {
    processes.add(process);
    return process;
  }

  private String publicKey(String seedHex) {
    return HEX.formatHex(crypto.keyPair(HEX.parseHex(seedHex)).publicKey());
  }
}
