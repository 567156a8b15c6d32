package io.protomux.wakeup.domain.dht;

import io.protomux.wakeup.ports.loop.Scheduler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state behind {@link ServingLimits}: a request bucket per source, a request bucket and a
 * reply credit per host, and the node-wide allowance, all on the loop's virtual time. Both tables
 * are bounded and forget the least recently seen entry first (counted), so whatever a spoofer
 * sends, they hold at most {@code maxSources} and {@code maxHosts} entries.
 */
final class ServingGuard {
  /**
   * The most credit a host can bank by sending: 64 KiB, some 40 full datagrams. Credit is for
   * answering what was just asked; without a cap a host could save up for a burst.
   */
  static final long MAX_EARNED = 65_536;

  /**
   * What every admitted request earns on top of its multiple: a reply's fixed part (header,
   * addresses, our id, a token: 74 bytes at most) must not depend on an allowance a flood from
   * other hosts can drain, or a stranger's 11-byte PING would go unanswered under attack (the fuzz
   * target found this). It lets a stream of spoofed requests get at most about 4x back, not 3x.
   */
  static final int REPLY_FLOOR_BYTES = 80;

  /** One host as the guard knows it: the handle a request's answers are charged to. */
  static final class Host {
    private final TokenBucket requests;
    private final TokenBucket allowance;
    private final boolean exempt;
    private long earned;
    private long provenUntil = Long.MIN_VALUE;

    private Host(TokenBucket requests, TokenBucket allowance, boolean exempt) {
      this.requests = requests;
      this.allowance = allowance;
      this.exempt = exempt;
    }
  }

  /** Loopback hosts and every host while no host limit is on: never limited, never stored. */
  private static final Host EXEMPT = new Host(null, null, true);

  private final ServingLimits limits;
  private final Scheduler clock;
  private final DhtCounters counters;
  private final Map<PeerAddress, TokenBucket> sources;
  private final Map<String, Host> hosts;
  private final TokenBucket nodeAllowance;

  ServingGuard(ServingLimits limits, Scheduler clock, DhtCounters counters) {
    this.limits = limits;
    this.clock = clock;
    this.counters = counters;
    this.sources = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<PeerAddress, TokenBucket> eldest) {
        boolean full = size() > limits.maxSources();
        if (full) {
          counters.evictedSources++;
        }
        return full;
      }
    };
    this.hosts = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Host> eldest) {
        boolean full = size() > limits.maxHosts();
        if (full) {
          counters.evictedHosts++;
        }
        return full;
      }
    };
    this.nodeAllowance =
        limits.nodeAllowanceBytesPerSecond() > 0
            ? new TokenBucket(limits.nodeAllowanceBytesPerSecond(), 1000, clock.nowMillis())
            : null;
  }

  /**
   * Lets a request of {@code bytes} from {@code from} through, or not (counted per cause), before
   * anything of it is decoded.
   *
   * @return the host its answers are charged to, or null to drop it
   */
  Host admit(PeerAddress from, int bytes) {
    long now = clock.nowMillis();
    if (limits.sourceRequestsPerSecond() > 0 && !source(from, now).tryTake(1, now)) {
      counters.droppedSourceRate++;
      return null;
    }
    if (!limits.tracksHosts() || isLoopback(from.host())) {
      return EXEMPT;
    }
    Host host = host(from.host(), now);
    if (host.requests != null && !host.requests.tryTake(1, now)) {
      counters.droppedHostRate++;
      return null;
    }
    if (limits.limitsAmplification()) {
      host.earned =
          Math.min(MAX_EARNED,
              host.earned + (long) limits.amplificationFactor() * bytes + REPLY_FLOOR_BYTES);
    }
    return host;
  }

  /** The host sent a valid token: it receives at its address. */
  void prove(Host host) {
    if (host.exempt) {
      return;
    }
    long now = clock.nowMillis();
    if (now >= host.provenUntil) {
      counters.provenHosts++;
    }
    host.provenUntil = now + ServingLimits.PROOF_MILLIS;
  }

  /**
   * The bytes {@code host}'s requests may still make us send; {@link Long#MAX_VALUE} if unlimited.
   *
   * @param toRequester whether they go to the host itself (a proof counts only then)
   */
  long credit(Host host, boolean toRequester) {
    long now = clock.nowMillis();
    if (unlimited(host, toRequester, now)) {
      return Long.MAX_VALUE;
    }
    return host.earned + allowance(host, now);
  }

  /** Charges {@code bytes}, which {@link #credit} allowed, to {@code host}: earned credit first. */
  void charge(Host host, int bytes, boolean toRequester) {
    long now = clock.nowMillis();
    if (unlimited(host, toRequester, now)) {
      return;
    }
    long fromEarned = Math.min(host.earned, bytes);
    host.earned -= fromEarned;
    long rest = bytes - fromEarned;
    if (rest > 0 && host.allowance != null && nodeAllowance != null) {
      host.allowance.tryTake(rest, now);
      nodeAllowance.tryTake(rest, now);
    }
  }

  /** Sources remembered now. */
  int sourceCount() {
    return sources.size();
  }

  /** Hosts remembered now. */
  int hostCount() {
    return hosts.size();
  }

  private boolean unlimited(Host host, boolean toRequester, long now) {
    return host.exempt || !limits.limitsAmplification() || (toRequester && now < host.provenUntil);
  }

  private long allowance(Host host, long now) {
    if (host.allowance == null || nodeAllowance == null) {
      return 0;
    }
    return Math.min(host.allowance.available(now), nodeAllowance.available(now));
  }

  private TokenBucket source(PeerAddress from, long now) {
    TokenBucket bucket = sources.get(from);
    if (bucket == null) {
      bucket = new TokenBucket(limits.sourceRequestsPerSecond(), 1000, now);
      sources.put(from, bucket);
    }
    return bucket;
  }

  private Host host(String address, long now) {
    Host host = hosts.get(address);
    if (host == null) {
      host =
          new Host(
              limits.hostRequestsPerSecond() > 0
                  ? new TokenBucket(limits.hostRequestsPerSecond(), 1000, now)
                  : null,
              limits.hostAllowanceBytesPerMinute() > 0
                  ? new TokenBucket(limits.hostAllowanceBytesPerMinute(), 60_000, now)
                  : null,
              false);
      hosts.put(address, host);
    }
    return host;
  }

  /** 127.0.0.0/8: an operating system drops such sources arriving from the network. */
  static boolean isLoopback(String host) {
    return host.startsWith("127.");
  }
}
