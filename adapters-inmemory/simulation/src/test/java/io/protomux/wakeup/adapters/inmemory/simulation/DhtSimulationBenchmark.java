package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.domain.hyperswarm.PeerDiscovery;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;

/**
 * Not a test: a main that grows the target DHT network and reports what it costs. Three
 * bootstrap nodes, then nodes joining one every 10 ms (40% public, 40% behind consistent NATs, 20%
 * behind random NATs) over 10-30 ms paths with 1% loss each way; the DHT invariants and 100
 * FIND_NODE queries against XOR ground truth; then peers (half public and announcing, half behind
 * consistent NATs as clients) join 2 topics each, one every half second, until every pair sharing
 * a topic with a public side is connected (within a refresh interval and a minute after the last
 * join), and every topic is looked up.
 *
 * <pre>
 * mvn -B -q -f adapters-inmemory/simulation/pom.xml test-compile exec:exec@dht-benchmark
 * </pre>
 *
 * Arguments (optional, in order): nodes (2000), peers (200), topics (50), seed (1), loss (0.01).
 * Exits 1 if an invariant fails.
 */
public final class DhtSimulationBenchmark {
  private static final int FIND_NODE_QUERIES = 100;
  private static final int TOPICS_PER_PEER = 2;

  private DhtSimulationBenchmark() {}

  public static void main(String[] args) {
    int nodeCount = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int peerCount = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int topicCount = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
    double loss = args.length > 4 ? Double.parseDouble(args[4]) : 0.01;
    boolean ok = true;

    long start = System.nanoTime();
    DhtSimulation sim = DhtScenario.builder(seed, loss).build();
    boolean bootstrapped = DhtScenario.grow(sim, nodeCount);
    long grown = System.nanoTime();
    long grownTasks = sim.loop().tasksRun();
    long grownVirtual = sim.now();
    ok &= report("every node bootstrapped", bootstrapped ? List.of() : DhtInvariants.notBootstrapped(sim));
    ok &= report("states fit placements", DhtInvariants.misplacedStates(sim));
    ok &= report("tables hold only persistent public nodes", DhtInvariants.strangersInTables(sim));

    Random random = new Random(seed);
    int full = 0;
    int closest = 0;
    int foundSum = 0;
    int minFound = Integer.MAX_VALUE;
    int maxRequests = 0;
    long maxMillis = 0;
    int unfinished = 0;
    for (int i = 0; i < FIND_NODE_QUERIES; i++) {
      DhtSimNode from = sim.nodes().get(random.nextInt(sim.nodes().size()));
      DhtInvariants.FindNode outcome =
          DhtInvariants.findNode(sim, from, DhtScenario.target(random), 60_000);
      unfinished += outcome.done() ? 0 : 1;
      full += outcome.found() == outcome.expected() ? 1 : 0;
      closest += outcome.closestFound() ? 1 : 0;
      foundSum += outcome.found();
      minFound = Math.min(minFound, outcome.found());
      maxRequests = Math.max(maxRequests, outcome.requests());
      maxMillis = Math.max(maxMillis, outcome.millis());
    }
    ok &= unfinished == 0 && closest >= FIND_NODE_QUERIES * 9 / 10;
    long queried = System.nanoTime();
    long dhtHeap = settledHeap();

    long peersStart = System.nanoTime();
    long peersTasks = sim.loop().tasksRun();
    long peersVirtual = sim.now();
    TopicScenario topics = TopicScenario.join(sim, peerCount, topicCount, TOPICS_PER_PEER, random);
    boolean connected = topics.runUntilConnected(TopicScenario.MAX_CONNECT_MILLIS);
    long connectVirtual = sim.now() - peersVirtual;
    List<String> notConnected = topics.pairsNotConnected();
    List<String> notFound = topics.announcedNotFound(random, 60_000);
    long peersEnd = System.nanoTime();
    ok &= report("every expected pair connected", notConnected);
    ok &= report("every announced peer found", notFound);
    long totalHeap = settledHeap();

    int persistent = sim.persistentNodes().size();
    System.out.printf("nodes %d + %d bootstrap (%d persistent), peers %d, topics %d, seed %d, loss %.3f%n",
        nodeCount, DhtScenario.BOOTSTRAP_NODES, persistent, peerCount, topicCount, seed, loss);
    double growSeconds = (grown - start) / 1e9;
    System.out.printf("grow: wall %.2f s, virtual %.1f s, %d events (%.0f per wall second)%n",
        growSeconds, grownVirtual / 1000.0, grownTasks, grownTasks / growSeconds);
    System.out.printf("find_node x%d: all k found %d, closest found %d, mean found %.2f of 20, min %d,"
            + " max requests %d, max virtual %d ms, unfinished %d, wall %.2f s%n",
        FIND_NODE_QUERIES, full, closest, foundSum / (double) FIND_NODE_QUERIES, minFound,
        maxRequests, maxMillis, unfinished, (queried - grown) / 1e9);
    double peerSeconds = (peersEnd - peersStart) / 1e9;
    long peerTasks = sim.loop().tasksRun() - peersTasks;
    System.out.printf("topics: %d expected pairs, connected %s in %.1f virtual s; %d not connected,"
            + " %d announced peers not found; wall %.2f s, %d events (%.0f per wall second)%n",
        topics.expectedPairs(), connected ? "all" : "NOT ALL", connectVirtual / 1000.0,
        notConnected.size(), notFound.size(), peerSeconds, peerTasks, peerTasks / peerSeconds);
    List<Long> connectMillis = topics.connectMillis();
    if (!connectMillis.isEmpty()) {
      long beforeRefresh =
          connectMillis.stream().filter(m -> m < PeerDiscovery.REFRESH_INTERVAL_MILLIS).count();
      System.out.printf("pair connect time from the later join (virtual): p50 %.1f s, p90 %.1f s,"
              + " max %.1f s; %d of %d before the first refresh%n",
          nearestRank(connectMillis, 50) / 1000.0, nearestRank(connectMillis, 90) / 1000.0,
          connectMillis.get(connectMillis.size() - 1) / 1000.0, beforeRefresh, connectMillis.size());
    }
    double wall = (peersEnd - start) / 1e9;
    System.out.printf("total: wall %.2f s, virtual %.1f s, %d events (%.0f per wall second),"
            + " %d datagrams delivered%n",
        wall, sim.now() / 1000.0, sim.loop().tasksRun(), sim.loop().tasksRun() / wall,
        sim.datagramsDelivered());
    System.out.printf("network: %s%n", sim.network().stats());
    int all = sim.nodes().size();
    System.out.printf("heap after GC: %.1f MiB with the DHT (%.1f KiB per node), %.1f MiB with the peers"
            + " (%.1f KiB per node or peer); max %.0f MiB%n",
        dhtHeap / 1048576.0, dhtHeap / 1024.0 / (nodeCount + DhtScenario.BOOTSTRAP_NODES),
        totalHeap / 1048576.0, totalHeap / 1024.0 / all, Runtime.getRuntime().maxMemory() / 1048576.0);
    System.out.printf("digest %s%n", sim.traceDigest());
    System.out.printf("java %s on %s, %d cores%n", System.getProperty("java.vm.version"),
        System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors());
    if (!ok) {
      System.exit(1);
    }
  }

  private static boolean report(String invariant, List<String> violations) {
    if (violations.isEmpty()) {
      System.out.println("ok: " + invariant);
      return true;
    }
    System.out.println("FAILED: " + invariant + ": " + violations.size() + ", e.g. "
        + violations.subList(0, Math.min(5, violations.size())));
    return false;
  }

  private static long nearestRank(List<Long> sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static long settledHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
