package io.protomux.wakeup.cli;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;
import java.util.Optional;

/**
 * One line of the command line's output: a JSON object whose first field is {@code "event"}.
 * Scripts read these lines, so fields are only ever added, at the end, never renamed or moved.
 */
final class Event {
  private final String name;
  private final Key32 topic;
  private final JsonObject fields = new JsonObject();

  private Event(String name, Key32 topic) {
    this.name = name;
    this.topic = topic;
    if (topic != null) {
      fields.string("topic", topic.toHex());
    }
  }

  static Event listening(String host, int port, Key32 publicKey) {
    Event event = new Event("listening", null);
    event.fields.string("host", host).number("port", port).string("publicKey", publicKey.toHex());
    return event;
  }

  /** A DHT server listening under the node's key pair. */
  static Event dhtListening(Key32 publicKey) {
    Event event = new Event("listening", null);
    event.fields.string("publicKey", publicKey.toHex());
    return event;
  }

  /** A DHT node serving at host:port, under its id (null while ephemeral). */
  static Event dhtNodeListening(String host, int port, String id) {
    Event event = new Event("listening", null);
    event.fields.string("host", host).number("port", port).string("id", id);
    return event;
  }

  /** A node entered ({@code table-add}) or left ({@code table-remove}) the routing table. */
  static Event tableChange(boolean added, String host, int port, String id) {
    Event event = new Event(added ? "table-add" : "table-remove", null);
    event.fields.string("host", host).number("port", port).string("id", id);
    return event;
  }

  /** A DHT topic announced (unless client-only) and flushed. */
  static Event joined(Key32 topic, Key32 publicKey) {
    Event event = new Event("joined", topic);
    event.fields.string("publicKey", publicKey.toHex());
    return event;
  }

  /** A DHT connection open, dialled ({@code initiator}) or accepted. */
  static Event connection(Key32 remotePublicKey, boolean initiator) {
    Event event = new Event("connection", null).remote(remotePublicKey);
    event.fields.bool("initiator", initiator);
    return event;
  }

  /** Where {@code --metrics-port} serves Prometheus text ({@code /metrics}). */
  static Event metrics(String host, int port) {
    Event event = new Event("metrics", null);
    event.fields.string("host", host).number("port", port);
    return event;
  }

  static Event peerAdd(Key32 topic, Key32 remotePublicKey) {
    return new Event("peer-add", topic).remote(remotePublicKey);
  }

  static Event peerRemove(Key32 topic, Key32 remotePublicKey) {
    return new Event("peer-remove", topic).remote(remotePublicKey);
  }

  static Event peerActive(Key32 topic, Key32 remotePublicKey) {
    return new Event("peer-active", topic).remote(remotePublicKey);
  }

  static Event peerInactive(Key32 topic, Key32 remotePublicKey) {
    return new Event("peer-inactive", topic).remote(remotePublicKey);
  }

  static Event lookup(Key32 topic, Optional<Key32> hash, Key32 remotePublicKey) {
    Event event = new Event("lookup", topic);
    event.fields.string("hash", hash.map(Key32::toHex).orElse(null));
    return event.remote(remotePublicKey);
  }

  static Event announce(Key32 topic, List<Wakeup> wakeups, Key32 remotePublicKey) {
    List<JsonObject> list =
        wakeups.stream()
            .map(w -> new JsonObject().string("key", w.key().toHex()).number("length", w.length()))
            .toList();
    Event event = new Event("announce", topic);
    event.fields.array("wakeups", list);
    return event.remote(remotePublicKey);
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
    JsonObject line = new JsonObject().string("event", name);
    if (node != null) {
      line.string("node", node);
    }
    return line.fields(fields).toJson();
  }

  @Override
  public String toString() {
    return toJson(null);
  }

  // Last, after the fields each event had before it was added.
  private Event remote(Key32 remotePublicKey) {
    fields.string("remotePublicKey", remotePublicKey.toHex());
    return this;
  }
}
