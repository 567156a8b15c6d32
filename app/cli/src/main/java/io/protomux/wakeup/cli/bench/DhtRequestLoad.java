package io.protomux.wakeup.cli.bench;

import io.protomux.wakeup.domain.dht.Commands;
import io.protomux.wakeup.domain.dht.DhtResponse;
import io.protomux.wakeup.domain.hyperdht.HyperDhtConstants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
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
  private final List<ArrayDeque<long[]>> inFlight = new ArrayList<>();
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
  }

  JsonLine run() {
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < options.sockets(); i++) {
        LoadSocket socket = LoadSocket.open("127.0.0.1", 0, options.server(), selector);
        socket.index = i;
        sockets.add(socket);
        inFlight.add(new ArrayDeque<>());
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

  private JsonLine drive(Selector selector) {
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
    inFlight.get(socket.index).add(new long[] {tid, now});
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

  private void expire(long now, boolean closedLoop) {
    for (LoadSocket socket : sockets) {
      ArrayDeque<long[]> queue = inFlight.get(socket.index);
      while (!queue.isEmpty()) {
        long[] head = queue.peek();
        int tid = (int) head[0];
        if (sentAt[socket.index][tid] != head[1]) {
          queue.poll(); // answered (or its tid reused)
          continue;
        }
        if (now - head[1] < TIMEOUT_NANOS) {
          break;
        }
        queue.poll();
        sentAt[socket.index][tid] = 0;
        outstanding[socket.index]--;
        if (head[1] >= measureFrom) {
          lost++;
        }
        if (closedLoop) {
          sendOne(socket, now);
        }
      }
    }
  }

  private JsonLine report(boolean closedLoop) {
    long[] sorted = Arrays.copyOf(latencies, latencyCount);
    Arrays.sort(sorted);
    long answered = 0;
    for (LoadSocket socket : sockets) {
      answered += socket.requestsAnswered;
    }
    JsonLine out = new JsonLine()
        .put("event", "load")
        .put("command", options.command())
        .put("mode", closedLoop ? "closed" : "open")
        .put("sockets", options.sockets())
        .put("window", closedLoop ? options.window() : 0)
        .put("rate", options.rate())
        .put("seconds", options.seconds())
        .put("sent", sent)
        .put("replies", replies)
        .put("measuredReplies", measuredReplies)
        .put("lost", lost)
        .put("errors", errors)
        .put("sendRefused", sendRefused)
        .put("repliesPerSec", Math.round(measuredReplies / options.seconds()))
        .put("p50us", percentile(sorted, 50) / 1000.0)
        .put("p90us", percentile(sorted, 90) / 1000.0)
        .put("p99us", percentile(sorted, 99) / 1000.0)
        .put("maxUs", sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0)
        .put("meanCloserNodes", measuredReplies == 0 ? 0 : closerNodes / (double) measuredReplies)
        .put("meanReplyBytes", measuredReplies == 0 ? 0 : replyBytes / (double) measuredReplies)
        .put("nodeRequestsAnswered", answered);
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
