package io.protomux.wakeup.adapters.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.ports.loop.Cancellable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VirtualTimeLoopTest {
  private final VirtualTimeLoop loop = new VirtualTimeLoop();
  private final List<String> ran = new ArrayList<>();

  @Test
  void runsTasksByDeadlineThenInSchedulingOrder() {
    loop.schedule(20, () -> ran.add("20a"));
    loop.schedule(10, () -> ran.add("10a"));
    loop.execute(() -> ran.add("0a"));
    loop.schedule(20, () -> ran.add("20b"));
    loop.schedule(10, () -> ran.add("10b"));
    loop.schedule(0, () -> ran.add("0b"));

    loop.runUntilIdle();

    assertThat(ran).containsExactly("0a", "0b", "10a", "10b", "20a", "20b");
    assertThat(loop.nowMillis()).isEqualTo(20);
  }

  @Test
  void aTaskScheduledFromATaskRunsAfterTheTasksAlreadyDueThen() {
    loop.execute(
        () -> {
          ran.add("first");
          loop.execute(() -> ran.add("scheduled by first"));
          loop.schedule(5, () -> ran.add("later"));
        });
    loop.execute(() -> ran.add("second"));

    loop.runUntilIdle();

    assertThat(ran).containsExactly("first", "second", "scheduled by first", "later");
  }

  @Test
  void cancelledTasksDoNotRunAndAreNotPending() {
    Cancellable cancelled = loop.schedule(10, () -> ran.add("cancelled"));
    loop.schedule(10, () -> ran.add("kept"));
    cancelled.cancel();
    cancelled.cancel();

    assertThat(loop.pendingTasks()).isEqualTo(1);
    loop.runUntilIdle();

    assertThat(ran).containsExactly("kept");
    assertThat(loop.pendingTasks()).isZero();
  }

  @Test
  void manyCancelledTimersDoNotPileUp() {
    for (int i = 0; i < 10_000; i++) {
      loop.schedule(60_000, () -> ran.add("timeout")).cancel();
    }
    loop.schedule(60_000, () -> ran.add("last"));

    assertThat(loop.pendingTasks()).isEqualTo(1);
    loop.runUntilIdle();
    assertThat(ran).containsExactly("last");
  }

  @Test
  void timeAdvancesOnlyAsTheLoopIsDriven() {
    loop.schedule(100, () -> ran.add("at " + loop.nowMillis()));
    assertThat(loop.nowMillis()).isZero();

    loop.runFor(99);
    assertThat(ran).isEmpty();
    assertThat(loop.nowMillis()).isEqualTo(99);

    loop.runFor(1);
    assertThat(ran).containsExactly("at 100");
    assertThat(loop.nowMillis()).isEqualTo(100);

    loop.runFor(50);
    assertThat(loop.nowMillis()).isEqualTo(150);
    loop.runUntilIdle();
    assertThat(loop.nowMillis()).isEqualTo(150);
  }

  @Test
  void runForAlsoRunsWhatItsTasksScheduleWithinTheWindow() {
    loop.schedule(
        10, () -> loop.schedule(10, () -> loop.schedule(10, () -> ran.add("at 30"))));
    loop.runFor(25);
    assertThat(ran).isEmpty();
    loop.runFor(5);
    assertThat(ran).containsExactly("at 30");
  }

  @Test
  void runUntilStopsAtTheTaskThatMakesTheConditionTrue() {
    AtomicBoolean done = new AtomicBoolean();
    loop.schedule(30, () -> done.set(true));
    loop.schedule(40, () -> ran.add("after"));

    assertThat(loop.runUntil(done::get, 1000)).isTrue();
    assertThat(loop.nowMillis()).isEqualTo(30);
    assertThat(ran).isEmpty();
    assertThat(loop.pendingTasks()).isEqualTo(1);
  }

  @Test
  void runUntilGivesUpAtTheEndOfItsWindow() {
    AtomicBoolean done = new AtomicBoolean();
    loop.schedule(30, () -> done.set(true));

    assertThat(loop.runUntil(done::get, 29)).isFalse();
    assertThat(loop.nowMillis()).isEqualTo(29);
    assertThat(loop.runUntil(() -> false, 100)).isFalse();
    assertThat(done).isTrue();
    assertThat(loop.nowMillis()).isEqualTo(129);
  }

  @Test
  void runUntilIdleRefusesToChaseATimerForever() {
    loop.setMaxTasksPerRun(1000);
    AtomicInteger ticks = new AtomicInteger();
    Runnable[] tick = new Runnable[1];
    tick[0] =
        () -> {
          ticks.incrementAndGet();
          loop.schedule(1000, tick[0]);
        };
    loop.execute(tick[0]);

    assertThatThrownBy(loop::runUntilIdle)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("more than 1000 tasks")
        .hasMessageContaining("runFor");
    assertThat(ticks).hasValue(1000);

    loop.runFor(10_000); // the periodic timer is still there, and bounded runs work
    assertThat(ticks).hasValue(1010);
  }

  @Test
  void strictModeStopsTheRunAndRethrowsTheFailure() {
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    loop.schedule(10, () -> ran.add("before"));
    loop.schedule(
        20,
        () -> {
          throw boom;
        });
    loop.schedule(30, () -> ran.add("after"));

    assertThatThrownBy(loop::runUntilIdle).isSameAs(boom);
    assertThat(ran).containsExactly("before");
    assertThat(loop.nowMillis()).isEqualTo(20);
    assertThat(loop.failures()).containsExactly(boom);

    loop.runUntilIdle();
    assertThat(ran).containsExactly("before", "after");
  }

  @Test
  void lenientModeRecordsFailuresAndGoesOn() {
    List<Throwable> handled = new ArrayList<>();
    loop.setStrict(false);
    loop.setFailureHandler(handled::add);
    AssertionError broken = new AssertionError("broken");
    loop.execute(
        () -> {
          throw broken;
        });
    loop.execute(() -> ran.add("next"));

    loop.runUntilIdle();

    assertThat(ran).containsExactly("next");
    assertThat(loop.failures()).containsExactly(broken);
    assertThat(handled).containsExactly(broken);
  }

  @Test
  void tasksFromOtherThreadsAreHandedOverAndPickedUp() throws InterruptedException {
    loop.runFor(50);
    AtomicBoolean otherThreadInLoop = new AtomicBoolean(true);
    Thread other =
        new Thread(
            () -> {
              otherThreadInLoop.set(loop.inEventLoop());
              loop.execute(() -> ran.add("executed at " + loop.nowMillis()));
              loop.schedule(10, () -> ran.add("scheduled at " + loop.nowMillis()));
            });
    other.start();
    other.join();

    assertThat(otherThreadInLoop).isFalse();
    assertThat(loop.inEventLoop()).isTrue();
    assertThat(loop.pendingTasks()).isEqualTo(2);
    loop.runUntilIdle();
    assertThat(ran).containsExactly("executed at 50", "scheduled at 60");
  }

  @Test
  void theThreadThatDrivesTheLoopBecomesItsThread() throws InterruptedException {
    AtomicBoolean inLoopDuringTask = new AtomicBoolean();
    loop.execute(() -> inLoopDuringTask.set(loop.inEventLoop()));
    Thread driver = new Thread(loop::runUntilIdle);
    driver.start();
    driver.join();

    assertThat(inLoopDuringTask).isTrue();
    assertThat(loop.inEventLoop()).isFalse();
  }

  @Test
  void runsCannotNest() {
    loop.execute(loop::runUntilIdle);
    assertThatThrownBy(loop::runUntilIdle)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already running");
  }

  @Test
  void rejectsNegativeDelaysAndWindows() {
    assertThatThrownBy(() -> loop.schedule(-1, () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> loop.runFor(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
