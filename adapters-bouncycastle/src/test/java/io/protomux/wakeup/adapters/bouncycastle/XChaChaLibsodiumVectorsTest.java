package io.protomux.wakeup.adapters.bouncycastle;

import static io.protomux.wakeup.testvectors.Vectors.hex;
import static io.protomux.wakeup.testvectors.Vectors.toHex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.protomux.wakeup.ports.crypto.SecretStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks against vectors made with native libsodium (see {@code extra/secretstream-libsodium.js}):
 * mixed tags, explicit rekeys, and the counter wrap that only a test hook can reach.
 */
class XChaChaLibsodiumVectorsTest {
  private static final JsonNode VECTORS = load("/extra/secretstream-libsodium.json");
  private static final XChaChaSecretStream STREAM =
      new XChaChaSecretStream(RandomSources.seeded(1));

  @Test
  void coversTheIntendedCases() {
    List<String> names = new ArrayList<>();
    VECTORS.get("cases").forEach(c -> names.add(c.get("name").asText()));
    assertThat(names)
        .contains(
            "mixed tags",
            "explicit rekey",
            "counter wrap",
            "counter wrap with a rekey tag just before it");
    assertThat(VECTORS.get("note").asText()).contains("sodium-native");
  }

  @Test
  void pushesWhatLibsodiumPushes() {
    for (JsonNode c : VECTORS.get("cases")) {
      XChaChaPush push =
          (XChaChaPush) STREAM.initPush(hex(c.get("key")), hex(c.get("header")));
      startAt(push.state(), c);
      int step = 0;
      for (JsonNode s : c.get("steps")) {
        if (s.get("op").asText().equals("rekey")) {
          push.state().rekey();
        } else {
          byte[] out = push.push(hex(s.get("plaintext")), s.get("tag").asInt());
          assertThat(toHex(out))
              .as("%s, step %d", c.get("name").asText(), step)
              .isEqualTo(s.get("ciphertext").asText());
        }
        step++;
      }
    }
  }

  @Test
  void pullsWhatLibsodiumPushes() {
    for (JsonNode c : VECTORS.get("cases")) {
      XChaChaPull pull = (XChaChaPull) STREAM.initPull(hex(c.get("key")), hex(c.get("header")));
      startAt(pull.state(), c);
      int step = 0;
      for (JsonNode s : c.get("steps")) {
        if (s.get("op").asText().equals("rekey")) {
          pull.state().rekey();
        } else {
          byte[] ciphertext = hex(s.get("ciphertext"));
          byte[] out = new byte[ciphertext.length - SecretStream.ABYTES];
          int tag = pull.pull(ciphertext, 0, ciphertext.length, out, 0);
          String where = c.get("name").asText() + ", step " + step;
          assertThat(tag).as(where).isEqualTo(s.get("tag").asInt());
          assertThat(toHex(out)).as(where).isEqualTo(s.get("plaintext").asText());
        }
        step++;
      }
    }
  }

  @Test
  void counterWrapRekeysAndRestartsAtOne() {
    byte[] key = new byte[SecretStream.KEY_BYTES];
    byte[] header = new byte[SecretStream.HEADER_BYTES];
    XChaChaPush push = (XChaChaPush) STREAM.initPush(key, header);
    XChaChaPull pull = (XChaChaPull) STREAM.initPull(key, header);
    push.state().setCounter(0xfffffff0);
    pull.state().setCounter(0xfffffff0);
    Random random = new Random(46);

    for (int i = 0; i < 40; i++) {
      byte[] message = new byte[random.nextInt(200)];
      random.nextBytes(message);
      byte[] ciphertext = push.push(message, SecretStream.TAG_MESSAGE);
      byte[] out = new byte[message.length];
      pull.pull(ciphertext, 0, ciphertext.length, out, 0);
      assertThat(out).isEqualTo(message);
      int expectedCounter = i < 15 ? 0xfffffff0 + i + 1 : i - 15 + 1;
      assertThat(push.state().counter()).as("after message %d", i).isEqualTo(expectedCounter);
      assertThat(pull.state().counter()).isEqualTo(expectedCounter);
    }
  }

  private static void startAt(XChaChaStreamState state, JsonNode c) {
    JsonNode counter = c.get("startCounter");
    if (!counter.isNull()) {
      state.setCounter((int) counter.asLong());
    }
  }

  private static JsonNode load(String resource) {
    try (InputStream in = XChaChaLibsodiumVectorsTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + resource, e);
    }
  }
}
