package io.protomux.wakeup.domain.hyperdht;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.IncomingRequest;
import io.protomux.wakeup.domain.encoding.EncodingException;
import io.protomux.wakeup.ports.crypto.Crypto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What a persistent hyperdht node stores for others ({@code lib/persistent.js}, HYPERDHT.md 3.3):
 * topic records, the routes of servers' self-announces (kept by the {@link Router}), bumps,
 * refresh tokens, mutable and immutable values, each in a two-generation store on the loop's
 * clock and bounded as {@link StorageOptions} says.
 *
 * <p>Replies are the reference's, flag for flag: reads (FIND_PEER, LOOKUP, the GETs) and the two
 * PUTs answer with the default token and closer nodes, ANNOUNCE and UNANNOUNCE with neither, the
 * seq errors without a token. Whatever is malformed, unsigned, for the wrong target or past a
 * bound gets no answer at all (counted in {@link StorageCounters}); PLUGIN requests are dropped,
 * as no plugin runs here.
 */
final class Persistent {
  /** How far in the future an announce's bump may be. */
  static final long MAX_BUMP_DRIFT = 60_000;
  private static final int LOOKUP_RECORDS = 20;
  private static final int MAX_RELAY_ADDRESSES = 3;

  private final DhtNode dht;
  private final Router router;
  private final Crypto crypto;
  private final AnnounceSignatures signatures;
  private final StorageOptions options;
  private final StorageCounters counters;
  private final RecordCache<Key32> records;
  private final MaxCache<Key32, Long> bumps;
  private final MaxCache<Key32, Refresh> refreshes;
  private final MaxCache<Key32, byte[]> mutables;
  private final MaxCache<Key32, byte[]> immutables;

  /** What a refresh token renews: the record stored under a target, or its route. */
  private record Refresh(Key32 target, byte[] record, boolean announceSelf) {}

  Persistent(
      DhtNode dht,
      Router router,
      Crypto crypto,
      AnnounceSignatures signatures,
      StorageOptions options,
      StorageCounters counters) {
    this.dht = dht;
    this.router = router;
    this.crypto = crypto;
    this.signatures = signatures;
    this.options = options;
    this.counters = counters;
    LongSupplier clock = dht.eventLoop()::nowMillis;
    Runnable recordsFull = () -> counters.recordsFull++;
    Runnable valuesFull = () -> counters.valuesFull++;
    this.records =
        new RecordCache<>(
            options.maxRecords(), options.maxAgeMillis(), options.maxRecordsPerTarget(), clock,
            crypto.random(), recordsFull);
    this.bumps = new MaxCache<>(options.maxRecords(), options.maxAgeMillis(), clock, recordsFull);
    this.refreshes =
        new MaxCache<>(options.maxRecords(), options.maxAgeMillis(), clock, recordsFull);
    this.mutables =
        new MaxCache<>(options.maxValues(), options.valueMaxAgeMillis(), clock, valuesFull);
    this.immutables =
        new MaxCache<>(options.maxValues(), options.valueMaxAgeMillis(), clock, valuesFull);
  }

  /** FIND_PEER: the record of the target's route (a self-announce here, or a server here). */
  void onFindPeer(IncomingRequest req) {
    if (req.target() == null) {
      counters.malformed++;
      return;
    }
    Router.Route route = router.route(Key32.of(req.target()));
    req.reply(route == null ? null : route.record());
  }

  /** LOOKUP: up to 20 records of the topic, with the route's record if there is room, and the bump. */
  void onLookup(IncomingRequest req) {
    if (req.target() == null) {
      counters.malformed++;
      return;
    }
    Key32 k = Key32.of(req.target());
    List<byte[]> found = new ArrayList<>(records.get(k, LOOKUP_RECORDS));
    Long bump = bumps.get(k);
    Router.Route route = router.route(k);
    if (route != null && found.size() < LOOKUP_RECORDS) {
      found.add(route.record());
    }
    req.reply(
        found.isEmpty()
            ? null
            : PeerRecords.encodeLookupReply(found, bump == null ? 0 : bump));
  }

  /** Removes a key's record under a target, and the route if the target is the key's hash. */
  void unannounce(byte[] target, byte[] publicKey) {
    Key32 k = Key32.of(target);
    if (Arrays.equals(crypto.hash(publicKey), target)) {
      router.deleteRoute(k);
    }
    records.remove(k, Key32.of(publicKey));
  }

  /** UNANNOUNCE: removes the record (or route) if the signature is the key's, for us and this token. */
  void onUnannounce(IncomingRequest req) {
    AnnounceMessage unann = decodeSigned(req);
    if (unann == null) {
      return;
    }
    if (unann.peer() == null || unann.signature() == null) {
      counters.malformed++;
      return;
    }
    if (!signatures.verifyUnannounce(req.target(), dht.id(), req.token(), unann)) {
      counters.badSignatures++;
      return;
    }
    unannounce(req.target(), unann.peer().publicKey());
    req.reply(null, false, false);
  }

  /**
   * ANNOUNCE: stores the signed record under the topic, or as the target's route when the target
   * is the hash of the record's key (a server's self-announce; the route's relay is where the
   * request came from). A refresh-only announce renews what its refresh token was registered for.
   */
  void onAnnounce(IncomingRequest req) {
    AnnounceMessage ann = decodeSigned(req);
    if (ann == null) {
      return;
    }
    PeerRecord peer = ann.peer();
    if (peer == null) {
      if (ann.refresh() == null) {
        counters.malformed++;
        return;
      }
      onRefresh(ann.refresh(), req);
      return;
    }
    if (ann.signature() == null
        || !signatures.verifyAnnounce(req.target(), dht.id(), req.token(), ann)) {
      counters.badSignatures++;
      return;
    }
    if (peer.relayAddresses().size() > MAX_RELAY_ADDRESSES) {
      peer =
          new PeerRecord(
              peer.publicKey(), peer.relayAddresses().subList(0, MAX_RELAY_ADDRESSES));
    }
    Key32 k = Key32.of(req.target());
    boolean announceSelf = Arrays.equals(crypto.hash(peer.publicKey()), req.target());
    byte[] record = PeerRecords.encode(peer);
    if (announceSelf) {
      router.setRoute(k, req.from(), record);
      records.remove(k, Key32.of(peer.publicKey()));
    } else {
      if (!records.add(k, Key32.of(peer.publicKey()), record)) {
        counters.recordsRefused++;
        return;
      }
      Long current = bumps.get(k);
      long now = dht.eventLoop().nowMillis() + options.bumpClockOffsetMillis();
      if (ann.bump() > (current == null ? 0 : current) && ann.bump() <= now + MAX_BUMP_DRIFT) {
        bumps.set(k, ann.bump());
      }
    }
    if (ann.refresh() != null) {
      refreshes.set(Key32.of(ann.refresh()), new Refresh(k, record, announceSelf));
    }
    req.reply(null, false, false);
  }

  private void onRefresh(byte[] token, IncomingRequest req) {
    Key32 active = Key32.of(crypto.hash(token));
    Refresh r = refreshes.get(active);
    if (r == null) {
      counters.unknownRefreshes++;
      return;
    }
    byte[] publicKey = Arrays.copyOf(r.record(), PeerRecord.PUBLIC_KEY_BYTES);
    if (r.announceSelf()) {
      router.setRoute(r.target(), req.from(), r.record());
      records.remove(r.target(), Key32.of(publicKey));
    } else if (!records.add(r.target(), Key32.of(publicKey), r.record())) {
      counters.recordsRefused++;
      return;
    }
    refreshes.delete(active);
    refreshes.set(Key32.of(token), r);
    req.reply(null, false, false);
  }

  /** MUTABLE_GET: the stored value if its seq is at least the one asked for. */
  void onMutableGet(IncomingRequest req) {
    if (req.target() == null || req.value() == null) {
      counters.malformed++;
      return;
    }
    long seq;
    try {
      seq = ValueMessages.decodeMutableGetRequest(req.value());
    } catch (EncodingException e) {
      counters.malformed++;
      return;
    }
    byte[] value = mutables.get(Key32.of(req.target()));
    if (value == null) {
      req.reply(null);
      return;
    }
    long localSeq = ValueMessages.decodeMutableGetResponse(value).seq();
    req.reply(localSeq < seq ? null : value);
  }

  /**
   * MUTABLE_PUT: stores a value signed by the key whose hash is the target, unless the stored one
   * has the same seq and other bytes (SEQ_REUSED) or a higher seq (SEQ_TOO_LOW).
   */
  void onMutablePut(IncomingRequest req) {
    if (!writable(req)) {
      return;
    }
    MutablePutRequest put;
    try {
      put = ValueMessages.decodeMutablePutRequest(req.value());
    } catch (EncodingException e) {
      counters.malformed++;
      return;
    }
    if (!Arrays.equals(crypto.hash(put.publicKey()), req.target())) {
      counters.wrongTargets++;
      return;
    }
    if (put.value().length > options.maxValueBytes()) {
      counters.valuesTooLarge++;
      return;
    }
    if (!signatures.verify(put)) {
      counters.badSignatures++;
      return;
    }
    Key32 k = Key32.of(req.target());
    byte[] local = mutables.get(k);
    if (local != null) {
      MutableGetResponse existing = ValueMessages.decodeMutableGetResponse(local);
      if (existing.seq() == put.seq() && !Arrays.equals(existing.value(), put.value())) {
        counters.seqReused++;
        req.error(HyperDhtConstants.ERROR_SEQ_REUSED);
        return;
      }
      if (put.seq() < existing.seq()) {
        counters.seqTooLow++;
        req.error(HyperDhtConstants.ERROR_SEQ_TOO_LOW);
        return;
      }
    }
    mutables.set(
        k, ValueMessages.encode(new MutableGetResponse(put.seq(), put.value(), put.signature())));
    req.reply(null);
  }

  /** IMMUTABLE_GET: the value stored under the target, if any. */
  void onImmutableGet(IncomingRequest req) {
    if (req.target() == null) {
      counters.malformed++;
      return;
    }
    req.reply(immutables.get(Key32.of(req.target())));
  }

  /** IMMUTABLE_PUT: stores a value under its hash. */
  void onImmutablePut(IncomingRequest req) {
    if (!writable(req)) {
      return;
    }
    byte[] value = req.value();
    if (!Arrays.equals(crypto.hash(value), req.target())) {
      counters.wrongTargets++;
      return;
    }
    if (value.length > options.maxValueBytes()) {
      counters.valuesTooLarge++;
      return;
    }
    immutables.set(Key32.of(req.target()), value);
    req.reply(null);
  }

  /** PLUGIN: no plugin runs here, so every request is dropped (the reference drops unknown ones). */
  void onPlugin(IncomingRequest req) {
    counters.pluginsDropped++;
  }

  /** Forgets everything stored. */
  void clear() {
    records.clear();
    bumps.clear();
    refreshes.clear();
    mutables.clear();
    immutables.clear();
  }

  /** Whether a write has its target, token and value; counts what is missing. */
  private boolean writable(IncomingRequest req) {
    if (req.target() == null || req.value() == null) {
      counters.malformed++;
      return false;
    }
    if (req.token() == null) {
      counters.missingTokens++;
      return false;
    }
    return true;
  }

  /** The announce of a write that has everything a signature check needs, or null (counted). */
  private AnnounceMessage decodeSigned(IncomingRequest req) {
    if (!writable(req) || dht.id() == null) {
      return null;
    }
    try {
      return PeerRecords.decodeAnnounce(req.value());
    } catch (EncodingException e) {
      counters.malformed++;
      return null;
    }
  }

  /** The records and values held now, with the router's routes. */
  StorageSizes sizes() {
    return new StorageSizes(records.size(), router.routeCount(), mutables.size(), immutables.size());
  }
}
