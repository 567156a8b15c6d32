package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.hyperdht.HyperDhtConstants;
import io.protomux.wakeup.domain.hyperdht.LookupReply;
import io.protomux.wakeup.domain.hyperdht.MutableGetResponse;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.domain.hyperdht.PeerRecords;
import io.protomux.wakeup.domain.hyperdht.PluginRequest;
import io.protomux.wakeup.domain.hyperdht.StorageCounters;
import io.protomux.wakeup.domain.hyperdht.StorageOptions;
import io.protomux.wakeup.domain.hyperdht.ValueMessages;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The storage of a persistent Java hyperdht node (HYPERDHT.md 3.3, the reference's {@code
 * lib/persistent.js}) asked by a scripted peer: each handler's reply flags and values, the checks
 * that drop a request without an answer, the mutable seq rules, routes from self-announces, and
 * an ephemeral node leaving all of it to dht-rpc's UNKNOWN_COMMAND. Expiry, bumps and bounds are
 * in {@link HyperDhtStorageLimitsTest}.
 */
class HyperDhtStorageTest {
  private static final int ID = DhtResponse.FLAG_ID;
  private static final int TOKEN = DhtResponse.FLAG_TOKEN;
  private static final int CLOSER = DhtResponse.FLAG_CLOSER_NODES;
  private static final int ERROR = DhtResponse.FLAG_ERROR;
  private static final int VALUE = DhtResponse.FLAG_VALUE;
  private static final long MAX_AGE = 30_000;
  private static final StorageOptions SHORT =
      new StorageOptions(65536, 1024, 65536, MAX_AGE, 8192, MAX_AGE, 1000, 0);

  private final StorageNet net = new StorageNet(61, SHORT);
  private final DhtTestNet.Scripted client = net.net.scripted("10.9.0.1", 7000);

  private DhtResponse ask(long command, byte[] target, byte[] token, byte[] value) {
    return net.ask(client, net.s1, command, target, token, value);
  }

  private byte[] token() {
    return net.token(client, net.s1);
  }

  private StorageCounters counters() {
    return net.h1.storageCounters();
  }

  @Test
  void readsAnswerWithTokenAndCloserNodesTopicWritesWithNeither() {
    byte[] topic = net.topic(1);
    KeyPair keys = net.net.crypto.keyPair();
    PeerRecord record = new PeerRecord(keys.publicKey(), List.of(new PeerAddress("10.5.0.1", 900)));

    DhtResponse empty = ask(HyperDhtConstants.LOOKUP, topic, null, null);
    assertThat(empty.flags()).isEqualTo(ID | TOKEN | CLOSER);
    assertThat(empty.id()).isEqualTo(net.s1.id());
    assertThat(empty.closerNodes()).contains(StorageNet.address(net.s2));
    assertThat(ask(HyperDhtConstants.FIND_PEER, topic, null, null).flags())
        .isEqualTo(ID | TOKEN | CLOSER);

    DhtResponse announced = net.announce(client, net.s1, topic, record, keys);
    assertThat(announced.flags()).as("no token, no closer nodes, no value").isEqualTo(ID);

    DhtResponse found = ask(HyperDhtConstants.LOOKUP, topic, null, null);
    assertThat(found.flags()).isEqualTo(ID | TOKEN | CLOSER | VALUE);
    assertThat(PeerRecords.decodeLookupReply(found.value()))
        .isEqualTo(new LookupReply(List.of(record), 0));
    assertThat(found.value()).as("raw record, then the bump").isEqualTo(
        PeerRecords.encodeLookupReply(List.of(PeerRecords.encode(record)), 0));
    assertThat(ask(HyperDhtConstants.FIND_PEER, topic, null, null).value())
        .as("a topic record is no route").isNull();

    byte[] token = token();
    DhtResponse unannounced = ask(HyperDhtConstants.UNANNOUNCE, topic, token,
        net.announce(topic, token, net.s1, new PeerRecord(keys.publicKey(), List.of()), keys, null,
            0, true));
    assertThat(unannounced.flags()).isEqualTo(ID);
    assertThat(net.lookup(client, topic)).isEmpty();
  }

  @Test
  void valueWritesAndReadsAnswerWithTokenAndCloserNodes() {
    byte[] value = "immutable value".getBytes(StandardCharsets.UTF_8);
    byte[] hash = net.net.crypto.hash(value);
    DhtResponse missing = ask(HyperDhtConstants.IMMUTABLE_GET, hash, null, null);
    assertThat(missing.flags()).isEqualTo(ID | TOKEN | CLOSER);
    DhtResponse put = ask(HyperDhtConstants.IMMUTABLE_PUT, hash, missing.token(), value);
    assertThat(put.flags()).isEqualTo(ID | TOKEN | CLOSER);
    assertThat(put.error()).isZero();
    DhtResponse got = ask(HyperDhtConstants.IMMUTABLE_GET, hash, null, null);
    assertThat(got.flags()).isEqualTo(ID | TOKEN | CLOSER | VALUE);
    assertThat(got.value()).isEqualTo(value);

    KeyPair keys = net.net.crypto.keyPair();
    byte[] target = net.net.crypto.hash(keys.publicKey());
    DhtResponse none = ask(HyperDhtConstants.MUTABLE_GET, target, null,
        ValueMessages.encodeMutableGetRequest(0));
    assertThat(none.flags()).isEqualTo(ID | TOKEN | CLOSER);
    DhtResponse stored = ask(HyperDhtConstants.MUTABLE_PUT, target, none.token(),
        net.mutablePut(keys, 1, "seq 1"));
    assertThat(stored.flags()).isEqualTo(ID | TOKEN | CLOSER);
    DhtResponse read = ask(HyperDhtConstants.MUTABLE_GET, target, null,
        ValueMessages.encodeMutableGetRequest(1));
    assertThat(read.flags()).isEqualTo(ID | TOKEN | CLOSER | VALUE);
    MutableGetResponse response = ValueMessages.decodeMutableGetResponse(read.value());
    assertThat(response.seq()).isEqualTo(1);
    assertThat(new String(response.value(), StandardCharsets.UTF_8)).isEqualTo("seq 1");
    assertThat(net.signatures.verifyMutable(keys.publicKey(), 1, response.value(),
        response.signature())).isTrue();
    assertThat(ask(HyperDhtConstants.MUTABLE_GET, target, null,
        ValueMessages.encodeMutableGetRequest(2)).value()).as("asked for seq 2 or more").isNull();
  }

  @Test
  void mutableSeqRules() {
    KeyPair keys = net.net.crypto.keyPair();
    byte[] target = net.net.crypto.hash(keys.publicKey());
    assertThat(ask(HyperDhtConstants.MUTABLE_PUT, target, token(), net.mutablePut(keys, 5, "five"))
        .error()).isZero();
    assertThat(ask(HyperDhtConstants.MUTABLE_PUT, target, token(), net.mutablePut(keys, 5, "five"))
        .error()).as("the same seq and bytes again").isZero();
    DhtResponse reused =
        ask(HyperDhtConstants.MUTABLE_PUT, target, token(), net.mutablePut(keys, 5, "other"));
    assertThat(reused.error()).isEqualTo(HyperDhtConstants.ERROR_SEQ_REUSED);
    assertThat(reused.flags()).as("error: closer nodes, no token").isEqualTo(ID | CLOSER | ERROR);
    DhtResponse low = ask(HyperDhtConstants.MUTABLE_PUT, target, token(), net.mutablePut(keys, 4, "x"));
    assertThat(low.error()).isEqualTo(HyperDhtConstants.ERROR_SEQ_TOO_LOW);
    assertThat(low.flags()).isEqualTo(ID | CLOSER | ERROR);
    assertThat(ask(HyperDhtConstants.MUTABLE_PUT, target, token(), net.mutablePut(keys, 6, "six"))
        .error()).isZero();
    MutableGetResponse now = ValueMessages.decodeMutableGetResponse(
        ask(HyperDhtConstants.MUTABLE_GET, target, null, ValueMessages.encodeMutableGetRequest(0))
            .value());
    assertThat(now.seq()).isEqualTo(6);
    assertThat(counters().seqReused()).isEqualTo(1);
    assertThat(counters().seqTooLow()).isEqualTo(1);
  }

  @Test
  void failedChecksAndMalformedValuesGetNoAnswer() {
    byte[] topic = net.topic(2);
    KeyPair keys = net.net.crypto.keyPair();
    PeerRecord record = new PeerRecord(keys.publicKey(), List.of());
    byte[] token = token();
    byte[] good = net.announce(topic, token, net.s1, record, keys, null, 0, false);

    byte[] badSignature = good.clone();
    badSignature[badSignature.length - 1] ^= 1;
    assertThat(ask(HyperDhtConstants.ANNOUNCE, topic, token, badSignature)).isNull();
    byte[] forOtherNode = net.announce(topic, token, net.s2, record, keys, null, 0, false);
    assertThat(ask(HyperDhtConstants.ANNOUNCE, topic, token, forOtherNode)).isNull();
    byte[] otherToken = token.clone();
    otherToken[0] ^= 1;
    byte[] forOtherToken = net.announce(topic, otherToken, net.s1, record, keys, null, 0, false);
    assertThat(ask(HyperDhtConstants.ANNOUNCE, topic, token, forOtherToken)).isNull();
    assertThat(ask(HyperDhtConstants.ANNOUNCE, net.topic(3), token, good)).as("other target").isNull();
    assertThat(ask(HyperDhtConstants.ANNOUNCE, topic, null, good)).as("no token").isNull();
    assertThat(ask(HyperDhtConstants.ANNOUNCE, topic, token, new byte[] {1, 2})).isNull();
    assertThat(ask(HyperDhtConstants.ANNOUNCE, topic, token, null)).isNull();
    assertThat(ask(HyperDhtConstants.UNANNOUNCE, topic, token,
        net.announce(topic, token, net.s1, record, keys, null, 0, false)))
        .as("an announce signature is no unannounce signature").isNull();
    // A token this node never issued: dht-rpc answers INVALID_TOKEN with a fresh one.
    DhtResponse invalid = ask(HyperDhtConstants.ANNOUNCE, topic, new byte[32], good);
    assertThat(invalid.error()).isEqualTo(Commands.INVALID_TOKEN);
    assertThat(invalid.flags()).isEqualTo(ID | TOKEN | CLOSER | ERROR);
    assertThat(net.lookup(client, topic)).isEmpty();
    assertThat(counters().badSignatures()).isEqualTo(5);
    assertThat(counters().missingTokens()).isEqualTo(1);
    assertThat(counters().malformed()).isEqualTo(2);
    assertThat(ask(HyperDhtConstants.ANNOUNCE, topic, token, good).flags()).isEqualTo(ID);
    assertThat(net.lookup(client, topic)).containsExactly(record);

    KeyPair owner = net.net.crypto.keyPair();
    byte[] target = net.net.crypto.hash(owner.publicKey());
    byte[] put = net.mutablePut(owner, 1, "v");
    assertThat(ask(HyperDhtConstants.MUTABLE_PUT, topic, token, put)).as("not H(key)").isNull();
    byte[] forged = put.clone();
    forged[forged.length - 1] ^= 1;
    assertThat(ask(HyperDhtConstants.MUTABLE_PUT, target, token, forged)).isNull();
    assertThat(ask(HyperDhtConstants.MUTABLE_PUT, target, null, put)).isNull();
    assertThat(ask(HyperDhtConstants.MUTABLE_PUT, target, token, new byte[] {3})).isNull();
    assertThat(ask(HyperDhtConstants.MUTABLE_GET, target, null, new byte[] {(byte) 0xfd}))
        .as("a truncated uint").isNull();
    assertThat(ask(HyperDhtConstants.IMMUTABLE_PUT, topic, token, new byte[] {9}))
        .as("not H(value)").isNull();
    assertThat(ask(HyperDhtConstants.IMMUTABLE_GET, null, null, null)).as("no target").isNull();
    assertThat(ask(HyperDhtConstants.MUTABLE_GET, target, null,
        ValueMessages.encodeMutableGetRequest(0)).value()).isNull();
    assertThat(counters().wrongTargets()).isEqualTo(2);
    assertThat(counters().badSignatures()).isEqualTo(6);
    assertThat(counters().missingTokens()).isEqualTo(2);
    assertThat(counters().malformed()).isEqualTo(5);
  }

  @Test
  void lookupAndUnannounceFirstForgetsWhatThisNodeStoresForTheKey() {
    byte[] topic = net.topic(11);
    KeyPair keys = net.net.crypto.keyPair();
    net.announce(client, net.s1, topic, new PeerRecord(keys.publicKey(), List.of()), keys);
    assertThat(net.lookup(client, topic)).hasSize(1);
    net.h1.lookupAndUnannounce(topic, keys, QueryOptions.DEFAULTS, found -> {});
    assertThat(net.lookup(client, topic)).isEmpty();
  }

  @Test
  void relayAddressesAreCutToThreeAfterTheSignatureCheck() {
    byte[] topic = net.topic(4);
    KeyPair keys = net.net.crypto.keyPair();
    List<PeerAddress> five = List.of(new PeerAddress("10.5.0.1", 1), new PeerAddress("10.5.0.2", 2),
        new PeerAddress("10.5.0.3", 3), new PeerAddress("10.5.0.4", 4),
        new PeerAddress("10.5.0.5", 5));
    assertThat(net.announce(client, net.s1, topic, new PeerRecord(keys.publicKey(), five), keys)
        .flags()).isEqualTo(ID);
    assertThat(net.lookup(client, topic)).containsExactly(new PeerRecord(keys.publicKey(), five.subList(0, 3)));
  }

  @Test
  void aSelfAnnounceIsARouteThatFindPeerAndLookupReturn() {
    KeyPair server = net.net.crypto.keyPair();
    byte[] target = net.net.crypto.hash(server.publicKey());
    PeerRecord own = new PeerRecord(server.publicKey(), List.of());
    KeyPair other = net.net.crypto.keyPair();
    PeerRecord otherRecord = new PeerRecord(other.publicKey(), List.of());
    assertThat(net.announce(client, net.s1, target, otherRecord, other).flags()).isEqualTo(ID);
    assertThat(net.announce(client, net.s1, target, own, server).flags()).isEqualTo(ID);

    DhtResponse found = ask(HyperDhtConstants.FIND_PEER, target, null, null);
    assertThat(found.flags()).isEqualTo(ID | TOKEN | CLOSER | VALUE);
    assertThat(found.value()).isEqualTo(PeerRecords.encode(own));
    assertThat(net.lookup(client, target)).as("the topic record, then the route's").containsExactly(
        otherRecord, own);

    byte[] token = token();
    assertThat(ask(HyperDhtConstants.UNANNOUNCE, target, token,
        net.announce(target, token, net.s1, own, server, null, 0, true)).flags()).isEqualTo(ID);
    assertThat(ask(HyperDhtConstants.FIND_PEER, target, null, null).value()).isNull();
    assertThat(net.lookup(client, target)).containsExactly(otherRecord);
  }

  @Test
  void aServerOnThePersistentNodeIsFoundWithItsAnnouncerRecord() {
    KeyPair serverKeys = net.net.crypto.keyPair();
    net.h1.createServer((key, address) -> false, stream -> {}).listen(serverKeys, error -> {});
    net.net.loop.runFor(2000);
    byte[] target = net.net.crypto.hash(serverKeys.publicKey());
    DhtResponse found = ask(HyperDhtConstants.FIND_PEER, target, null, null);
    assertThat(found.value())
        .isEqualTo(PeerRecords.encode(new PeerRecord(serverKeys.publicKey(), List.of())));
    // Its own route never expires.
    net.net.loop.runFor(5 * MAX_AGE);
    assertThat(ask(HyperDhtConstants.FIND_PEER, target, null, null).value()).isNotNull();
  }

  @Test
  void pluginRequestsAreDropped() {
    byte[] value = ValueMessages.encode(new PluginRequest("blind-relay", 1, 0, new byte[] {1}));
    assertThat(ask(HyperDhtConstants.PLUGIN, net.topic(8), null, value)).isNull();
    assertThat(counters().pluginsDropped()).isEqualTo(1);
  }

  @Test
  void anEphemeralNodeAnswersEveryStorageCommandUnknownWithCloserNodes() {
    assertThat(net.boot.ephemeral()).isTrue();
    for (long command = HyperDhtConstants.FIND_PEER; command <= HyperDhtConstants.PLUGIN;
        command++) {
      DhtResponse r = net.ask(client, net.boot, command, net.topic(9), null, new byte[] {0});
      assertThat(r.error()).as("command %s", command).isEqualTo(Commands.UNKNOWN_COMMAND);
      assertThat(r.flags()).as("command %s", command).isEqualTo(CLOSER | ERROR);
      assertThat(r.closerNodes()).contains(StorageNet.address(net.s1));
    }
    assertThat(ask(11, net.topic(9), null, null).error())
        .as("a persistent node does not know command 11 either").isEqualTo(Commands.UNKNOWN_COMMAND);
  }

}
