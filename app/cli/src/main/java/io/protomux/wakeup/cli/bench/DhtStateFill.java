package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.cli.JsonObject;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.domain.dht.Commands;
import io.protomux.wakeup.domain.dht.DhtResponse;
import io.protomux.wakeup.domain.dht.NodeId;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.hyperdht.AnnounceMessage;
import io.protomux.wakeup.domain.hyperdht.AnnounceSignatures;
import io.protomux.wakeup.domain.hyperdht.HyperDhtConstants;
import io.protomux.wakeup.domain.hyperdht.PeerRecord;
import io.protomux.wakeup.domain.hyperdht.PeerRecords;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the serving benchmark puts in the node under test before it measures its heap, through
 * the protocol as any peer would: routing-table entries (sockets on loopback addresses whose ids,
 * derived from the address as dht-rpc does, fall at every distance from the node's id, 20 per
 * distance as a k-bucket holds, each sending one PING with its id) and peer records (ANNOUNCEs,
 * signed for the node, 20 keys per topic).
 */
final class DhtStateFill {
  private static final int K = 20;
  private static final int FIRST_PORT = 10_000;
  private static final int LAST_PORT = 59_999;
  private static final int RECORDS_IN_FLIGHT = 64;

  private final InetSocketAddress server;
  private final byte[] serverId;
  private final BouncyCastleCrypto crypto = new BouncyCastleCrypto();

  DhtStateFill(InetSocketAddress server, byte[] serverId) {
    this.server = server;
    this.serverId = serverId;
  }

  /**
   * Binds sockets on 127.0.0.2 up whose ids share 0, 1, 2 ... leading bits with the node's (20 of
   * each, as far as {@code hosts} x 50,000 ports give them), and pings the node once from each
   * (again after 500 ms while unanswered, three times at most); they answer the node's pings
   * until {@code holdWhile} says stop.
   */
  JsonObject fillTable(int hosts, int maxEntries, Runnable whenHalf, BooleanSupplier holdWhile)
      throws IOException {
    int[] perDistance = new int[257];
    List<LoadSocket> sockets = new ArrayList<>();
    List<byte[]> ids = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      search:
      for (int h = 2; h < 2 + hosts; h++) {
        String host = "127.0.0." + h;
        for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
          byte[] id = NodeId.of(new PeerAddress(host, port), crypto);
          int distance = sharedPrefixBits(id, serverId);
          if (distance == 256 || perDistance[distance] >= K) {
            continue;
          }
          LoadSocket socket = LoadSocket.open(host, port, server, selector);
          if (socket == null) {
            continue;
          }
          perDistance[distance]++;
          socket.index = sockets.size();
          sockets.add(socket);
          ids.add(id);
          if (sockets.size() >= maxEntries) {
            break search;
          }
        }
      }
      // Two halves (every other socket), the heap measured between them and after: the first
      // entries also pay for whatever a node sets up on first use, the second half only for
      // themselves.
      boolean[] answered = new boolean[sockets.size()];
      int[] answeredCount = {0};
      ping(selector, sockets, ids, answered, answeredCount, 0);
      System.out.println(
          new JsonObject().string("event", "half").number("answered", answeredCount[0]).toJson());
      whenHalf.run();
      ping(selector, sockets, ids, answered, answeredCount, 1);
      int deepest = 0;
      for (int d = 0; d < perDistance.length; d++) {
        if (perDistance[d] > 0) {
          deepest = d;
        }
      }
      JsonObject out = new JsonObject().string("event", "filled").number("sockets", sockets.size())
          .number("answered", answeredCount[0]).number("deepestSharedBits", deepest);
      System.out.println(out.toJson());
      while (holdWhile.getAsBoolean()) {
        LoadSocket.poll(selector, 50, (socket, response, bytes) -> {});
      }
      long pingsAnswered = 0;
      for (LoadSocket socket : sockets) {
        pingsAnswered += socket.requestsAnswered;
        socket.close();
      }
      return new JsonObject().string("event", "released").number("nodeRequestsAnswered", pingsAnswered);
    }
  }

  /** PINGs (with each socket's id) from the sockets of {@code parity}, three rounds at most. */
  private static void ping(Selector selector, List<LoadSocket> sockets, List<byte[]> ids,
      boolean[] answered, int[] answeredCount, int parity) {
    for (int round = 0; round < 3; round++) {
      int asked = 0;
      for (int i = parity; i < sockets.size(); i += 2) {
        if (!answered[i]) {
          sockets.get(i).send(sockets.get(i).nextTid(), ids.get(i), null, true, Commands.PING, null, null);
          asked++;
        }
      }
      if (asked == 0) {
        return;
      }
      long until = System.nanoTime() + 500_000_000L;
      while (System.nanoTime() < until) {
        LoadSocket.poll(selector, 10, (socket, response, bytes) -> {
          if (!answered[socket.index]) {
            answered[socket.index] = true;
            answeredCount[0]++;
          }
        });
        boolean all = true;
        for (int i = parity; i < sockets.size() && all; i += 2) {
          all = answered[i];
        }
        if (all) {
          return;
        }
      }
    }
  }

  /**
   * Announces {@code records} peer records (numbered from {@code first}: each number its key
   * pair, number / perTopic its topic), {@code perTopic} keys on each topic, each signed for
   * the node with the token its LOOKUP reply gave (fetched again when the node calls it invalid),
   * {@link #RECORDS_IN_FLIGHT} at a time; one unanswered after a second is counted lost.
   */
  JsonObject announce(int first, int records, int perTopic) throws IOException {
    try (Selector selector = Selector.open()) {
      LoadSocket socket = LoadSocket.open("127.0.0.1", 0, server, selector);
      try {
        return new Announcing(socket, selector, first, first + records, perTopic).run();
      } finally {
        socket.close();
      }
    }
  }

  /** One {@link #announce} run. */
  private final class Announcing {
    private final AnnounceSignatures signatures = new AnnounceSignatures(crypto, crypto);
    private final LoadSocket socket;
    private final Selector selector;
    private final int end;
    private final int records;
    private final int perTopic;
    private final long[] sentAt = new long[65536];
    private final int[] recordOf = new int[65536];
    private final ArrayDeque<Integer> inFlight = new ArrayDeque<>();
    private final List<Integer> retry = new ArrayList<>();
    private byte[] token;
    private int next;
    private int stored;
    private int errors;
    private int lost;

    Announcing(LoadSocket socket, Selector selector, int first, int end, int perTopic) {
      this.socket = socket;
      this.selector = selector;
      this.next = first;
      this.end = end;
      this.records = end - first;
      this.perTopic = perTopic;
    }

    JsonObject run() {
      long start = System.nanoTime();
      long deadline = start + 120_000_000_000L;
      token = fetchToken(socket, selector);
      fill();
      while ((!inFlight.isEmpty() || next < end) && System.nanoTime() < deadline) {
        LoadSocket.poll(selector, 10, (s, response, bytes) -> onResponse(response));
        expire(System.nanoTime());
        if (!retry.isEmpty() && inFlight.isEmpty()) {
          token = fetchToken(socket, selector);
          retry.forEach(this::send);
          retry.clear();
        }
        if (retry.isEmpty()) {
          fill();
        }
      }
      return new JsonObject().string("event", "announced").number("records", records)
          .number("stored", stored).number("errors", errors).number("lost", lost)
          .number("millis", (System.nanoTime() - start) / 1_000_000);
    }

    private void fill() {
      while (next < end && inFlight.size() < RECORDS_IN_FLIGHT) {
        send(next++);
      }
    }

    private void send(int record) {
      byte[] topic = crypto.hash(ByteBuffer.allocate(4).putInt(record / perTopic).array());
      KeyPair keyPair = crypto.keyPair(crypto.hash(ByteBuffer.allocate(8).putLong(record).array()));
      PeerRecord peer = new PeerRecord(keyPair.publicKey(), List.of());
      byte[] signature = signatures.signAnnounce(topic, serverId, token, peer, null, keyPair.secretKey());
      byte[] value = PeerRecords.encode(new AnnounceMessage(peer, null, signature, 0));
      int tid = socket.nextTid();
      socket.send(tid, null, token, false, HyperDhtConstants.ANNOUNCE, topic, value);
      sentAt[tid] = System.nanoTime();
      recordOf[tid] = record;
      inFlight.add(tid);
    }

    private void onResponse(DhtResponse response) {
      int tid = response.tid();
      if (sentAt[tid] == 0) {
        return; // late, after it was counted lost
      }
      sentAt[tid] = 0;
      inFlight.remove(tid);
      if (response.error() == Commands.INVALID_TOKEN) {
        retry.add(recordOf[tid]);
      } else if (response.error() != 0) {
        errors++;
      } else {
        stored++;
      }
    }

    private void expire(long now) {
      Integer oldest;
      while ((oldest = inFlight.peek()) != null && now - sentAt[oldest] >= 1_000_000_000L) {
        inFlight.poll();
        sentAt[oldest] = 0;
        lost++;
      }
    }
  }

  private byte[] fetchToken(LoadSocket socket, Selector selector) {
    byte[][] token = {null};
    for (int attempt = 0; attempt < 5 && token[0] == null; attempt++) {
      int tid = socket.nextTid();
      socket.send(tid, null, null, false, HyperDhtConstants.LOOKUP, new byte[32], null);
      long until = System.nanoTime() + 500_000_000L;
      while (token[0] == null && System.nanoTime() < until) {
        LoadSocket.poll(selector, 10, (s, response, bytes) -> {
          if (response.tid() == tid && response.token() != null) {
            token[0] = response.token();
          }
        });
      }
    }
    if (token[0] == null) {
      throw new UncheckedIOException(new IOException("no token from " + server + " after 5 LOOKUPs"));
    }
    return token[0];
  }

  private static int sharedPrefixBits(byte[] a, byte[] b) {
    for (int i = 0; i < a.length; i++) {
      int x = (a[i] ^ b[i]) & 0xff;
      if (x != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
      }
    }
    return a.length * 8;
  }
}
