package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.hyperdht.AnnounceMessage;
import io.protomux.wakeup.domain.hyperdht.HyperDhtConstants;
import io.protomux.wakeup.domain.hyperdht.LookupReply;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.domain.hyperdht.PeerRecords;
import io.protomux.wakeup.domain.hyperdht.StorageCounters;
import io.protomux.wakeup.domain.hyperdht.StorageOptions;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The time and size limits of a persistent Java node's storage (HYPERDHT.md 3.3): records expire
 * between 2/3 and 4/3 of maxAge on virtual time, reads renew values but not records, refresh
 * tokens renew records, bumps are kept within 60 s of the clock, and every bound of {@link
 * StorageOptions} refuses or rotates and is counted.
 */
class HyperDhtStorageLimitsTest {
  private static final int ID = DhtResponse.FLAG_ID;
  private static final long MAX_AGE = 30_000;
  private static final StorageOptions SHORT =
      new StorageOptions(65536, 1024, 65536, MAX_AGE, 8192, MAX_AGE, 1000, 0);

  private StorageNet net = new StorageNet(63, SHORT);
  private DhtTestNet.Scripted client = net.net.scripted("10.9.0.1", 7000);

  private void renew(StorageOptions options) {
    net = new StorageNet(62, options);
    client = net.net.scripted("10.9.0.1", 7000);
  }

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
  void theBumpIsTheLargestSeenNotTooFarAheadOfTheClock() {
    byte[] topic = net.topic(5);
    long now = net.net.loop.nowMillis();
    announceWithBump(topic, now + 30_000);
    announceWithBump(topic, now + 1_000);
    announceWithBump(topic, now + 200_000);
    DhtResponse r = ask(HyperDhtConstants.LOOKUP, topic, null, null);
    LookupReply reply = PeerRecords.decodeLookupReply(r.value());
    assertThat(reply.peers()).hasSize(3);
    assertThat(reply.bump()).isEqualTo(now + 30_000);

    // With the wall-clock offset an application sets, JS-style Date.now() bumps are kept.
    renew(SHORT.withBumpClockOffsetMillis(1_700_000_000_000L));
    long wall = 1_700_000_000_000L + net.net.loop.nowMillis();
    announceWithBump(topic, wall + 10);
    assertThat(PeerRecords.decodeLookupReply(ask(HyperDhtConstants.LOOKUP, topic, null, null)
        .value()).bump()).isEqualTo(wall + 10);
  }

  private void announceWithBump(byte[] topic, long bump) {
    KeyPair keys = net.net.crypto.keyPair();
    PeerRecord record = new PeerRecord(keys.publicKey(), List.of());
    byte[] token = token();
    assertThat(ask(HyperDhtConstants.ANNOUNCE, topic, token,
        net.announce(topic, token, net.s1, record, keys, null, bump, false)).flags())
        .isEqualTo(ID);
  }


  @Test
  void aRecordExpiresBetweenTwoThirdsAndFourThirdsOfMaxAgeLookupsDoNotRenewIt() {
    byte[] topic = net.topic(6);
    KeyPair keys = net.net.crypto.keyPair();
    net.announce(client, net.s1, topic, new PeerRecord(keys.publicKey(), List.of()), keys);
    long written = net.net.loop.nowMillis() - StorageNet.WAIT;
    runUntil(written + 2 * MAX_AGE / 3 - StorageNet.WAIT);
    assertThat(net.lookup(client, topic)).hasSize(1);
    runUntil(written + 4 * MAX_AGE / 3 + StorageNet.WAIT);
    assertThat(net.lookup(client, topic)).isEmpty();
  }

  @Test
  void readingAValueRenewsItAndRefreshTokensRenewARecord() {
    byte[] value = "kept by reads".getBytes(StandardCharsets.UTF_8);
    byte[] hash = net.net.crypto.hash(value);
    ask(HyperDhtConstants.IMMUTABLE_PUT, hash, token(), value);
    byte[] topic = net.topic(7);
    KeyPair keys = net.net.crypto.keyPair();
    KeyPair control = net.net.crypto.keyPair();
    // A hash chain: the announce registers H(r1), a refresh with r1 registers r1, then r2 with
    // H(r2) = r1 renews the record again.
    byte[] r2 = net.net.random.bytes(32);
    byte[] r1 = net.net.crypto.hash(r2);
    byte[] token = token();
    PeerRecord record = new PeerRecord(keys.publicKey(), List.of());
    assertThat(ask(HyperDhtConstants.ANNOUNCE, topic, token,
        net.announce(topic, token, net.s1, record, keys, net.net.crypto.hash(r1), 0, false))
        .flags()).isEqualTo(ID);
    net.announce(client, net.s1, topic, new PeerRecord(control.publicKey(), List.of()), control);
    long written = net.net.loop.nowMillis();
    byte[] unknown = refreshOnly(net.net.crypto.hash(new byte[] {2}));
    assertThat(ask(HyperDhtConstants.ANNOUNCE, topic, token(), unknown)).isNull();
    assertThat(counters().unknownRefreshes()).isEqualTo(1);
    for (long t = written + 15_000; t <= written + 4 * MAX_AGE; t += 15_000) {
      runUntil(t);
      if (t == written + 15_000 || t == written + 30_000) {
        byte[] refresh = refreshOnly(t == written + 15_000 ? r1 : r2);
        assertThat(ask(HyperDhtConstants.ANNOUNCE, topic, token(), refresh).flags())
            .isEqualTo(ID);
      }
      if (t == written + 45_000) {
        assertThat(net.lookup(client, topic)).as("the refreshed record only").containsExactly(record);
      }
      assertThat(ask(HyperDhtConstants.IMMUTABLE_GET, hash, null, null).value())
          .as("read every 15 s, at +%s", t - written).isEqualTo(value);
    }
  }

  private static byte[] refreshOnly(byte[] refresh) {
    return PeerRecords.encode(new AnnounceMessage(null, refresh, null, 0));
  }

  private void runUntil(long t) {
    net.net.loop.runFor(t - net.net.loop.nowMillis());
  }


  @Test
  void eachBoundRefusesOrRotatesAndCounts() {
    renew(new StorageOptions(4, 2, 3, MAX_AGE, 3, MAX_AGE, 40, 0));
    byte[] topic = net.topic(10);
    for (int i = 0; i < 3; i++) {
      KeyPair keys = net.net.crypto.keyPair();
      DhtResponse r = net.announce(client, net.s1, topic, new PeerRecord(keys.publicKey(),
          List.of()), keys);
      assertThat(r == null).as("announce %s", i).isEqualTo(i == 2);
    }
    assertThat(counters().recordsRefused()).isEqualTo(1);
    assertThat(net.lookup(client, topic)).hasSize(2);

    byte[] big = new byte[41];
    assertThat(ask(HyperDhtConstants.IMMUTABLE_PUT, net.net.crypto.hash(big), token(), big))
        .isNull();
    KeyPair owner = net.net.crypto.keyPair();
    assertThat(ask(HyperDhtConstants.MUTABLE_PUT, net.net.crypto.hash(owner.publicKey()), token(),
        net.mutablePut(owner, 1, "x".repeat(41)))).isNull();
    assertThat(counters().valuesTooLarge()).isEqualTo(2);
    byte[] fits = new byte[40];
    assertThat(ask(HyperDhtConstants.IMMUTABLE_PUT, net.net.crypto.hash(fits), token(), fits))
        .isNotNull();

    for (int i = 0; i < 8; i++) {
      KeyPair keys = net.net.crypto.keyPair();
      net.announce(client, net.s1, net.topic(100 + i), new PeerRecord(keys.publicKey(), List.of()),
          keys);
      KeyPair server = net.net.crypto.keyPair();
      net.announce(client, net.s1, net.net.crypto.hash(server.publicKey()),
          new PeerRecord(server.publicKey(), List.of()), server);
      byte[] value = new byte[] {(byte) i};
      ask(HyperDhtConstants.IMMUTABLE_PUT, net.net.crypto.hash(value), token(), value);
    }
    assertThat(counters().recordsFull()).isPositive();
    assertThat(counters().routesFull()).isPositive();
    assertThat(counters().valuesFull()).isPositive();
    assertThat(net.lookup(client, topic)).as("rotated out early").isEmpty();
  }
}
