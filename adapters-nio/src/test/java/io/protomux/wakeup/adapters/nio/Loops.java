package io.protomux.wakeup.adapters.nio;

import io.protomux.wakeup.ports.loop.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Test helpers for running code on a loop and waiting, always with a time limit. */
final class Loops {
  static final long TIMEOUT_SECONDS = 10;

  private Loops() {}

  /** Runs {@code action} on {@code loop} and returns its result. */
  static <T> T onLoop(EventLoop loop, Supplier<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            result.complete(action.get());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    return await(result);
  }

  static void onLoop(EventLoop loop, Runnable action) {
    onLoop(
        loop,
        () -> {
          action.run();
          return null;
        });
  }

  static <T> T await(Future<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete in " + TIMEOUT_SECONDS + " s: " + e, e);
    }
  }
}
