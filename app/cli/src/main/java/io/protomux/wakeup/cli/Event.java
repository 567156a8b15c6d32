package io.protomux.wakeup.cli;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One line of the command line's output: a JSON object whose first field is {@code "event"}. */
final class Event {
  private final String name;
  private final Key32 topic;
  private final List<String[]> fields = new ArrayList<>();

  private Event(String name, Key32 topic) {
    this.name = name;
    this.topic = topic;
    if (topic != null) {
      fields.add(new String[] {"topic", string(topic.toHex())});
    }
  }

  static Event listening(String host, int port, Key32 publicKey) {
    return new Event("listening", null)
        .with("host", string(host))
        .with("port", Integer.toString(port))
        .with("publicKey", string(publicKey.toHex()));
  }

  static Event peerAdd(Key32 topic, Key32 remotePublicKey) {
    return new Event("peer-add", topic).with("remotePublicKey", string(remotePublicKey.toHex()));
  }

  static Event peerRemove(Key32 topic) {
    return new Event("peer-remove", topic);
  }

  static Event peerActive(Key32 topic) {
    return new Event("peer-active", topic);
  }

  static Event peerInactive(Key32 topic) {
    return new Event("peer-inactive", topic);
  }

  static Event lookup(Key32 topic, Optional<Key32> hash) {
    return new Event("lookup", topic)
        .with("hash", hash.map(h -> string(h.toHex())).orElse("null"));
  }

  static Event announce(Key32 topic, List<Wakeup> wakeups) {
    StringBuilder array = new StringBuilder("[");
    for (Wakeup wakeup : wakeups) {
      if (array.length() > 1) {
        array.append(',');
      }
      array
          .append("{\"key\":")
          .append(string(wakeup.key().toHex()))
          .append(",\"length\":")
          .append(wakeup.length())
          .append('}');
    }
    return new Event("announce", topic).with("wakeups", array.append(']').toString());
  }

  /** A remote opened a topic this node has no session for. */
  static Event wakeup(Key32 topic) {
    return new Event("wakeup", topic);
  }

  /** The {@code "event"} value. */
  String name() {
    return name;
  }

  /** The topic the event happened on, or null for one that has none. */
  Key32 topic() {
    return topic;
  }

  /** The JSON line, with a {@code "node"} field after the event name when {@code node} is set. */
  String toJson(String node) {
    StringBuilder json = new StringBuilder("{\"event\":").append(string(name));
    if (node != null) {
      json.append(",\"node\":").append(string(node));
    }
    for (String[] field : fields) {
      json.append(',').append(string(field[0])).append(':').append(field[1]);
    }
    return json.append('}').toString();
  }

  @Override
  public String toString() {
    return toJson(null);
  }

  private Event with(String field, String json) {
    fields.add(new String[] {field, json});
    return this;
  }

  /** A JSON string literal. */
  static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
