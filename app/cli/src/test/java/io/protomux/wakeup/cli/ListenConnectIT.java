package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.domain.Key32;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code listen} and {@code connect} in two processes, driven through their command lines and
 * read from their output, for every pairing of implementations.
 */
class ListenConnectIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final BouncyCastleCrypto CRYPTO = new BouncyCastleCrypto();
  private static final String CAP = hex(0x11);
  private static final String OTHER_CAP = hex(0x12);
  private static final String LISTENER_SEED = hex(0x21);
  private static final String CONNECTOR_SEED = hex(0x22);
  private static final String LOG = hex(0x31);
  private static final String HASH = hex(0x41);

  private final List<CliProcess> processes = new ArrayList<>();

  /** Listener and connector: Java with itself, and with the Node reference both ways round. */
  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of(CliImplementation.JAVA, CliImplementation.JAVA),
        Arguments.of(CliImplementation.JAVA, CliImplementation.NODE),
        Arguments.of(CliImplementation.NODE, CliImplementation.JAVA));
  }

  @AfterEach
  void killLeftovers() {
    processes.forEach(CliProcess::close);
  }

  @ParameterizedTest(name = "{0} listens, {1} connects")
  @MethodSource("pairs")
  void aLookupIsAnsweredWithTheListenersAnnounce(CliImplementation l, CliImplementation c)
      throws Exception {
    CliProcess listener =
        listen(l, "--capability", CAP, "--seed", LISTENER_SEED, "--announce", LOG + ":5",
            "--exit-on", "lookup");
    JsonNode listening = listener.awaitEvent("listening", WAIT);
    assertThat(listening.get("host").asText()).isEqualTo("127.0.0.1");
    assertThat(listening.get("port").asInt()).isPositive();
    assertThat(listening.get("publicKey").asText()).isEqualTo(publicKey(LISTENER_SEED));

    CliProcess connector =
        connect(c, listening, "--capability", CAP, "--seed", CONNECTOR_SEED, "--lookup",
            "--hash", HASH, "--exit-on", "announce");

    assertThat(connector.awaitExit(WAIT)).isZero();
    assertThat(listener.awaitExit(WAIT)).isZero();
    assertThat(listener.eventNames()).startsWith("listening", "peer-add").endsWith("lookup");
    JsonNode listenerPeer = listener.events("peer-add").get(0);
    assertThat(listenerPeer.get("topic").asText()).isEqualTo(topic(CAP));
    assertThat(listenerPeer.get("remotePublicKey").asText()).isEqualTo(publicKey(CONNECTOR_SEED));
    JsonNode lookup = listener.events("lookup").get(0);
    assertThat(lookup.get("topic").asText()).isEqualTo(topic(CAP));
    assertThat(lookup.get("hash").asText()).isEqualTo(HASH);
    assertThat(lookup.get("remotePublicKey").asText()).isEqualTo(publicKey(CONNECTOR_SEED));

    JsonNode connectorPeer = connector.events("peer-add").get(0);
    assertThat(connectorPeer.get("topic").asText()).isEqualTo(topic(CAP));
    assertThat(connectorPeer.get("remotePublicKey").asText()).isEqualTo(publicKey(LISTENER_SEED));
    JsonNode announce = connector.events("announce").get(0);
    assertThat(announce.get("topic").asText()).isEqualTo(topic(CAP));
    assertThat(announce.get("wakeups")).hasSize(1);
    assertThat(announce.get("wakeups").get(0).get("key").asText()).isEqualTo(LOG);
    assertThat(announce.get("wakeups").get(0).get("length").asLong()).isEqualTo(5);
    assertThat(announce.get("remotePublicKey").asText()).isEqualTo(publicKey(LISTENER_SEED));
    assertThat(connector.eventNames()).endsWith("announce");
    assertThat(listener.stderr()).isEmpty();
    assertThat(connector.stderr()).isEmpty();
  }

  @ParameterizedTest(name = "{0} listens, {1} connects")
  @MethodSource("pairs")
  void theConnectorGreetsEachNewPeerWithItsAnnounceThenItsLookup(
      CliImplementation l, CliImplementation c) throws Exception {
    CliProcess listener = listen(l, "--capability", CAP, "--exit-on", "lookup");
    CliProcess connector =
        connect(c, listener.awaitEvent("listening", WAIT), "--capability", CAP, "--announce",
            LOG + ":7", "--announce", HASH + ":0", "--lookup", "--exit-on", "peer-add");

    assertThat(listener.awaitExit(WAIT)).isZero();
    assertThat(connector.awaitExit(WAIT)).isZero();
    assertThat(listener.eventNames()).containsSubsequence("peer-add", "announce", "lookup");
    JsonNode announce = listener.events("announce").get(0);
    assertThat(announce.get("wakeups").get(0).get("key").asText()).isEqualTo(LOG);
    assertThat(announce.get("wakeups").get(0).get("length").asLong()).isEqualTo(7);
    assertThat(announce.get("wakeups").get(1).get("key").asText()).isEqualTo(HASH);
    assertThat(announce.get("wakeups").get(1).get("length").asLong()).isZero();
    assertThat(listener.events("lookup").get(0).get("hash").isNull()).isTrue();
  }

  @ParameterizedTest(name = "{0} listens, {1} connects")
  @MethodSource("pairs")
  void exitOnWaitsForEverySession(CliImplementation l, CliImplementation c) throws Exception {
    CliProcess listener =
        listen(l, "--capability", CAP, "--capability", OTHER_CAP, "--exit-on", "peer-add");
    CliProcess connector =
        connect(c, listener.awaitEvent("listening", WAIT), "--capability", OTHER_CAP,
            "--capability", CAP, "--exit-on", "peer-add");

    assertThat(listener.awaitExit(WAIT)).isZero();
    assertThat(connector.awaitExit(WAIT)).isZero();
    assertThat(listener.events("peer-add").stream().map(e -> e.get("topic").asText()))
        .containsExactlyInAnyOrder(topic(CAP), topic(OTHER_CAP));
    assertThat(connector.events("peer-add").stream().map(e -> e.get("topic").asText()))
        .containsExactlyInAnyOrder(topic(CAP), topic(OTHER_CAP));
  }

  @ParameterizedTest(name = "{0} listens, {1} connects")
  @MethodSource("pairs")
  void aTopicWithoutASessionIsReportedAsAWakeup(CliImplementation l, CliImplementation c)
      throws Exception {
    CliProcess listener = listen(l, "--capability", CAP, "--timeout-ms", "30000");
    CliProcess connector =
        connect(c, listener.awaitEvent("listening", WAIT), "--capability", CAP, "--capability",
            OTHER_CAP, "--timeout-ms", "30000");

    JsonNode wakeup = listener.awaitEvent("wakeup", WAIT);
    assertThat(wakeup.get("topic").asText()).isEqualTo(topic(OTHER_CAP));
    assertThat(connector.awaitEvent("peer-add", WAIT).get("topic").asText()).isEqualTo(topic(CAP));
    assertThat(listener.events("wakeup")).hasSize(1);
  }

  @ParameterizedTest(name = "{0} listens, {1} connects")
  @MethodSource("pairs")
  void aDiscoveryKeyReplacesTheCapabilitysTopic(CliImplementation l, CliImplementation c)
      throws Exception {
    String discoveryKey = hex(0x51);
    CliProcess listener =
        listen(l, "--capability", CAP, "--discovery-key", discoveryKey, "--exit-on", "peer-add");
    CliProcess connector =
        connect(c, listener.awaitEvent("listening", WAIT), "--capability", CAP,
            "--discovery-key", discoveryKey, "--exit-on", "peer-add");

    assertThat(listener.awaitExit(WAIT)).isZero();
    assertThat(connector.awaitExit(WAIT)).isZero();
    assertThat(listener.events("peer-add").get(0).get("topic").asText()).isEqualTo(discoveryKey);
    assertThat(connector.events("peer-add").get(0).get("topic").asText()).isEqualTo(discoveryKey);
  }

  @ParameterizedTest(name = "{0} listens, {1} connects")
  @MethodSource("pairs")
  void anInactiveSideIsAddedButNeverActive(CliImplementation l, CliImplementation c)
      throws Exception {
    CliProcess listener = listen(l, "--capability", CAP, "--inactive", "--exit-on", "peer-add");
    CliProcess connector =
        connect(c, listener.awaitEvent("listening", WAIT), "--capability", CAP);

    assertThat(listener.awaitExit(WAIT)).isZero();
    assertThat(connector.awaitExit(WAIT)).isZero();
    assertThat(listener.eventNames()).containsExactly("listening", "peer-add");
    assertThat(connector.eventNames()).containsExactly("peer-add", "peer-remove");
  }

  @ParameterizedTest(name = "{0} listens, {1} connects")
  @MethodSource("pairs")
  void theListenerSeesTheConnectorLeave(CliImplementation l, CliImplementation c)
      throws Exception {
    CliProcess listener = listen(l, "--capability", CAP, "--exit-on", "peer-remove");
    CliProcess connector =
        connect(c, listener.awaitEvent("listening", WAIT), "--capability", CAP, "--exit-on",
            "peer-add");

    assertThat(connector.awaitExit(WAIT)).isZero();
    assertThat(listener.awaitExit(WAIT)).isZero();
    assertThat(listener.eventNames())
        .containsExactly("listening", "peer-add", "peer-active", "peer-inactive", "peer-remove");
  }

  @ParameterizedTest(name = "{0} listens, {1} connects")
  @MethodSource("pairs")
  void everyPeerEventNamesTheRemote(CliImplementation l, CliImplementation c) throws Exception {
    CliProcess listener =
        listen(l, "--capability", CAP, "--seed", LISTENER_SEED, "--announce", LOG + ":5",
            "--exit-on", "peer-remove");
    CliProcess connector =
        connect(c, listener.awaitEvent("listening", WAIT), "--capability", CAP, "--seed",
            CONNECTOR_SEED, "--announce", HASH + ":1", "--lookup", "--exit-on", "announce");

    assertThat(listener.awaitExit(WAIT)).isZero();
    assertThat(connector.awaitExit(WAIT)).isZero();
    List<JsonNode> listenerEvents = listener.events().subList(1, listener.events().size());
    assertThat(listenerEvents)
        .extracting(event -> event.get("event").asText())
        .contains("peer-add", "peer-active", "announce", "lookup", "peer-inactive", "peer-remove");
    assertThat(listenerEvents)
        .allSatisfy(
            event -> {
              assertThat(event.get("remotePublicKey").asText())
                  .isEqualTo(publicKey(CONNECTOR_SEED));
              // Appended: every field the event had before comes first, in its place.
              List<String> names = new ArrayList<>();
              event.fieldNames().forEachRemaining(names::add);
              assertThat(names).startsWith("event", "topic").endsWith("remotePublicKey");
            });
    assertThat(connector.events())
        .extracting(event -> event.get("event").asText())
        .containsExactly("peer-add", "peer-active", "announce");
    assertThat(connector.events())
        .allSatisfy(
            event ->
                assertThat(event.get("remotePublicKey").asText())
                    .isEqualTo(publicKey(LISTENER_SEED)));
  }

  @ParameterizedTest(name = "{0} listens, {1} connects")
  @MethodSource("pairs")
  void aConnectorWithoutExitOnEndsWhenThePeerClosesTheConnection(
      CliImplementation l, CliImplementation c) throws Exception {
    CliProcess listener = listen(l, "--capability", CAP, "--exit-on", "peer-add");
    CliProcess connector =
        connect(c, listener.awaitEvent("listening", WAIT), "--capability", CAP);

    assertThat(listener.awaitExit(WAIT)).isZero();
    assertThat(connector.awaitExit(WAIT)).isZero();
    assertThat(connector.eventNames())
        .containsExactly("peer-add", "peer-active", "peer-inactive", "peer-remove");
    assertThat(connector.stderr()).isEmpty();
  }

  @ParameterizedTest(name = "{0} listens, {1} connects")
  @MethodSource("pairs")
  void aConnectionThatClosesBeforeTheExitEventFails(CliImplementation l, CliImplementation c)
      throws Exception {
    CliProcess listener = listen(l, "--capability", CAP, "--exit-on", "peer-add");
    CliProcess connector =
        connect(c, listener.awaitEvent("listening", WAIT), "--capability", CAP, "--exit-on",
            "lookup");

    assertThat(listener.awaitExit(WAIT)).isZero();
    assertThat(connector.awaitExit(WAIT)).isEqualTo(1);
    assertThat(connector.stderr())
        .isEqualTo("error: the connection closed before every topic saw lookup\n");
  }

  @ParameterizedTest(name = "{0} listens, {1} connects")
  @MethodSource("pairs")
  void aConnectorStillWaitingAtItsTimeoutFails(CliImplementation l, CliImplementation c)
      throws Exception {
    CliProcess listener = listen(l, "--capability", CAP, "--timeout-ms", "30000");
    CliProcess connector =
        connect(c, listener.awaitEvent("listening", WAIT), "--capability", CAP, "--exit-on",
            "lookup", "--timeout-ms", "1500");

    assertThat(connector.awaitExit(WAIT)).isEqualTo(1);
    assertThat(connector.eventNames()).startsWith("peer-add");
    assertThat(connector.stderr()).isEqualTo("error: timed out after 1500 ms\n");
  }

  @ParameterizedTest(name = "{0} connects")
  @MethodSource("implementations")
  void aRefusedDialFailsWithOneLine(CliImplementation c) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliProcess connector =
        start("connect", c, "connect", "--port", Integer.toString(port), "--capability", CAP);

    assertThat(connector.awaitExit(WAIT)).isEqualTo(1);
    assertThat(connector.lines()).isEmpty();
    assertThat(connector.stderr()).startsWith("error: ").contains(Integer.toString(port));
    assertThat(connector.stderr().lines()).hasSize(1);
  }

  @ParameterizedTest(name = "{0} listens")
  @MethodSource("implementations")
  void aListenerStillRunningAtItsTimeoutFails(CliImplementation l) throws Exception {
    CliProcess listener = listen(l, "--capability", CAP, "--timeout-ms", "500");

    assertThat(listener.awaitExit(WAIT)).isEqualTo(1);
    assertThat(listener.eventNames()).containsExactly("listening");
    assertThat(listener.stderr()).isEqualTo("error: timed out after 500 ms\n");
  }

  static Stream<CliImplementation> implementations() {
    return pairs().map(pair -> (CliImplementation) pair.get()[0]).distinct();
  }

  private CliProcess listen(CliImplementation implementation, String... options) {
    List<String> args = new ArrayList<>(List.of("listen"));
    args.addAll(List.of(options));
    return start("listener", implementation, args.toArray(String[]::new));
  }

  private CliProcess connect(CliImplementation implementation, JsonNode listening, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("connect", "--host", listening.get("host").asText(), "--port",
                listening.get("port").asText()));
    args.addAll(List.of(options));
    return start("connector", implementation, args.toArray(String[]::new));
  }

  private CliProcess start(String label, CliImplementation implementation, String... args) {
    CliProcess process = CliProcess.start(label, implementation, List.of(args));
    processes.add(process);
    return process;
  }

  private static String hex(int fill) {
    return String.format("%02x", fill).repeat(32);
  }

  private static String topic(String capability) {
    return HexFormat.of().formatHex(CRYPTO.discoveryKey(HexFormat.of().parseHex(capability)));
  }

  private static String publicKey(String seed) {
    return Key32.of(CRYPTO.keyPair(HexFormat.of().parseHex(seed)).publicKey()).toHex();
  }
}
