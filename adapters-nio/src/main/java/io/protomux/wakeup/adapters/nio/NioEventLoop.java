package io.protomux.wakeup.adapters.nio;

import io.protomux.wakeup.ports.loop.Cancellable;
import io.protomux.wakeup.ports.loop.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An {@link EventLoop} on one dedicated thread running one {@link Selector}: it performs the I/O of
 * the channels registered on it, runs the tasks handed to {@link #execute} and the timers set with
 * {@link #schedule}.
 *
 * <p>The thread starts with the loop; it is a daemon thread, so an unclosed loop never keeps the
 * JVM alive. A task, timer or I/O callback that throws is passed to the
 * loop's error handler (by default logged through {@link System.Logger}) and the loop goes on.
 *
 * <p>{@link #close()} stops the loop: every channel still registered on it is closed (a
 * connection's handler gets {@code onClose(null)}), tasks already queued still run, pending timers
 * are dropped, and later {@link #execute} calls from other threads are rejected.
 */
public final class NioEventLoop implements EventLoop, AutoCloseable {
  static final int DEFAULT_READ_BUFFER_BYTES = 64 * 1024;

  private static final System.Logger LOG = System.getLogger(NioEventLoop.class.getName());
  // Bounds the tasks one iteration runs, so a task that keeps re-queuing itself cannot starve I/O.
  private static final int MAX_TASKS_PER_ITERATION = 4096;
  // Bounds the tasks drained at shutdown, for the same reason: the loop must end.
  private static final int MAX_TASKS_AT_SHUTDOWN = 100_000;
  private static final int MAX_GATHERED_BUFFERS = 64;

  private enum State {
    RUNNING,
    SHUTTING_DOWN,
    TERMINATED
  }

  private final String name;
  private final Consumer<Throwable> errorHandler;
  private final Selector selector;
  private final Thread thread;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final TimerQueue timers = new TimerQueue();
  // True while the loop is about to block (or blocks) in select(): only then does a task from
  // another thread need the selector woken, and only the first such task pays for the wakeup.
  private final AtomicBoolean sleeping = new AtomicBoolean();
  private final long clockOrigin = System.nanoTime();
  private volatile State state = State.RUNNING;

  // Loop-confined scratch space shared by every connection of this loop: a read only lives for
  // one onData call and a gathering write for one system call, so one of each is enough.
  private final ByteBuffer readBuffer;
  private final ByteBuffer[] gatherScratch = new ByteBuffer[MAX_GATHERED_BUFFERS];

  /**
   * Starts a loop whose failures are logged.
   *
   * @param name the name of the loop's thread
   * @throws UncheckedIOException if no selector can be opened
   */
  public NioEventLoop(String name) {
    this(name, null);
  }

  /**
   * Starts a loop.
   *
   * @param name the name of the loop's thread
   * @param errorHandler receives what tasks, timers and callbacks throw (on the loop's thread);
   *     null to log it through {@link System.Logger} at level ERROR
   * @throws UncheckedIOException if no selector can be opened
   */
  public NioEventLoop(String name, Consumer<Throwable> errorHandler) {
    this(name, errorHandler, DEFAULT_READ_BUFFER_BYTES);
  }

  NioEventLoop(String name, Consumer<Throwable> errorHandler, int readBufferBytes) {
    this.name = Objects.requireNonNull(name, "name");
    this.errorHandler = errorHandler != null ? errorHandler : this::log;
    this.readBuffer = ByteBuffer.allocate(readBufferBytes);
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for event loop " + name, e);
    }
    this.thread = new Thread(this::run, name);
    // A program that forgets to close its transport must still be able to exit.
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public boolean inEventLoop() {
    return Thread.currentThread() == thread;
  }

  /**
   * {@inheritDoc}
   *
   * @throws RejectedExecutionException if called from another thread once the loop has stopped
   */
  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    if (inEventLoop()) {
      // The loop drains its queue before it next blocks, so it needs no wakeup; and during
      // shutdown it drains until the queue is empty, so even then nothing is lost.
      tasks.add(task);
      return;
    }
    if (state == State.TERMINATED) {
      throw rejected();
    }
    tasks.add(task);
    if (state == State.TERMINATED && tasks.remove(task)) {
      // The loop finished its last drain between the check and the add; had remove() failed, the
      // drain would have taken (and run) the task.
      throw rejected();
    }
    if (sleeping.compareAndSet(true, false)) {
      selector.wakeup();
    }
  }

  @Override
  public long nowMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - clockOrigin);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Callable from any thread; a timer set after the loop has stopped never runs.
   *
   * @throws IllegalArgumentException if {@code delayMillis} is negative
   */
  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    Objects.requireNonNull(task, "task");
    if (delayMillis < 0) {
      throw new IllegalArgumentException("negative delay: " + delayMillis);
    }
    // Clamped to half the nanoTime range, so deadline differences never overflow.
    long delayNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(delayMillis), Long.MAX_VALUE >> 1);
    TimerQueue.Timer timer = new TimerQueue.Timer(this, System.nanoTime() + delayNanos, task);
    if (inEventLoop()) {
      timers.add(timer);
    } else {
      try {
        execute(() -> timers.add(timer));
      } catch (RejectedExecutionException stopped) {
        timer.take();
      }
    }
    return timer;
  }

  /**
   * Stops the loop, closing every channel registered on it. From another thread this waits until
   * the loop's thread has finished; from the loop's own thread it returns at once and the loop
   * stops after the current task. Calling it again does nothing more.
   */
  @Override
  public void close() {
    initiateClose();
    if (!inEventLoop()) {
      awaitTermination();
    }
  }

  /** Whether the loop's thread has finished. */
  public boolean isTerminated() {
    return !thread.isAlive();
  }

  @Override
  public String toString() {
    return "NioEventLoop[" + name + "]";
  }

  // ---- package-private services for the transport's channels (loop thread only) ----

  /** Asks the loop to stop without waiting for it; any thread. */
  void initiateClose() {
    if (state == State.RUNNING) {
      state = State.SHUTTING_DOWN;
      selector.wakeup();
    }
  }

  /**
   * Registers a channel with no handler attached yet.
   *
   * @throws IOException if the loop is stopping or the channel is closed
   */
  SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws IOException {
    assertInLoop();
    if (state != State.RUNNING) {
      throw new IOException("event loop " + name + " is stopping");
    }
    channel.configureBlocking(false);
    return channel.register(selector, ops, handler);
  }

  /** The loop's read buffer (heap, so callers can decode straight from its array). */
  ByteBuffer readBuffer() {
    return readBuffer;
  }

  /** Scratch space for gathering writes; entries must be nulled after use. */
  ByteBuffer[] gatherScratch() {
    return gatherScratch;
  }

  /** Passes a failure to the error handler, which must not bring the loop down either. */
  void report(Throwable failure) {
    try {
      errorHandler.accept(failure);
    } catch (Throwable handlerFailure) {
      handlerFailure.addSuppressed(failure);
      log(handlerFailure);
    }
  }

  void assertInLoop() {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(
          "called from thread " + Thread.currentThread().getName() + ", not from event loop " + name);
    }
  }

  void timerCancelled() {
    timers.onCancelled();
  }

  // ---- the loop ----

  private void run() {
    try {
      while (state == State.RUNNING) {
        try {
          select();
          runTasks(MAX_TASKS_PER_ITERATION);
          runDueTimers();
        } catch (Throwable t) {
          report(t);
        }
      }
    } finally {
      shutdown();
    }
  }

  private void select() throws IOException {
    long timerNanos = timers.nanosUntilNext(System.nanoTime());
    if (timerNanos == 0 || !tasks.isEmpty()) {
      selector.selectNow(this::processKey);
      return;
    }
    sleeping.set(true);
    try {
      // Re-checked after raising the flag: a task added before it was raised found no one to wake
      // it up, so the loop must not block on its account.
      if (!tasks.isEmpty() || state != State.RUNNING) {
        selector.selectNow(this::processKey);
      } else if (timerNanos < 0) {
        selector.select(this::processKey);
      } else {
        long timeoutMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timerNanos + 999_999));
        selector.select(this::processKey, timeoutMillis);
      }
    } finally {
      sleeping.set(false);
    }
  }

  private void processKey(SelectionKey key) {
    // A handler earlier in this batch may have closed this key's channel.
    if (!key.isValid()) {
      return;
    }
    IoHandler handler = (IoHandler) key.attachment();
    try {
      handler.onReady(key.readyOps());
    } catch (Throwable t) {
      report(t);
      try {
        handler.abort(t);
      } catch (Throwable abortFailure) {
        report(abortFailure);
      }
    }
  }

  private int runTasks(int max) {
    int ran = 0;
    Runnable task;
    while (ran < max && (task = tasks.poll()) != null) {
      ran++;
      try {
        task.run();
      } catch (Throwable t) {
        report(t);
      }
    }
    return ran;
  }

  private void runDueTimers() {
    // One reading of the clock per pass: a timer that sets a 0 ms timer does not run it in the
    // same pass, so a chain of them cannot keep the loop away from I/O.
    long now = System.nanoTime();
    TimerQueue.Timer timer;
    while ((timer = timers.pollDue(now)) != null) {
      Runnable task = timer.take();
      if (task == null) {
        continue;
      }
      try {
        task.run();
      } catch (Throwable t) {
        report(t);
      }
    }
  }

  private void shutdown() {
    try {
      List<SelectionKey> keys = new ArrayList<>(selector.keys());
      for (SelectionKey key : keys) {
        if (key.isValid()) {
          try {
            ((IoHandler) key.attachment()).abort(null);
          } catch (Throwable t) {
            report(t);
          }
        }
      }
      timers.clear();
      // Closing channels queued their onClose notifications; run them, and whatever they queue.
      runTasks(MAX_TASKS_AT_SHUTDOWN);
      state = State.TERMINATED;
      // Catches tasks other threads added before they could see TERMINATED.
      runTasks(MAX_TASKS_AT_SHUTDOWN);
      if (!tasks.isEmpty()) {
        report(new IllegalStateException(
            "event loop " + name + " stopped with " + tasks.size() + " tasks still queued"));
        tasks.clear();
      }
      try {
        selector.close();
      } catch (IOException e) {
        report(e);
      }
    } finally {
      state = State.TERMINATED;
    }
  }

  private void awaitTermination() {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private RejectedExecutionException rejected() {
    return new RejectedExecutionException("event loop " + name + " has stopped");
  }

  private void log(Throwable failure) {
    LOG.log(Level.ERROR, "uncaught failure on event loop " + name, failure);
  }
}
