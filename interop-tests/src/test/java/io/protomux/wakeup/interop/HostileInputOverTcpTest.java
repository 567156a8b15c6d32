package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.noise.NoiseException;
import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.domain.stream.FrameTooLargeException;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamException;
import io.protomux.wakeup.ports.transport.Listener;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bad bytes from a raw TCP client destroy that one stream with a clear reason, while the NIO loop
 * and a well-behaved Node peer on the same listener keep being served.
 */
class HostileInputOverTcpTest {
  private final JavaPeer java = new JavaPeer();
  private NodePeer node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    java.close();
  }

  private Throwable closeCauseOfNextStream(byte[] hostileBytes, boolean halfClose) throws Exception {
    CompletableFuture<Throwable> cause = new CompletableFuture<>();
    Listener listener = java.listen(stream -> {
      Protomux.from(stream);
      stream.whenClosed(c -> cause.complete(c == null ? new AssertionError("closed without a cause") : c));
    });
    try (Socket socket = new Socket("127.0.0.1", listener.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(hostileBytes);
      out.flush();
      if (halfClose) {
        socket.shutdownOutput();
      }
      Throwable result = cause.get(20, TimeUnit.SECONDS);
      assertThat(java.onLoop(java.accept()::isClosed)).as("the hostile stream").isTrue();
      assertStillServing(listener);
      return result;
    } finally {
      listener.close();
    }
  }

  private void assertStillServing(Listener listener) throws Exception {
    node = NodePeer.start("echo-peer.js", "connect", "--port", String.valueOf(listener.port()));
    NoiseSecretStream healthy = java.accept();
    assertThat(node.await("handshake").get("remotePublicKey").asText()).isNotEmpty();
    // The Node side (initiator) is done at its last message; ours only once that arrives.
    CompletableFuture<Boolean> opened = new CompletableFuture<>();
    java.loop.execute(() -> healthy.whenOpen(() -> opened.complete(healthy.isOpen())));
    assertThat(opened.get(20, TimeUnit.SECONDS)).isTrue();
    node.close();
    node = null;
  }

  @Test
  void aHandshakeMessageOfGarbageFailsTheHandshake() throws Exception {
    byte[] frame = new byte[3 + 32];
    frame[0] = 32;
    // 32 bytes of zeros: the all-zero point, refused as a small-order key at the first DH.
    Throwable cause = closeCauseOfNextStream(frame, false);
    assertThat(cause).isInstanceOf(NoiseException.class).hasMessageContaining("remote key refused");
  }

  @Test
  void aHugeFrameCutShortIsRefused() throws Exception {
    // Under the default limit (the wire's own) a 16 MiB claim is legal until the body stops
    // short; the frame limit itself is covered on the in-memory transport.
    Throwable cause = closeCauseOfNextStream(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3}, true);
    assertThat(cause).isInstanceOf(SecretStreamException.class).hasMessageContaining("during the handshake");
  }

  @Test
  void randomBytesDestroyOnlyThatStream() throws Exception {
    byte[] noise = new byte[4096];
    new Random(2).nextBytes(noise);
    noise[0] = 40; // a 40-byte first frame: a short handshake message that cannot authenticate
    noise[1] = 0;
    noise[2] = 0;
    Throwable cause = closeCauseOfNextStream(noise, false);
    assertThat(cause).isInstanceOfAny(NoiseException.class, SecretStreamException.class, FrameTooLargeException.class);
    assertThat(cause.getMessage()).isNotBlank();
  }

  @Test
  void aTextProtocolSpokenAtUsIsRefused() throws Exception {
    Throwable cause = closeCauseOfNextStream("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), true);
    assertThat(cause).isNotNull();
    assertThat(cause.getMessage()).isNotBlank();
  }
}
