package io.protomux.wakeup.domain.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.dht.DhtTestNet.Received;
import io.protomux.wakeup.domain.dht.DhtTestNet.Scripted;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** dht-rpc's lib/query.js behaviour of {@link Query}, against scripted responders. */
class QueryTest {
  private static final int USER_COMMAND = 7;

  private final DhtTestNet net = new DhtTestNet(7);
  private final List<Scripted> responders = new ArrayList<>();
  private final Set<PeerAddress> liars = new HashSet<>();
  private final Set<PeerAddress> silent = new HashSet<>();
  private final List<PeerAddress> universe = new ArrayList<>();

  /** {@code n} responders answering with the k nodes of the universe closest to the target. */
  private void responders(int n) {
    for (int i = 0; i < n; i++) {
      Scripted s = net.scripted("10.1." + (i / 200) + "." + (i % 200 + 1), 3000 + i);
      responders.add(s);
      universe.add(s.address);
      s.onMessage = this::answer;
    }
  }

  private void answer(Scripted s, Received r) {
    if (!(r.message() instanceof DhtRequest q) || silent.contains(s.address)) {
      return;
    }
    if (q.internal() && q.command() == Commands.DOWN_HINT) {
      s.reply(r, true, null, null, 0, null);
      return;
    }
    List<PeerAddress> closer = q.target() == null ? null : closest(q.target(), universe, 20);
    // A liar claims the id of another address (or none): the query must not trust it.
    byte[] id = liars.contains(s.address) ? net.id(new PeerAddress("10.200.0.1", 1)) : s.id();
    byte[] token = new byte[32];
    token[0] = (byte) s.address.port();
    s.send(new DhtResponse(q.tid(), r.from(), id, token, closer, 0, new byte[] {1}), r.from());
  }

  private List<PeerAddress> closest(byte[] target, List<PeerAddress> nodes, int k) {
    List<PeerAddress> sorted = new ArrayList<>(nodes);
    sorted.sort(byDistance(target));
    return sorted.subList(0, Math.min(k, sorted.size()));
  }

  private Comparator<PeerAddress> byDistance(byte[] target) {
    return (a, b) -> compareDistance(target, net.id(a), net.id(b));
  }

  private static int compareDistance(byte[] target, byte[] a, byte[] b) {
    for (int i = 0; i < 32; i++) {
      int da = (target[i] ^ a[i]) & 0xff;
      int db = (target[i] ^ b[i]) & 0xff;
      if (da != db) {
        return da - db;
      }
    }
    return 0;
  }

  private DhtNode node(List<PeerAddress> bootstrap) {
    DhtNode node = net.node("10.0.0.1", 49737, 50001,
        DhtNodeOptions.DEFAULTS.withBootstrap(bootstrap));
    return node;
  }

  private static byte[] target(int seed) {
    byte[] t = new byte[32];
    Arrays.fill(t, (byte) seed);
    t[31] = (byte) (seed * 7);
    return t;
  }

  private static final class Done {
    int calls;
    List<Reply> replies;
    Throwable error;
  }

  private Done whenDone(Query query) {
    Done done = new Done();
    query.whenDone((replies, error) -> {
      done.calls++;
      done.replies = replies;
      done.error = error;
    });
    return done;
  }

  @Test
  void convergesToTheKClosestSortedAndCapped() {
    responders(80);
    byte[] target = target(0x5a);
    DhtNode node = node(universe.subList(0, 3));
    List<Reply> read = new ArrayList<>();
    Query query = node.findNode(target, QueryOptions.DEFAULTS, read::add);
    Done done = whenDone(query);
    net.loop.runUntil(query::isDone, 60_000);
    assertThat(done.calls).isEqualTo(1);
    assertThat(done.error).isNull();
    List<PeerAddress> expected = closest(target, universe, 20);
    assertThat(query.closestNodes()).containsExactlyElementsOf(expected);
    assertThat(done.replies).extracting(Reply::from).containsExactlyElementsOf(expected);
    assertThat(query.closestReplies()).hasSize(20);
    assertThat(query.closestReplies()).allMatch(r -> Arrays.equals(r.fromId(), net.id(r.from())));
    assertThat(read).hasSize(query.successes());
    assertThat(query.successes()).isGreaterThanOrEqualTo(20).isLessThan(80);
    // Every responder asked at most once.
    for (Scripted s : responders) {
      assertThat(s.requests()).hasSizeLessThanOrEqualTo(1);
      for (Received r : s.requests()) {
        assertThat(r.request().internal()).isTrue();
        assertThat(r.request().command()).isEqualTo(Commands.FIND_NODE);
        assertThat(r.request().target()).isEqualTo(target);
      }
    }
  }

  @Test
  void repliesWithoutAValidIdNeverEnterTheClosestReplies() {
    responders(60);
    byte[] target = target(0x33);
    List<PeerAddress> best = closest(target, universe, 10);
    liars.addAll(best.subList(0, 5));
    DhtNode node = node(universe.subList(0, 3));
    List<Reply> read = new ArrayList<>();
    Query query = node.findNode(target, QueryOptions.DEFAULTS, read::add);
    net.loop.runUntil(query::isDone, 60_000);
    assertThat(query.closestNodes()).doesNotContainAnyElementsOf(liars);
    List<PeerAddress> honest = new ArrayList<>(universe);
    honest.removeAll(liars);
    // The closest replies are the closest of the honest nodes that answered, in order.
    List<PeerAddress> answered = new ArrayList<>();
    for (Scripted s : responders) {
      if (!s.requests().isEmpty() && !liars.contains(s.address)) {
        answered.add(s.address);
      }
    }
    assertThat(answered).hasSizeGreaterThan(15);
    assertThat(query.closestNodes()).containsExactlyElementsOf(closest(target, answered, 20));
    assertThat(liars).allMatch(l -> responders.stream()
        .anyMatch(s -> s.address.equals(l) && !s.requests().isEmpty()));
    // Their replies were still read (error 0), just not trusted as closest.
    assertThat(read).extracting(Reply::from).containsAll(liars);
    assertThat(read).filteredOn(r -> liars.contains(r.from())).allMatch(r -> r.fromId() == null);
    // ... and they never entered the routing table.
    for (PeerAddress liar : liars) {
      assertThat(node.table().get(net.id(liar))).isNull();
    }
    assertThat(node.table().get(net.id(honest.get(0)))).isNotNull();
  }

  @Test
  void commitRunsForEveryClosestReplyAndOneSuccessIsEnough() {
    responders(50);
    byte[] target = target(0x11);
    DhtNode node = node(universe.subList(0, 3));
    List<Reply> committed = new ArrayList<>();
    List<Consumer<Throwable>> callbacks = new ArrayList<>();
    Query query = node.query(target, USER_COMMAND, new byte[] {9},
        QueryOptions.DEFAULTS.withCommit((reply, q, done) -> {
          committed.add(reply);
          callbacks.add(done);
        }), r -> {});
    Done done = whenDone(query);
    net.loop.runUntil(() -> !committed.isEmpty(), 60_000);
    assertThat(committed).extracting(Reply::from).containsExactlyElementsOf(query.closestNodes());
    assertThat(committed).hasSize(20);
    assertThat(committed).allMatch(r -> r.token() != null);
    for (int i = 0; i < 19; i++) {
      callbacks.get(i).accept(new RuntimeException("refused " + i));
      assertThat(done.calls).isZero();
    }
    // A second call of a settled callback is ignored.
    callbacks.get(0).accept(null);
    assertThat(done.calls).isZero();
    callbacks.get(19).accept(null);
    assertThat(done.calls).isEqualTo(1);
    assertThat(done.error).isNull();
    assertThat(query.isDone()).isTrue();
    assertThat(responders.get(0).requests().get(0).request().command()).isEqualTo(USER_COMMAND);
    assertThat(responders.get(0).requests().get(0).request().internal()).isFalse();
    assertThat(responders.get(0).requests().get(0).request().value()).containsExactly(9);
  }

  @Test
  void aQueryWhoseCommitsAllFailFails() {
    responders(30);
    DhtNode node = node(universe.subList(0, 3));
    RuntimeException last = new RuntimeException("last");
    int[] n = {0};
    Query query = node.query(target(0x22), USER_COMMAND, null,
        QueryOptions.DEFAULTS.withCommit((reply, q, done) ->
            done.accept(++n[0] == 20 ? last : new RuntimeException("no"))), r -> {});
    Done done = whenDone(query);
    net.loop.runUntil(query::isDone, 60_000);
    assertThat(n[0]).isEqualTo(20);
    assertThat(done.calls).isEqualTo(1);
    assertThat(done.error).isSameAs(last);
    assertThat(done.replies).isEmpty();
  }

  @Test
  void aCommitWithNobodyAnsweringFailsWithTooFewNodesResponded() {
    responders(3);
    silent.addAll(universe);
    DhtNode node = node(universe);
    int[] commits = {0};
    Query query = node.query(target(0x44), USER_COMMAND, null,
        QueryOptions.DEFAULTS.withRetries(0).withCommit((reply, q, done) -> commits[0]++), r -> {});
    Done done = whenDone(query);
    net.loop.runUntil(query::isDone, 60_000);
    assertThat(done.calls).isEqualTo(1);
    assertThat(done.error).isInstanceOf(DhtException.class);
    assertThat(((DhtException) done.error).code()).isEqualTo(DhtException.QUERY_FAILED);
    assertThat(done.error).hasMessageContaining("Too few nodes responded");
    assertThat(commits[0]).isZero();
    assertThat(query.errors()).isEqualTo(3);
    assertThat(net.loop.nowMillis()).isLessThan(2000);
  }

  @Test
  void aNodeThatTimesOutIsDownHintedToItsReferrer() {
    responders(1);
    Scripted referrer = responders.get(0);
    Scripted dead = net.scripted("10.3.0.1", 4000);
    universe.add(dead.address);
    silent.add(dead.address);
    DhtNode node = node(List.of(referrer.address));
    Query query = node.findNode(target(0x66), QueryOptions.DEFAULTS.withRetries(1), r -> {});
    net.loop.runUntil(query::isDone, 60_000);
    net.loop.runFor(100);
    assertThat(dead.requests()).hasSize(2);
    List<Received> hints = referrer.requests().stream()
        .filter(r -> r.request().internal() && r.request().command() == Commands.DOWN_HINT)
        .toList();
    assertThat(hints).hasSize(1);
    assertThat(hints.get(0).request().value()).isEqualTo(dead.address.encode());
    assertThat(hints.get(0).at()).isGreaterThanOrEqualTo(dead.requests().get(1).at() + 990);
  }

  @Test
  void aHostileResponderHandingOutEndlessFreshNodesCannotMakeTheQueryUnbounded() {
    String hostileHost = "10.9.0.1";
    int[] nextPort = {1000};
    List<Scripted> hostile = new ArrayList<>();
    java.util.function.BiConsumer<Scripted, Received>[] behaviour = new java.util.function.BiConsumer[1];
    behaviour[0] = (s, r) -> {
      if (!(r.message() instanceof DhtRequest q)) {
        return;
      }
      List<PeerAddress> fresh = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Scripted f = net.scripted(hostileHost, nextPort[0]++);
        f.onMessage = behaviour[0];
        hostile.add(f);
        fresh.add(f.address);
      }
      // No id: the closest replies never fill, so every fresh node looks closer.
      s.send(new DhtResponse(q.tid(), r.from(), null, null, fresh, 0, null), r.from());
    };
    Scripted first = net.scripted(hostileHost, 999);
    first.onMessage = behaviour[0];
    DhtNode node = node(List.of(first.address));
    Query query = node.findNode(target(0x77), QueryOptions.DEFAULTS, r -> {});
    Done done = whenDone(query);
    net.loop.runUntil(query::isDone, 120_000);
    assertThat(query.isDone()).isTrue();
    assertThat(done.calls).isEqualTo(1);
    long asked = hostile.stream().filter(s -> !s.requests().isEmpty()).count() + 1;
    assertThat(asked).isLessThanOrEqualTo(Query.MAX_SEEN);
    assertThat(asked).isGreaterThan(Query.MAX_SEEN / 2);
    assertThat(query.closestReplies()).isEmpty();
    assertThat(node.io().inflightCount()).isZero();
  }

  @Test
  void destroyMidFlightRunsTheDoneListenersOnceWithTheCause() {
    responders(5);
    silent.addAll(universe);
    DhtNode node = node(universe);
    Query query = node.findNode(target(0x12), QueryOptions.DEFAULTS, r -> {});
    Done done = whenDone(query);
    net.loop.runFor(100);
    assertThat(node.io().inflightCount()).isEqualTo(5);
    RuntimeException cause = new RuntimeException("stop");
    query.destroy(cause);
    query.destroy(new RuntimeException("again"));
    assertThat(done.calls).isEqualTo(1);
    assertThat(done.error).isSameAs(cause);
    assertThat(query.isDone()).isTrue();
    assertThat(node.io().inflightCount()).isZero();
    net.loop.runFor(20_000);
    assertThat(done.calls).isEqualTo(1);
    // Destroyed requests are not retried.
    for (Scripted s : responders) {
      assertThat(s.requests()).hasSize(1);
    }
    Done late = whenDone(query);
    assertThat(late.calls).isEqualTo(1);
    assertThat(late.error).isSameAs(cause);
  }

  @Test
  void theScanOfCloserNodesStopsAtTheFirstOneThatIsNotCloser() {
    for (boolean nearFirst : new boolean[] {false, true}) {
      QueryTest t = new QueryTest();
      t.scanCase(nearFirst);
    }
  }

  private void scanCase(boolean nearFirst) {
    responders(40);
    byte[] target = target(0x3c);
    List<PeerAddress> sorted = closest(target, universe, 40);
    PeerAddress near = sorted.get(0);
    PeerAddress far = sorted.get(39);
    List<PeerAddress> middle = sorted.subList(1, 22);
    PeerAddress boot = middle.get(0);
    PeerAddress special = middle.get(20);
    for (Scripted s : responders) {
      s.onMessage = (me, r) -> {
        if (!(r.message() instanceof DhtRequest q)) {
          return;
        }
        List<PeerAddress> closer;
        long delay = 0;
        if (me.address.equals(boot)) {
          closer = middle.subList(1, 21);
        } else if (me.address.equals(special)) {
          // Answers last, when the k closest replies are known: far is not closer than the worst.
          closer = nearFirst ? List.of(near, far) : List.of(far, near);
          delay = 500;
        } else {
          closer = null;
        }
        DhtResponse reply = new DhtResponse(q.tid(), r.from(), me.id(), null, closer, 0, null);
        net.loop.schedule(delay, () -> me.send(reply, r.from()));
      };
    }
    DhtNode node = node(List.of(boot));
    Query query = node.findNode(target, QueryOptions.DEFAULTS, r -> {});
    net.loop.runUntil(query::isDone, 60_000);
    assertThat(query.isDone()).isTrue();
    Scripted nearNode = responders.get(universe.indexOf(near));
    Scripted specialNode = responders.get(universe.indexOf(special));
    assertThat(specialNode.requests()).hasSize(1);
    assertThat(responders.get(universe.indexOf(far)).requests()).isEmpty();
    if (nearFirst) {
      assertThat(nearNode.requests()).as("near listed first").hasSize(1);
      assertThat(query.closestNodes().get(0)).isEqualTo(near);
    } else {
      assertThat(nearNode.requests()).as("near listed after a node that is not closer").isEmpty();
      assertThat(query.closestNodes()).containsExactlyElementsOf(middle.subList(0, 20));
    }
  }
}
