package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 4, case 9: handlers that throw. */
class SwarmErrorsTest {
  private static final Capability CAP = Peers.capability("stuffimcapableof");
  private final Peers peers = new Peers(91);

  /** Records like a Recorder, then throws from every callback. */
  private static final class Throwing extends Recorder {
    final List<RuntimeException> thrown = new ArrayList<>();

    Throwing(String name, List<String> log) {
      super(name, log);
    }

    private void fail(String what) {
      RuntimeException e = new IllegalStateException(name + " fails on " + what);
      thrown.add(e);
      throw e;
    }

    @Override
    public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
      super.onPeerAdd(peer, session);
      fail("add");
    }

    @Override
    public void onPeerActive(WakeupPeer peer, WakeupSession session) {
      super.onPeerActive(peer, session);
      fail("active");
    }

    @Override
    public void onLookup(Lookup request, WakeupPeer peer, WakeupSession session) {
      super.onLookup(request, peer, session);
      fail("lookup");
    }

    @Override
    public void onDestroy(WakeupSession session) {
      super.onDestroy(session);
      fail("destroy");
    }
  }

  @Test
  void aThrowingHandlerIsReportedAndTheOthersAndTheConnectionCarryOn() {
    List<Throwable> errors = new ArrayList<>();
    List<String> log = new ArrayList<>();
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 = peers.swarm().errorHandler(errors::add).build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    WakeupSession a = w1.session(CAP, SessionHandlers.NONE);
    Recorder calm = new Recorder("calm", log);
    Throwing thrower = new Throwing("thrower", log);
    w2.session(CAP, calm);
    w2.session(CAP, thrower); // the higher index: called first
    peers.loop.runUntilIdle();

    assertThat(log)
        .containsExactly("thrower add", "thrower active", "calm add", "calm active");
    assertThat(errors).containsExactlyElementsOf(thrower.thrown).hasSize(2);
    assertThat(peers.loop.failures()).as("nothing escapes to the loop").isEmpty();

    a.lookupByStream(s[0], null);
    peers.loop.runUntilIdle();
    a.lookupByStream(s[0], Lookup.of(Key32.of(Peers.filled("later"))));
    peers.loop.runUntilIdle();
    assertThat(calm.lookups)
        .containsExactly(Lookup.withoutHash(), Lookup.of(Key32.of(Peers.filled("later"))));
    assertThat(thrower.count("lookup")).isEqualTo(2);
    assertThat(errors).hasSize(4).containsExactlyElementsOf(thrower.thrown);
    assertThat(s[0].isOpen()).isTrue();
    assertThat(s[1].isOpen()).isTrue();
    assertThat(w2.stats().wireLookupRx()).isEqualTo(2);

    // The connection keeps working the other way too.
    Recorder back = new Recorder("back");
    WakeupSession a2 = w1.session(Peers.capability("anothercapabilit"), back);
    w2.session(Peers.capability("anothercapabilit"), SessionHandlers.NONE)
        .lookupByStream(s[1], null);
    peers.loop.runUntilIdle();
    assertThat(a2.peers()).hasSize(1);
    assertThat(back.events()).containsExactly("add", "active", "lookup");

    // On destroy, a throwing onDestroy does not keep the other sessions from being told.
    log.clear();
    w2.destroy();
    peers.loop.runUntilIdle();
    assertThat(log).containsSubsequence("thrower destroy", "calm destroy");
    assertThat(errors).hasSize(5);
    assertThat(w2.topics()).isEmpty();
  }

  @Test
  void aFailingErrorHandlerOrOnWakeupIsContained() {
    List<Throwable> errors = new ArrayList<>();
    WakeupSwarm w1 = peers.swarm().build();
    WakeupSwarm w2 =
        peers
            .swarm()
            .errorHandler(
                e -> {
                  errors.add(e);
                  throw new IllegalStateException("the error handler fails too");
                })
            .onWakeup(
                (id, stream) -> {
                  throw new IllegalArgumentException("onwakeup fails");
                })
            .build();
    NoiseSecretStream[] s = peers.connect(w1, w2);
    WakeupSession a = w1.session(CAP, SessionHandlers.NONE);
    peers.loop.runUntilIdle();
    assertThat(errors).singleElement().isInstanceOf(IllegalArgumentException.class);
    assertThat(peers.loop.failures()).isEmpty();
    assertThat(a.hasStream(s[0])).as("unclaimed: rejected").isFalse();

    Recorder late = new Recorder("late");
    w2.session(CAP, late);
    peers.loop.runUntilIdle();
    assertThat(late.events()).containsExactly("add", "active");
  }
}
