package io.protomux.wakeup.cli;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;

/**
 * A parsed, checked command line.
 *
 * @param port the port; 0 for any free one (listen)
 * @param discoveryKey the topic id of every session instead of the capabilities' own, or null
 * @param lookupHash the hash of the lookups {@code --lookup} sends, or null for none
 * @param seed the key pair's seed, or null for a random key pair
 * @param exitOn the event to exit on, or null to run until the connection or the time is over
 * @param timeoutMillis exit 1 after this long; 0 for never
 */
record CliOptions(
    Command command,
    String host,
    int port,
    List<Capability> capabilities,
    Key32 discoveryKey,
    List<Wakeup> announce,
    boolean inactive,
    boolean lookup,
    Key32 lookupHash,
    byte[] seed,
    ExitEvent exitOn,
    long timeoutMillis) {

  /** Every option, but the secrets ({@code --capability}, {@code --seed}) redacted. */
  @Override
  public String toString() {
    return "CliOptions[command="
        + command
        + ", host="
        + host
        + ", port="
        + port
        + ", capabilities="
        + capabilities
        + ", discoveryKey="
        + discoveryKey
        + ", announce="
        + announce
        + ", inactive="
        + inactive
        + ", lookup="
        + lookup
        + ", lookupHash="
        + lookupHash
        + ", seed="
        + (seed == null ? "random" : "<redacted>")
        + ", exitOn="
        + exitOn
        + ", timeoutMillis="
        + timeoutMillis
        + "]";
  }

  /** What the program does. */
  enum Command {
    LISTEN("listen"),
    CONNECT("connect"),
    DEMO("demo"),
    HELP("help");

    private final String word;

    Command(String word) {
      this.word = word;
    }

    String word() {
      return word;
    }
  }
}
