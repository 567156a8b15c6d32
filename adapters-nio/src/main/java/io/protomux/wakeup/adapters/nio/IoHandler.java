package io.protomux.wakeup.adapters.nio;

/** What a {@link NioEventLoop} calls for one registered channel; always on the loop's thread. */
interface IoHandler {
  /** The channel is ready for some of its interest operations ({@code SelectionKey.OP_*}). */
  void onReady(int readyOps);

  /**
   * Closes the channel at once: the loop is shutting down (cause null) or {@link #onReady} threw
   * something unexpected (the cause).
   */
  void abort(Throwable cause);
}
