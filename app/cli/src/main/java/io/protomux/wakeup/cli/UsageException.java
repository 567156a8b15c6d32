package io.protomux.wakeup.cli;

/** A command line the program cannot run: its message is the one line the user sees. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
