package io.protomux.wakeup.domain.dht;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * dht-rpc's iterative query ({@code lib/query.js}): asks nodes ever closer to a target, keeps the
 * k closest that answered with a verified id, hands every successful reply to the reader, and
 * optionally commits a write to each of the closest at the end.
 *
 * <p>Ported rule for rule (the start set, the pending list taken from its end, the slow-start
 * after remembered nodes, "slow" requests widening the concurrency, closer-node scanning that
 * stops at the first node that is not closer, DOWN_HINTs for nodes that timed out, the end
 * condition and the table fallback), because who stores a record depends on them. What a query
 * holds is bounded: at most {@link #MAX_SEEN} addresses are remembered, and a reply contributes
 * at most k closer nodes.
 */
public final class Query {
  /** Addresses a query remembers (asked, pending, down); further closer nodes are ignored. */
  public static final int MAX_SEEN = 2048;

  private static final List<PeerAddress> DONE = new ArrayList<>();
  private static final List<PeerAddress> DOWN = new ArrayList<>();

  private final DhtNode dht;
  private final byte[] target;
  private final boolean internal;
  private final long command;
  private final byte[] value;
  private final int k;
  private final int retries;
  private final boolean force;
  private final QueryOptions.Commit commit;
  private final Consumer<Reply> onReply;
  private final Map<PeerAddress, List<PeerAddress>> seen = new HashMap<>();
  private final List<Candidate> pending = new ArrayList<>();
  private final List<Reply> closestReplies = new ArrayList<>();
  private final List<OutgoingRequest> requests = new ArrayList<>();
  private final List<BiConsumer<List<Reply>, Throwable>> doneListeners = new ArrayList<>();
  private int concurrency;
  private int inflight;
  private int slow;
  private int successes;
  private int errors;
  private boolean slowdown;
  private boolean fromTable;
  private boolean committing;
  private boolean finished;
  private Throwable failure;

  Query(
      DhtNode dht,
      byte[] target,
      boolean internal,
      long command,
      byte[] value,
      QueryOptions options,
      Consumer<Reply> onReply) {
    this.dht = dht;
    this.target = target.clone();
    this.internal = internal;
    this.command = command;
    this.value = value;
    this.k = Messages.K;
    this.concurrency = options.concurrency() > 0 ? options.concurrency() : dht.concurrency();
    this.retries =
        options.retries() >= 0
            ? options.retries()
            : internal && command == Commands.DOWN_HINT ? 3 : 5;
    this.force = options.force();
    this.commit = options.commit();
    this.onReply = onReply == null ? r -> {} : onReply;
    List<PeerAddress> nodes = options.nodes();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      addPending(new Candidate(nodes.get(i), dht.nodeId(nodes.get(i))), null);
    }
  }

  /** The target asked about. */
  public byte[] target() {
    return target.clone();
  }

  /** The command each visited node runs. */
  public long command() {
    return command;
  }

  /** The value sent with the command (the commit sends the same unless it builds its own). */
  public byte[] value() {
    return value == null ? null : value.clone();
  }

  /** Up to k replies with verified ids, closest to the target first. */
  public List<Reply> closestReplies() {
    return List.copyOf(closestReplies);
  }

  /** The addresses of {@link #closestReplies()}: the start set for the next query. */
  public List<PeerAddress> closestNodes() {
    List<PeerAddress> nodes = new ArrayList<>(closestReplies.size());
    for (Reply reply : closestReplies) {
      nodes.add(reply.from());
    }
    return nodes;
  }

  /** Replies with error 0 so far. */
  public int successes() {
    return successes;
  }

  /** Failed or refused requests so far. */
  public int errors() {
    return errors;
  }

  /** Whether it has finished, successfully or not. */
  public boolean isDone() {
    return finished;
  }

  /** Changes how many requests run at once (hyperdht raises it when traffic is light). */
  public void setConcurrency(int concurrency) {
    this.concurrency = concurrency;
  }

  /**
   * Runs {@code listener} once the query ends (at once if it has): with the closest replies and
   * null, or with what made it fail.
   */
  public void whenDone(BiConsumer<List<Reply>, Throwable> listener) {
    if (finished) {
      listener.accept(failure == null ? closestReplies() : List.of(), failure);
    } else {
      doneListeners.add(listener);
    }
  }

  /** Stops it: requests in flight are destroyed and the done listeners get the cause. */
  public void destroy(Throwable cause) {
    if (finished) {
      return;
    }
    finish(cause != null ? cause : new DhtException(DhtException.REQUEST_DESTROYED, "query destroyed"));
  }

  void start() {
    addFromTable();
    if (pending.size() < k) {
      for (PeerAddress node : dht.bootstrapNodes()) {
        addPending(new Candidate(node, dht.nodeId(node)), null);
      }
    }
    readMore();
  }

  private void addFromTable() {
    if (pending.size() >= k) {
      return;
    }
    fromTable = true;
    for (DhtPeer node : dht.table().closest(target, k - pending.size())) {
      addPending(new Candidate(node.address(), node.rawId()), null);
    }
  }

  private boolean isCloser(byte[] id) {
    return closestReplies.size() < k
        || compare(id, closestReplies.get(closestReplies.size() - 1).fromId()) < 0;
  }

  private boolean addPending(Candidate node, PeerAddress ref) {
    List<PeerAddress> refs = seen.get(node.address);
    boolean closer = isCloser(node.id);
    if (refs == DONE) {
      return closer;
    }
    if (refs == DOWN) {
      if (ref != null) {
        downHint(ref, node.address);
      }
      return closer;
    }
    if (refs != null) {
      if (ref != null && refs.size() < k) {
        refs.add(ref);
      }
      return closer;
    }
    if (!closer || seen.size() >= MAX_SEEN) {
      return false;
    }
    List<PeerAddress> list = new ArrayList<>(1);
    if (ref != null) {
      list.add(ref);
    }
    seen.put(node.address, list);
    pending.add(node);
    return true;
  }

  private void readMore() {
    if (finished || committing) {
      return;
    }
    int limit = (slowdown ? 3 : concurrency) + slow;
    while (inflight < limit && !pending.isEmpty()) {
      Candidate next = pending.remove(pending.size() - 1);
      if (next.id != null && !isCloser(next.id)) {
        continue;
      }
      visit(next);
      if (finished) {
        return;
      }
    }
    if (!fromTable && successes == 0 && errors == 0) {
      slowdown = true;
    }
    if (!pending.isEmpty()) {
      return;
    }
    if (inflight == 0 || (slow == inflight && closestReplies.size() >= k)) {
      if (!fromTable && successes < k / 4) {
        addFromTable();
        readMore();
        return;
      }
      flush();
    }
  }

  private void visit(Candidate to) {
    inflight++;
    OutgoingRequest request =
        dht.io().createRequest(to.address, to.id, null, internal, command, target, value);
    request.retries(force ? 0 : retries);
    request.onCycle(this::onCycle);
    request.onResponse(this::onVisit);
    request.onError(this::onError);
    requests.add(request);
    if (force) {
      request.sendNow();
    } else {
      request.send();
    }
  }

  private void dec(OutgoingRequest request) {
    requests.remove(request);
    if (!request.hasCycleHook()) {
      slow--;
    } else {
      request.clearCycleHook();
    }
    inflight--;
  }

  private void onCycle(OutgoingRequest request) {
    request.clearCycleHook();
    slow++;
    readMore();
  }

  private void onVisit(Reply reply, OutgoingRequest request) {
    dec(request);
    seen.put(request.to(), DONE);
    if (committing || finished) {
      return;
    }
    if (reply.error() == 0) {
      successes++;
    } else {
      errors++;
    }
    if (reply.error() == 0 && reply.fromId() != null && isCloser(reply.fromId())) {
      pushClosest(reply);
    }
    List<PeerAddress> closer = reply.closerNodes();
    for (int i = 0, n = Math.min(closer.size(), k); i < n; i++) {
      PeerAddress node = closer.get(i);
      byte[] id = dht.nodeId(node);
      if (!dht.acceptsNode(node)) {
        continue;
      }
      if (dht.table().isOwnId(id)) {
        continue;
      }
      if (!addPending(new Candidate(node, id), reply.from())) {
        break;
      }
    }
    if (!fromTable && successes + errors >= concurrency) {
      slowdown = false;
    }
    if (reply.error() == 0) {
      onReply.accept(reply);
    }
    readMore();
  }

  private void onError(DhtException error, OutgoingRequest request) {
    List<PeerAddress> refs = seen.get(request.to());
    if (DhtException.REQUEST_TIMEOUT.equals(error.code())) {
      seen.put(request.to(), DOWN);
      if (refs != null && refs != DONE && refs != DOWN) {
        for (PeerAddress node : refs) {
          downHint(node, request.to());
        }
      }
    }
    if (finished) {
      return;
    }
    dec(request);
    errors++;
    readMore();
  }

  private void downHint(PeerAddress node, PeerAddress down) {
    dht.sendDownHint(node, down);
  }

  private void pushClosest(Reply reply) {
    closestReplies.add(reply);
    for (int i = closestReplies.size() - 2; i >= 0; i--) {
      Reply prev = closestReplies.get(i);
      int cmp = compare(prev.fromId(), reply.fromId());
      if (cmp < 0) {
        break;
      }
      if (cmp == 0) {
        closestReplies.remove(i + 1);
        break;
      }
      closestReplies.set(i + 1, prev);
      closestReplies.set(i, reply);
    }
    if (closestReplies.size() > k) {
      closestReplies.remove(closestReplies.size() - 1);
    }
  }

  private int compare(byte[] a, byte[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        continue;
      }
      int t = target[i] & 0xff;
      return (t ^ (a[i] & 0xff)) - (t ^ (b[i] & 0xff));
    }
    return 0;
  }

  private void flush() {
    if (committing) {
      return;
    }
    committing = true;
    if (commit == null) {
      finish(null);
      return;
    }
    List<Reply> targets = List.copyOf(closestReplies);
    if (targets.isEmpty()) {
      finish(new DhtException(DhtException.QUERY_FAILED, "Too few nodes responded"));
      return;
    }
    int[] outstanding = {targets.size()};
    int[] succeeded = {0};
    Throwable[] last = {null};
    for (Reply reply : targets) {
      boolean[] once = {false};
      commit.commit(
          reply,
          this,
          error -> {
            if (once[0]) {
              return;
            }
            once[0] = true;
            if (error == null) {
              succeeded[0]++;
            } else {
              last[0] = error;
            }
            if (--outstanding[0] == 0) {
              finish(succeeded[0] > 0 ? null : last[0]);
            }
          });
    }
  }

  private void finish(Throwable cause) {
    if (finished) {
      return;
    }
    finished = true;
    failure = cause;
    for (OutgoingRequest request : new ArrayList<>(requests)) {
      request.destroy(null);
    }
    requests.clear();
    pending.clear();
    List<BiConsumer<List<Reply>, Throwable>> listeners = List.copyOf(doneListeners);
    doneListeners.clear();
    for (BiConsumer<List<Reply>, Throwable> listener : listeners) {
      listener.accept(cause == null ? closestReplies() : List.of(), cause);
    }
  }

  @Override
  public String toString() {
    return "Query[command=" + command + (internal ? " (internal)" : "") + ", successes="
        + successes + ", errors=" + errors + ", closest=" + closestReplies.size() + "]";
  }

  /** A node to ask; never compared (the seen map is keyed by address). */
  private record Candidate(PeerAddress address, byte[] id) {}
}
