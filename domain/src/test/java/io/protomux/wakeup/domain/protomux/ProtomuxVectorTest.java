package io.protomux.wakeup.domain.protomux;

import static io.protomux.wakeup.testvectors.Vectors.hex;
import static io.protomux.wakeup.testvectors.Vectors.toHex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.wakeup.messages.Announce;
import io.protomux.wakeup.domain.wakeup.messages.Handshake;
import io.protomux.wakeup.domain.wakeup.messages.Info;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.domain.wakeup.messages.WakeupMessages;
import io.protomux.wakeup.testvectors.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replays the scenario of protomux-frames.json and compares every frame and callback. */
class ProtomuxVectorTest {
  private static final JsonNode SCENARIO = Vectors.load("protomux-frames.json").get("scenario");

  private final LinkedStreams link = new LinkedStreams();
  private final List<String> eventsA = new ArrayList<>();
  private final List<String> eventsB = new ArrayList<>();

  @Test
  void framesAndCallbacksMatchTheReference() {
    Protomux a = new Protomux(link.a, link.scheduler);
    Protomux b = new Protomux(link.b, link.scheduler);
    link.a.mux = a;
    link.b.mux = b;

    JsonNode events = SCENARIO.get("events");
    byte[] topic = hex(find(events, "b", "paired").asText());
    Handshake handshakeA = handshake(find(events, "b", "opened"));
    Handshake handshakeB = handshake(find(events, "a", "opened"));

    b.pair(WakeupMessages.PROTOCOL, null, id -> {
      eventsB.add("paired " + toHex(id));
      Channel<Handshake> channel = b.createChannel(wakeupChannel(id, eventsB));
      channel.open(handshakeB);
    });

    Channel<Handshake> channelA = a.createChannel(wakeupChannel(topic, eventsA));
    channelA.open(handshakeA);
    link.scheduler.runUntilIdle();

    @SuppressWarnings("unchecked")
    Message<Lookup> lookup = (Message<Lookup>) channelA.messages().get(0);
    @SuppressWarnings("unchecked")
    Message<Announce> announce = (Message<Announce>) channelA.messages().get(1);
    @SuppressWarnings("unchecked")
    Message<Info> info = (Message<Info>) channelA.messages().get(2);

    lookup.send(Lookup.withoutHash());
    channelA.cork();
    announce.send(Announce.of(new Wakeup(Key32.of(hex("6465616462656566646561646265656664656164626565666465616462656566")), 1)));
    info.send(new Info(false));
    channelA.uncork();
    link.scheduler.runUntilIdle();
    channelA.close();
    link.scheduler.runUntilIdle();

    Channel<Void> other =
        a.createChannel(
            ChannelOptions.<Void>builder("other")
                .onClose((isRemote, ch) -> eventsA.add("otherClosed " + isRemote))
                .build());
    other.open(null);
    link.scheduler.runUntilIdle();

    assertThat(hexAll(link.a.written)).containsExactlyElementsOf(texts(SCENARIO.get("aFrames")));
    assertThat(hexAll(link.b.written)).containsExactlyElementsOf(texts(SCENARIO.get("bFrames")));
    assertThat(eventsA).containsExactlyElementsOf(expectedEvents(events, "a"));
    assertThat(eventsB).containsExactlyElementsOf(expectedEvents(events, "b"));
  }

  private static ChannelOptions<Handshake> wakeupChannel(byte[] id, List<String> events) {
    return ChannelOptions.<Handshake>builder(WakeupMessages.PROTOCOL)
        .id(id)
        .handshake(WakeupMessages.HANDSHAKE)
        .message(WakeupMessages.LOOKUP, (req, ch) -> events.add("lookup " + req.hash().map(Key32::toHex).orElse(null)))
        .message(WakeupMessages.ANNOUNCE, (ann, ch) -> events.add("announce " + describe(ann)))
        .message(WakeupMessages.INFO, (inf, ch) -> events.add("info " + inf.active()))
        .onOpen((hs, ch) -> events.add("opened " + hs.version() + " " + hs.capability().toHex() + " " + hs.active()))
        .onClose((isRemote, ch) -> events.add("closed " + isRemote))
        .build();
  }

  private static String describe(Announce announce) {
    StringBuilder out = new StringBuilder();
    for (Wakeup w : announce.wakeups()) {
      out.append(w.key().toHex()).append(':').append(w.length()).append(' ');
    }
    return out.toString().trim();
  }

  private static List<String> expectedEvents(JsonNode events, String side) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : events) {
      if (!e.get("side").asText().equals(side)) {
        continue;
      }
      if (e.has("paired")) {
        out.add("paired " + e.get("paired").asText());
      } else if (e.has("opened")) {
        JsonNode o = e.get("opened");
        out.add("opened " + o.get("version").asLong() + " " + o.get("capability").asText() + " " + o.get("active").asBoolean());
      } else if (e.has("lookup")) {
        JsonNode hash = e.get("lookup").get("hash");
        out.add("lookup " + (hash.isNull() ? null : hash.asText()));
      } else if (e.has("announce")) {
        StringBuilder s = new StringBuilder();
        for (JsonNode w : e.get("announce")) {
          s.append(w.get("key").asText()).append(':').append(w.get("length").asLong()).append(' ');
        }
        out.add("announce " + s.toString().trim());
      } else if (e.has("info")) {
        out.add("info " + e.get("info").get("active").asBoolean());
      } else if (e.has("closed")) {
        out.add("closed " + e.get("closed").get("isRemote").asBoolean());
      } else if (e.has("otherClosed")) {
        out.add("otherClosed " + e.get("otherClosed").get("isRemote").asBoolean());
      } else {
        throw new AssertionError("unknown event in vector: " + e);
      }
    }
    assertThat(out).as("events of side %s", side).isNotEmpty();
    return out;
  }

  private static JsonNode find(JsonNode events, String side, String field) {
    for (JsonNode e : events) {
      if (e.get("side").asText().equals(side) && e.has(field)) {
        return e.get(field);
      }
    }
    throw new AssertionError("vector has no " + field + " event for side " + side);
  }

  private static Handshake handshake(JsonNode opened) {
    return new Handshake(
        opened.get("version").asLong(),
        Key32.of(hex(opened.get("capability"))),
        opened.get("active").asBoolean());
  }

  private static List<String> hexAll(List<byte[]> frames) {
    return frames.stream().map(io.protomux.wakeup.testvectors.Vectors::toHex).toList();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
