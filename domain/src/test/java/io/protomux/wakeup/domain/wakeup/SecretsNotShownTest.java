package io.protomux.wakeup.domain.wakeup;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.inmemory.Link;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.noise.NoiseHandshake;
import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, security: secret keys, capabilities and handshake keys never show up in {@code
 * toString} or in the logs.
 */
class SecretsNotShownTest {
  private static final byte[] SEED = Peers.filled("theseedofthenode");
  private static final Capability CAP = Peers.capability("stuffimcapableof");

  private final Peers peers = new Peers(85);
  private final List<LogRecord> records = new ArrayList<>();
  private final Logger root = Logger.getLogger("io.protomux.wakeup");
  private final Level rootLevel = root.getLevel();
  private final boolean rootUsesParents = root.getUseParentHandlers();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @AfterEach
  void restoreLogging() {
    root.removeHandler(capture);
    root.setLevel(rootLevel);
    root.setUseParentHandlers(rootUsesParents);
  }

  /** Every spelling of the secret a careless {@code toString} or log line might use. */
  private static List<String> spellings(byte[] secret) {
    HexFormat hex = HexFormat.of();
    return List.of(
        hex.formatHex(secret),
        hex.formatHex(secret).toUpperCase(Locale.ROOT),
        Arrays.toString(secret),
        Base64.getEncoder().encodeToString(secret),
        Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
        // A 32-byte secret read as text (the test secrets are ASCII): a new String(bytes).
        new String(secret, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  private static void assertShowsNone(String text, List<byte[]> secrets) {
    for (byte[] secret : secrets) {
      for (String spelling : spellings(secret)) {
        assertThat(text).doesNotContain(spelling);
      }
    }
  }

  @Test
  void noToStringShowsASecret() {
    KeyPair keyPair = peers.crypto.keyPair(SEED);
    List<byte[]> secrets = List.of(SEED, keyPair.secretKey(), CAP.bytes());

    WakeupSwarm swarm = peers.swarm().build();
    WakeupSwarm other = peers.swarm().build();
    WakeupSession session = swarm.session(CAP, new Recorder("a"));
    WakeupSession otherSession = other.session(CAP, new Recorder("b"));
    Link link = peers.network.pair();
    NoiseSecretStream stream =
        new NoiseSecretStream(
            peers.crypto, true, keyPair, link.initiator(), StreamOptions.PUBLIC_NODE, m -> {});
    NoiseSecretStream remote = peers.streamOn(link, false, StreamOptions.DEFAULTS);
    stream.start();
    swarm.addStream(stream);
    other.addStream(remote);
    peers.loop.runFor(1_000);
    WakeupPeer peer = session.getPeer(stream);
    assertThat(peer).isNotNull();
    assertThat(peer.isPending()).isFalse();

    NoiseHandshake initiator = new NoiseHandshake(peers.crypto, true, keyPair);
    NoiseHandshake responder = new NoiseHandshake(peers.crypto, false, peers.crypto.keyPair());
    responder.receive(initiator.send());
    initiator.receive(responder.send());
    responder.receive(initiator.send());
    var result = initiator.result();

    List<Object> shown =
        List.of(
            keyPair,
            CAP,
            result,
            stream,
            remote,
            session,
            otherSession,
            peer,
            swarm.topics().get(0),
            swarm.stats(),
            StreamOptions.PUBLIC_NODE,
            Protomux.from(stream).options());
    List<byte[]> all = new ArrayList<>(secrets);
    all.add(result.tx());
    all.add(result.rx());
    for (Object object : shown) {
      assertShowsNone(String.valueOf(object), all);
    }
    assertThat(CAP.toString()).isEqualTo("Capability[<redacted>]");
    assertThat(keyPair.toString()).contains("<redacted>");
    assertThat(result.toString()).contains("<redacted>");
    assertThat(stream.toString()).startsWith("NoiseSecretStream[initiator, open");
  }

  @Test
  void theLogsOfABusySwarmShowNoSecret() {
    root.setLevel(Level.ALL);
    root.setUseParentHandlers(false); // captured, not printed
    root.addHandler(capture);
    capture.setLevel(Level.ALL);

    KeyPair keyPair = peers.crypto.keyPair(SEED);
    Capability other = Peers.capability("anothersecretcap");
    WakeupSwarm victim = peers.swarm().maxWakeupsPerAnnounce(1).build();
    // A handler that fails: its failure is logged, with the stack trace.
    victim.session(
        CAP,
        new Recorder("v") {
          @Override
          public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
            throw new IllegalStateException("the host's handler failed");
          }
        });
    victim.session(other, new Recorder("v2"));
    WakeupSwarm remote = peers.swarm().build();
    WakeupSession remoteSession = remote.session(CAP, new Recorder("r"));
    Link link = peers.network.pair();
    NoiseSecretStream victimEnd =
        new NoiseSecretStream(peers.crypto, false, keyPair, link.responder(), StreamOptions.PUBLIC_NODE, m -> {});
    victimEnd.start();
    NoiseSecretStream remoteEnd = peers.streamOn(link, true, StreamOptions.DEFAULTS);
    victim.addStream(victimEnd);
    remote.addStream(remoteEnd);
    peers.loop.runFor(1_000);
    // Then an announce over the limit: the stream is closed, and that is logged too.
    remoteSession.announceByStream(
        remoteEnd,
        List.of(new Wakeup(Key32.of(CAP.bytes()), 1), new Wakeup(Key32.of(SEED), 2)));
    peers.loop.runFor(1_000);
    assertThat(victimEnd.isClosed()).isTrue();

    List<String> lines = new ArrayList<>();
    SimpleFormatter formatter = new SimpleFormatter();
    for (LogRecord record : records) {
      StringBuilder line = new StringBuilder(formatter.formatMessage(record));
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        line.append('\n').append(trace);
      }
      lines.add(line.toString());
    }
    assertThat(lines).as("the scenario was logged").anyMatch(l -> l.contains("wakeup handler failed"));
    assertThat(lines).anyMatch(l -> l.contains("maxWakeupsPerAnnounce=1"));
    for (String line : lines) {
      assertShowsNone(line, List.of(SEED, keyPair.secretKey(), CAP.bytes(), other.bytes()));
    }
  }
}
