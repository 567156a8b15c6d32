package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.cli.JsonObject;
import io.protomux.wakeup.domain.dht.Commands;
import io.protomux.wakeup.domain.dht.DhtResponse;
import io.protomux.wakeup.domain.hyperdht.HyperDhtConstants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The request load of the serving benchmark: one command (PING, FIND_NODE or LOOKUP) from a few
 * sockets, either closed-loop (a fixed number of requests in flight, a new one sent as each reply
 * comes: the node's throughput) or open-loop (a fixed rate whatever the replies do: latency at a
 * given load). A request unanswered after {@link #TIMEOUT_NANOS} is counted lost and, closed-loop,
 * replaced. Everything is on the calling thread, so the generator uses one core.
 */
final class DhtRequestLoad {
  static final long TIMEOUT_NANOS = 1_000_000_000L;
  private static final int TARGETS = 4096;

  /** What to send and how. */
  record Options(
      InetSocketAddress server, String command, int sockets, int window, int rate,
      double warmupSeconds, double seconds) {}

  private final Options options;
  private final boolean internal;
  private final long command;
  private final byte[][] targets;
  private final List<LoadSocket> sockets = new ArrayList<>();
  private final long[][] sentAt;
  private final int[] oldestTid;
  private final int[] outstanding;
  private long[] latencies = new long[1 << 16];
  private int latencyCount;
  private long sent;
  private long replies;
  private long measuredReplies;
  private long lost;
  private long errors;
  private long closerNodes;
  private long replyBytes;
  private long sendRefused;
  private long measureFrom;
  private int targetAt;

  DhtRequestLoad(Options options) {
    this.options = options;
    switch (options.command()) {
      case "ping" -> {
        internal = true;
        command = Commands.PING;
      }
      case "find_node" -> {
        internal = true;
        command = Commands.FIND_NODE;
      }
      case "lookup" -> {
        internal = false;
        command = HyperDhtConstants.LOOKUP;
      }
      default -> throw new IllegalArgumentException(
          "--command is ping, find_node or lookup, got " + options.command());
    }
    Random random = new Random(7);
    targets = new byte[TARGETS][32];
    for (byte[] target : targets) {
      random.nextBytes(target);
    }
    sentAt = new long[options.sockets()][65536];
    outstanding = new int[options.sockets()];
    oldestTid = new int[options.sockets()];
  }

  JsonObject run() {
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < options.sockets(); i++) {
        LoadSocket socket = LoadSocket.open("127.0.0.1", 0, options.server(), selector);
        socket.index = i;
        sockets.add(socket);
        oldestTid[i] = socket.upcomingTid();
      }
      try {
        return drive(selector);
      } finally {
        sockets.forEach(LoadSocket::close);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonObject drive(Selector selector) {
    long start = System.nanoTime();
    measureFrom = start + (long) (options.warmupSeconds() * 1e9);
    long end = measureFrom + (long) (options.seconds() * 1e9);
    boolean closedLoop = options.rate() == 0;
    if (closedLoop) {
      int perSocket = Math.max(1, options.window() / options.sockets());
      for (LoadSocket socket : sockets) {
        for (int i = 0; i < perSocket; i++) {
          sendOne(socket, start);
        }
      }
    }
    long paced = 0;
    int next = 0;
    long lastTimeoutScan = start;
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        break;
      }
      if (!closedLoop) {
        long due = (long) ((now - start) / 1e9 * options.rate()) - paced;
        for (long i = 0; i < due; i++) {
          LoadSocket socket = sockets.get(next);
          next = (next + 1) % sockets.size();
          if (outstanding[socket.index] < 60_000) {
            sendOne(socket, now);
          }
          paced++;
        }
      }
      LoadSocket.poll(selector, 0, (socket, response, bytes) -> onReply(socket, response, bytes, closedLoop));
      if (now - lastTimeoutScan > 50_000_000L) {
        lastTimeoutScan = now;
        expire(now, closedLoop);
      }
    }
    return report(closedLoop);
  }

  private void sendOne(LoadSocket socket, long now) {
    int tid = socket.nextTid();
    byte[] target = command == Commands.PING ? null : targets[targetAt++ % TARGETS];
    if (!socket.send(tid, null, null, internal, command, target, null)) {
      sendRefused++;
    }
    sent++;
    if (sentAt[socket.index][tid] != 0) {
      // A tid 65,536 requests old still unanswered: its slot is taken over.
      outstanding[socket.index]--;
    }
    sentAt[socket.index][tid] = now;
    outstanding[socket.index]++;
  }

  private void onReply(LoadSocket socket, DhtResponse response, int bytes, boolean closedLoop) {
    long now = System.nanoTime();
    int tid = response.tid();
    long at = sentAt[socket.index][tid];
    if (at == 0) {
      return; // late, after it was counted lost
    }
    sentAt[socket.index][tid] = 0;
    outstanding[socket.index]--;
    replies++;
    if (response.error() != 0) {
      errors++;
    }
    if (at >= measureFrom) {
      measuredReplies++;
      if (latencyCount == latencies.length) {
        latencies = Arrays.copyOf(latencies, latencies.length * 2);
      }
      latencies[latencyCount++] = now - at;
      closerNodes += response.closerNodes() == null ? 0 : response.closerNodes().size();
      replyBytes += bytes;
    }
    if (closedLoop) {
      sendOne(socket, now);
    }
  }

  // A socket's tids go out in order, so its unanswered requests are those from oldestTid up to
  // its next tid, oldest first: the scan stops at the first one still in time.
  private void expire(long now, boolean closedLoop) {
    for (LoadSocket socket : sockets) {
      int i = socket.index;
      int upcoming = socket.upcomingTid();
      int tid = oldestTid[i];
      for (; tid != upcoming; tid = (tid + 1) & 0xffff) {
        long at = sentAt[i][tid];
        if (at == 0) {
          continue; // answered
        }
        if (now - at < TIMEOUT_NANOS) {
          break;
        }
        sentAt[i][tid] = 0;
        outstanding[i]--;
        if (at >= measureFrom) {
          lost++;
        }
        if (closedLoop) {
          sendOne(socket, now);
        }
      }
      oldestTid[i] = tid;
    }
  }

  private JsonObject report(boolean closedLoop) {
    long[] sorted = Arrays.copyOf(latencies, latencyCount);
    Arrays.sort(sorted);
    long answered = 0;
    for (LoadSocket socket : sockets) {
      answered += socket.requestsAnswered;
    }
    JsonObject out = new JsonObject()
        .string("event", "load")
        .string("command", options.command())
        .string("mode", closedLoop ? "closed" : "open")
        .number("sockets", options.sockets())
        .number("window", closedLoop ? options.window() : 0)
        .number("rate", options.rate())
        .decimal("seconds", options.seconds())
        .number("sent", sent)
        .number("replies", replies)
        .number("measuredReplies", measuredReplies)
        .number("lost", lost)
        .number("errors", errors)
        .number("sendRefused", sendRefused)
        .number("repliesPerSec", Math.round(measuredReplies / options.seconds()))
        .decimal("p50us", percentile(sorted, 50) / 1000.0)
        .decimal("p90us", percentile(sorted, 90) / 1000.0)
        .decimal("p99us", percentile(sorted, 99) / 1000.0)
        .decimal("maxUs", sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0)
        .decimal("meanCloserNodes", measuredReplies == 0 ? 0 : closerNodes / (double) measuredReplies)
        .decimal("meanReplyBytes", measuredReplies == 0 ? 0 : replyBytes / (double) measuredReplies)
        .number("nodeRequestsAnswered", answered);
    return out;
  }

  /** Nearest rank. */
  private static long percentile(long[] sorted, int percent) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
