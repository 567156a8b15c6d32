package io.protomux.wakeup.cli;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The events {@code --exit-on} can wait for, by their name in the output. */
enum ExitEvent {
  PEER_ADD("peer-add"),
  PEER_REMOVE("peer-remove"),
  LOOKUP("lookup"),
  ANNOUNCE("announce");

  private final String eventName;

  ExitEvent(String eventName) {
    this.eventName = eventName;
  }

  /** The {@code "event"} value of the output line. */
  String eventName() {
    return eventName;
  }

  /** The event named {@code name}, or null. */
  static ExitEvent byName(String name) {
    for (ExitEvent event : values()) {
      if (event.eventName.equals(name)) {
        return event;
      }
    }
    return null;
  }

  /** The names, for messages. */
  static String names() {
    return Arrays.stream(values()).map(ExitEvent::eventName).collect(Collectors.joining(", "));
  }
}
