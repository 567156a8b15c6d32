package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cases of the reference's test/basic.js, on the in-memory transport and virtual time. */
class ReferenceSuiteTest {
  private static final Capability CAP = Peers.capability("stuffimcapableof");
  private final Peers peers = new Peers(1);

  @Test
  void onwakeup() {
    List<Key32> ids = new ArrayList<>();
    List<NoiseSecretStream> streams = new ArrayList<>();
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().onWakeup((id, stream) -> {
      ids.add(id);
      streams.add(stream);
    }).build();
    NoiseSecretStream[] s = peers.connect(w1, w2);

    WakeupSession session = w1.session(CAP, SessionHandlers.NONE);
    session.active();
    peers.loop.runUntilIdle();

    assertThat(streams).containsExactly(s[1]);
    assertThat(ids).containsExactly(Key32.of(peers.crypto.discoveryKey(CAP.bytes())));
  }

  @Test
  void sessionHandlerCallbacks() {
    Key32 key = Key32.of(Peers.filled("deadbeef"));
    long length = 1337;
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().build();
    peers.connect(w1, w2);

    Recorder first = new Recorder("s1");
    WakeupSession s1 = w1.session(CAP, first);
    Recorder second =
        new Recorder("s2") {
          @Override
          public void onLookup(
              io.protomux.wakeup.domain.wakeup.messages.Lookup request,
              WakeupPeer peer,
              WakeupSession session) {
            super.onLookup(request, peer, session);
            session.announce(peer, List.of(new Wakeup(key, length)));
          }
        };
    w2.session(CAP, second);
    peers.loop.runUntilIdle();

    s1.lookup(s1.peers().get(0), null);
    peers.loop.runUntilIdle();
    s1.inactive();
    s1.active();
    w1.destroy();
    peers.loop.runUntilIdle();

    assertThat(first.count("add")).isEqualTo(1);
    assertThat(first.announces).containsExactly(List.of(new Wakeup(key, length)));
    assertThat(second.count("remove")).isEqualTo(1);
    assertThat(second.count("active")).as("once with peer add, once on s1.active()").isEqualTo(2);
    assertThat(second.count("inactive")).as("once on s1.inactive(), once on removal").isEqualTo(2);
    assertThat(second.count("lookup")).isEqualTo(1);
    assertThat(second.lookups.get(0).hash()).isEmpty();
  }
}
