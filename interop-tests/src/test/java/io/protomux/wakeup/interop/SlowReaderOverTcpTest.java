package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.nio.NioOptions;
import io.protomux.wakeup.adapters.nio.SlowReaderException;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.ports.transport.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A remote that never reads while the node keeps announcing to it: its connection is closed once
 * {@code NioOptions.maxQueuedBytes} (16 MiB by default) would be passed, so the node's queue for it
 * stays bounded, and another connection on the same loop is still served.
 */
class SlowReaderOverTcpTest {
  private static final Random RANDOM = new Random(8);

  private final JavaPeer server = new JavaPeer(NioOptions.defaults(), StreamOptions.DEFAULTS);
  private final JavaPeer slow = new JavaPeer();
  private final JavaPeer healthy = new JavaPeer();

  @AfterEach
  void stop() {
    slow.close();
    healthy.close();
    server.close();
  }

  @Test
  void aRemoteThatNeverReadsIsClosedAtTheQueueLimitAndOthersAreServed() throws Exception {
    Capability cap = Capability.of(bytes(32));
    List<Wakeup> oneWakeup = List.of(new Wakeup(Key32.of(bytes(32)), 7));
    JavaWakeup serverWakeup = new JavaWakeup(server);
    WakeupSession serverSession = serverWakeup.session(cap, SessionOptions.DEFAULTS, oneWakeup);
    Listener listener = server.listen(serverWakeup.swarm::addStream);

    JavaWakeup slowWakeup = new JavaWakeup(slow);
    slowWakeup.session(cap, SessionOptions.DEFAULTS, List.of());
    NoiseSecretStream slowStream = slow.dial(listener.port(), slowWakeup.swarm::addStream).get(20, TimeUnit.SECONDS);
    NoiseSecretStream toSlow = server.accept();
    serverWakeup.await("add ");
    slowWakeup.await("add ");

    JavaWakeup healthyWakeup = new JavaWakeup(healthy);
    WakeupSession healthySession = healthyWakeup.session(cap, SessionOptions.DEFAULTS, List.of());
    healthy.dial(listener.port(), healthyWakeup.swarm::addStream).get(20, TimeUnit.SECONDS);
    NoiseSecretStream toHealthy = server.accept();
    serverWakeup.await("add ");
    healthyWakeup.await("add ");

    // The slow remote stops reading at the socket; the kernel buffers fill, then our queue grows.
    slow.onLoop(() -> {
      slowStream.connection().pauseReading();
      return null;
    });

    List<Wakeup> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(new Wakeup(Key32.of(bytes(32)), i));
    }
    WakeupPeer slowPeer = server.onLoop(() -> serverSession.getPeer(toSlow));
    assertThat(slowPeer).isNotNull();
    CompletableFuture<Throwable> closed = new CompletableFuture<>();
    server.onLoop(() -> {
      toSlow.whenClosed(closed::complete);
      return null;
    });
    long[] announces = new long[1];
    Runnable flood = new Runnable() {
      @Override
      public void run() {
        // Ignores backpressure on purpose, as a careless application would.
        for (int i = 0; i < 16 && toSlow.isOpen(); i++) {
          serverSession.announce(slowPeer, many);
          announces[0]++;
        }
        if (toSlow.isOpen()) {
          server.loop.execute(this);
        }
      }
    };
    server.loop.execute(flood);

    Throwable cause = closed.get(30, TimeUnit.SECONDS);
    SlowReaderException slowReader = findCause(cause, SlowReaderException.class);
    assertThat(slowReader).as("close cause %s", cause).isNotNull();
    assertThat(slowReader).hasMessageContaining("peer is not reading");
    assertThat(slowReader.limit()).isEqualTo(NioOptions.DEFAULT_MAX_QUEUED_BYTES).isEqualTo(16L << 20);
    // The write that would have gone over was refused: what was queued stayed under the limit,
    // and that write was one announce frame (1000 wakeups: under 64 KiB).
    assertThat(slowReader.queuedBytes()).isGreaterThan(slowReader.limit()).isLessThan(slowReader.limit() + 64 * 1024);
    System.out.println("slow reader closed after " + announces[0] + " announces: " + slowReader.getMessage());

    serverWakeup.await("remove ");
    assertThat(server.onLoop(() -> serverSession.peers().size())).isEqualTo(1);

    // The healthy connection on the same server loop still exchanges lookups and announces.
    assertThat(server.onLoop(toHealthy::isOpen)).isTrue();
    healthy.onLoop(() -> {
      healthySession.broadcastLookup(Lookup.withoutHash());
      return null;
    });
    serverWakeup.await("lookup ");
    assertThat(healthyWakeup.await("announce ")).contains(JavaWakeup.describe(oneWakeup));
  }

  private static <T extends Throwable> T findCause(Throwable cause, Class<T> type) {
    for (int i = 0; cause != null && i < 16; i++, cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
