package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Not a test: a main that builds a large simulation and reports what it costs. Each node joins 10
 * topics drawn from a pool of 100 and dials 4 random others (average degree 8); the run goes until
 * every peer each pair of linked nodes shares is added on both sides.
 *
 * <pre>
 * mvn -B -q -f adapters-inmemory/simulation/pom.xml test-compile exec:exec@benchmark
 * </pre>
 *
 * Arguments (optional, in order): nodes (1000), seed (1).
 */
public final class SimulationBenchmark {
  private static final int TOPICS_PER_NODE = 10;
  private static final int TOPIC_POOL = 100;
  private static final int DIALS_PER_NODE = 4;
  private static final long MAX_VIRTUAL_MILLIS = 3_600_000;

  private SimulationBenchmark() {}

  public static void main(String[] args) {
    int nodeCount = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    Random random = new Random(seed);
    long start = System.nanoTime();

    Simulation sim =
        Fixtures.simulation(seed).latency(Latency.uniform(5, 50)).keepTrace(false).build();
    sim.loop().setMaxTasksPerRun(Integer.MAX_VALUE);
    Capability[] pool = new Capability[TOPIC_POOL];
    for (int i = 0; i < TOPIC_POOL; i++) {
      pool[i] = Fixtures.capability(i);
    }
    long[] added = new long[1];
    SessionHandlers counting =
        new SessionHandlers() {
          @Override
          public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
            added[0]++;
          }
        };
    List<SimNode> nodes = new ArrayList<>();
    List<BitSet> topics = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      SimNode node = sim.addNode("n" + i);
      BitSet joined = new BitSet(TOPIC_POOL);
      while (joined.cardinality() < TOPICS_PER_NODE) {
        joined.set(random.nextInt(TOPIC_POOL));
      }
      joined.stream().forEach(topic -> node.session(pool[topic], counting));
      nodes.add(node);
      topics.add(joined);
    }
    long nodesBuilt = System.nanoTime();

    Set<Long> pairs = new HashSet<>();
    long expected = 0;
    for (int i = 0; i < nodeCount; i++) {
      int dialed = 0;
      while (dialed < DIALS_PER_NODE) {
        int j = random.nextInt(nodeCount);
        long pair = (long) Math.min(i, j) * nodeCount + Math.max(i, j);
        if (j == i || !pairs.add(pair)) {
          continue;
        }
        sim.connect(nodes.get(i), nodes.get(j));
        BitSet shared = (BitSet) topics.get(i).clone();
        shared.and(topics.get(j));
        expected += 2L * shared.cardinality();
        dialed++;
      }
    }
    long expectedPeers = expected;
    long linked = System.nanoTime();

    boolean done = sim.runUntil(() -> added[0] == expectedPeers, MAX_VIRTUAL_MILLIS);
    long ran = System.nanoTime();

    long wireBytes = 0;
    for (SimLink link : sim.links()) {
      wireBytes +=
          link.wire().toResponder().bytesWritten() + link.wire().toInitiator().bytesWritten();
    }
    System.gc();
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    double runSeconds = (ran - linked) / 1e9;
    System.out.printf(
        "nodes %d, links %d, topics per node %d of %d, seed %d%n",
        nodeCount, pairs.size(), TOPICS_PER_NODE, TOPIC_POOL, seed);
    System.out.printf(
        "peers added %d of %d expected: %s%n",
        added[0], expectedPeers, done ? "all" : "NOT ALL (gave up at the virtual time limit)");
    System.out.printf(
        "wall: %.2f s total = %.2f s nodes (keys, swarms, sessions) + %.2f s dials"
            + " + %.2f s run%n",
        (ran - start) / 1e9, (nodesBuilt - start) / 1e9, (linked - nodesBuilt) / 1e9, runSeconds);
    System.out.printf("virtual time: %d ms%n", sim.now());
    System.out.printf(
        "trace events: %d (%.0f per wall second of the run); digest %s%n",
        sim.traceSize(), sim.traceSize() / runSeconds, sim.traceDigest());
    System.out.printf("bytes written on all links: %.1f MiB%n", wireBytes / 1048576.0);
    System.out.printf(
        "heap used after GC, simulation live: %.1f MiB (max %.0f MiB)%n",
        heap / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
    System.out.printf(
        "java %s on %s, %d cores%n",
        System.getProperty("java.vm.version"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors());
    if (nodes.isEmpty() || !done) {
      System.exit(1);
    }
  }
}
