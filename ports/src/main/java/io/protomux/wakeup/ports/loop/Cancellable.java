package io.protomux.wakeup.ports.loop;

/** A scheduled task that can be called off. */
@FunctionalInterface
public interface Cancellable {
  /** Stops the task from running if it has not run yet; calling it again does nothing. */
  void cancel();
}
