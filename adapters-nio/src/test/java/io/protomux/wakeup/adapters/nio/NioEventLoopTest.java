package io.protomux.wakeup.adapters.nio;

import static io.protomux.wakeup.adapters.nio.Loops.await;
import static io.protomux.wakeup.adapters.nio.Loops.onLoop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.ports.loop.Cancellable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NioEventLoopTest {
  private final List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
  private final NioEventLoop loop = new NioEventLoop("test-loop", reported::add);

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  @Test
  void executeFromAnotherThreadRunsOnTheLoop() {
    CompletableFuture<Boolean> ran = new CompletableFuture<>();

    loop.execute(() -> ran.complete(loop.inEventLoop()));

    assertThat(await(ran)).isTrue();
    assertThat(loop.inEventLoop()).isFalse();
  }

  @Test
  void tasksFromManyThreadsAllRunWithoutLosingAWakeup() throws Exception {
    int threads = 4;
    int tasksEach = 20_000;
    int[] ran = new int[1];
    CountDownLatch allRan = new CountDownLatch(threads * tasksEach);
    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread submitter =
          new Thread(
              () -> {
                for (int i = 0; i < tasksEach; i++) {
                  loop.execute(
                      () -> {
                        ran[0]++; // confined to the loop: no lost updates if tasks never overlap
                        allRan.countDown();
                      });
                }
              });
      submitters.add(submitter);
      submitter.start();
    }

    assertThat(allRan.await(Loops.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(onLoop(loop, () -> ran[0])).isEqualTo(threads * tasksEach);
    for (Thread submitter : submitters) {
      submitter.join();
    }
  }

  @Test
  void timersFireOnTheLoopInDeadlineOrderTiesInSchedulingOrder() {
    List<String> fired = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> done = new CompletableFuture<>();

    onLoop(
        loop,
        () -> {
          loop.schedule(30, () -> fired.add("30"));
          loop.schedule(10, () -> fired.add("10a"));
          loop.schedule(0, () -> fired.add("0"));
          loop.schedule(10, () -> fired.add("10b"));
          loop.schedule(20, () -> fired.add(loop.inEventLoop() ? "20" : "20 off the loop"));
          loop.schedule(40, () -> done.complete(null));
        });

    await(done);
    assertThat(fired).containsExactly("0", "10a", "10b", "20", "30");
  }

  @Test
  void aTimerDoesNotFireBeforeItsDeadline() {
    CompletableFuture<Long> firedAt = new CompletableFuture<>();
    long scheduledAt = onLoop(loop, () -> {
      long now = loop.nowMillis();
      loop.schedule(50, () -> firedAt.complete(loop.nowMillis()));
      return now;
    });

    assertThat(await(firedAt) - scheduledAt).isGreaterThanOrEqualTo(50);
  }

  @Test
  void aCancelledTimerNeverRuns() {
    List<String> fired = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> done = new CompletableFuture<>();

    onLoop(
        loop,
        () -> {
          Cancellable onLoopCancelled = loop.schedule(5, () -> fired.add("cancelled on the loop"));
          onLoopCancelled.cancel();
          onLoopCancelled.cancel();
        });
    Cancellable offLoopCancelled = loop.schedule(5, () -> fired.add("cancelled off the loop"));
    offLoopCancelled.cancel();
    loop.schedule(30, () -> done.complete(null));

    await(done);
    assertThat(fired).isEmpty();
  }

  @Test
  void manyCancelledTimersAreSweptAndTheRestStillFire() {
    CompletableFuture<Integer> firedCount = new CompletableFuture<>();
    int[] fired = new int[1];

    onLoop(
        loop,
        () -> {
          for (int i = 0; i < 10_000; i++) {
            Cancellable timer = loop.schedule(60_000, () -> fired[0] += 1000);
            if (i % 100 != 0) {
              timer.cancel();
            } else {
              loop.schedule(i % 7, () -> fired[0]++);
            }
          }
          loop.schedule(20, () -> firedCount.complete(fired[0]));
        });

    assertThat(await(firedCount)).isEqualTo(100);
  }

  @Test
  void aThrowingTaskOrTimerIsReportedAndTheLoopGoesOn() {
    RuntimeException taskFailure = new RuntimeException("task");
    RuntimeException timerFailure = new RuntimeException("timer");

    loop.execute(() -> { throw taskFailure; });
    loop.schedule(1, () -> { throw timerFailure; });
    CompletableFuture<String> after = new CompletableFuture<>();
    loop.schedule(20, () -> after.complete("still running"));

    assertThat(await(after)).isEqualTo("still running");
    assertThat(reported).containsExactly(taskFailure, timerFailure);
  }

  @Test
  void closeStopsTheThreadRunsQueuedTasksAndRejectsLaterOnes() {
    Thread thread = onLoop(loop, Thread::currentThread);
    CompletableFuture<Void> queuedBeforeClose = new CompletableFuture<>();
    loop.execute(() -> loop.execute(() -> queuedBeforeClose.complete(null)));

    loop.close();

    assertThat(thread.isAlive()).isFalse();
    assertThat(loop.isTerminated()).isTrue();
    assertThat(queuedBeforeClose).isDone();
    assertThatThrownBy(() -> loop.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
    loop.close();
  }

  @Test
  void closeFromTheLoopItselfReturnsAndTheLoopStops() {
    Thread thread = onLoop(loop, Thread::currentThread);

    loop.execute(loop::close);

    try {
      thread.join(Loops.TIMEOUT_SECONDS * 1000);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void aNegativeDelayIsRejected() {
    assertThatThrownBy(() -> loop.schedule(-1, () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
