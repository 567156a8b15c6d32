package io.protomux.wakeup.domain.stream;

import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.Scheduler;
import java.util.function.Consumer;

/**
 * A secret stream's clocks, all on the loop's virtual or real time: the handshake deadline, the
 * idle timeout (nothing received) and the keep-alive (nothing sent). Each is off when its option
 * is 0; a timeout hands the stream the {@link StreamLimitException} to be destroyed with.
 */
final class StreamTimers {
  private final Scheduler scheduler;
  private final StreamOptions options;
  private final Consumer<Throwable> onTimeout;
  private Cancellable handshakeTimer;
  private IdleTimer idleTimeout;
  private IdleTimer keepAlive;

  StreamTimers(Scheduler scheduler, StreamOptions options, Consumer<Throwable> onTimeout) {
    this.scheduler = scheduler;
    this.options = options;
    this.onTimeout = onTimeout;
  }

  /** Arms the handshake deadline ({@link StreamOptions#handshakeTimeoutMillis()}). */
  void startHandshakeDeadline() {
    long millis = options.handshakeTimeoutMillis();
    if (millis > 0) {
      handshakeTimer =
          scheduler.schedule(
              millis,
              () ->
                  onTimeout.accept(
                      new StreamLimitException(
                          Limit.HANDSHAKE_TIMEOUT,
                          "handshake timed out after " + millis + " ms (handshakeTimeoutMillis)")));
    }
  }

  /** The handshake completed: its deadline no longer applies. */
  void handshakeDone() {
    if (handshakeTimer != null) {
      handshakeTimer.cancel();
      handshakeTimer = null;
    }
  }

  /** Arms the idle timeout ({@link StreamOptions#timeoutMillis()}). */
  void startIdleTimeout() {
    long millis = options.timeoutMillis();
    if (millis > 0) {
      idleTimeout =
          new IdleTimer(
              scheduler,
              millis,
              () ->
                  onTimeout.accept(
                      new StreamLimitException(
                          Limit.IDLE_TIMEOUT,
                          "stream timed out: nothing received for " + millis + " ms (timeoutMillis)")));
      idleTimeout.start();
    }
  }

  /** Something arrived. */
  void received() {
    if (idleTimeout != null) {
      idleTimeout.touch();
    }
  }

  /** Starts sending {@code sendKeepAlive} after each {@link StreamOptions#keepAliveMillis()} without a write. */
  void startKeepAlive(Runnable sendKeepAlive) {
    if (options.keepAliveMillis() > 0) {
      keepAlive = new IdleTimer(scheduler, options.keepAliveMillis(), sendKeepAlive);
      keepAlive.start();
    }
  }

  /** Something was sent. */
  void sent() {
    if (keepAlive != null) {
      keepAlive.touch();
    }
  }

  /** This side ended: nothing more is sent, keep-alives neither. */
  void stopKeepAlive() {
    if (keepAlive != null) {
      keepAlive.cancel();
      keepAlive = null;
    }
  }

  void cancelAll() {
    handshakeDone();
    if (idleTimeout != null) {
      idleTimeout.cancel();
      idleTimeout = null;
    }
    stopKeepAlive();
  }
}
