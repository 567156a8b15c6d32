package io.protomux.wakeup.adapters.inmemory.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example of README-simulation.md, verbatim: if it breaks here, it is wrong there. */
class ReadmeExampleTest {

  @Test
  void twoPeersMeetAndSeeEachOtherLeaveWhenTheLinkDrops() {
    Simulation sim =
        Simulation.builder(42)
            .crypto(seed -> new BouncyCastleCrypto(RandomSources.seeded(seed)))
            .latency(Latency.uniform(5, 50))
            .build();
    SimNode alice = sim.addNode("alice");
    SimNode bob = sim.addNode("bob");

    Capability capability = Capability.of(new byte[32]);
    List<String> seen = new ArrayList<>();
    SessionHandlers handlers =
        new SessionHandlers() {
          @Override
          public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
            seen.add("add");
          }

          @Override
          public void onPeerRemove(WakeupPeer peer, WakeupSession session) {
            seen.add("remove");
          }
        };
    alice.session(capability, handlers);
    bob.session(capability, handlers);

    SimLink link = sim.connect(alice, bob);
    sim.runUntilIdle();
    assertThat(seen).containsExactly("add", "add");

    link.disconnect();
    sim.runUntilIdle();
    assertThat(seen).containsExactly("add", "add", "remove", "remove");

    // Every handler call, connection event and fault is in the trace, at its virtual time.
    assertThat(sim.trace())
        .extracting(TraceEvent::kind)
        .containsSubsequence("open", "peer-add", "fault-disconnect", "peer-remove", "close");
  }
}
