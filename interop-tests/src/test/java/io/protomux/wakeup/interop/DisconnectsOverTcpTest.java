package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.nio.NioOptions;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.protomux.Protomux;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamException;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.ports.loop.EventLoop;
import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import io.protomux.wakeup.ports.transport.Listener;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Remotes that go away mid-handshake, mid-frame and mid-batch, or claim a huge frame and stall:
 * the server stream closes with a clear cause, its peers are removed, and a healthy connection to
 * the same listener is still served.
 */
class DisconnectsOverTcpTest {
  private final Random random = new Random(9);
  private final List<JavaPeer> peers = new ArrayList<>();
  private final Capability cap = Capability.of(bytes(32));
  private final List<Wakeup> reply = List.of(new Wakeup(Key32.of(bytes(32)), 3));
  private final LinkedBlockingQueue<Throwable> serverCloses = new LinkedBlockingQueue<>();
  private JavaWakeup serverWakeup;
  private Listener listener;

  @AfterEach
  void stop() {
    peers.forEach(JavaPeer::close);
  }

  private JavaPeer peer(StreamOptions options) {
    JavaPeer peer = new JavaPeer(NioOptions.defaults(), options);
    peers.add(peer);
    return peer;
  }

  private void startServer(StreamOptions options) {
    JavaPeer server = peer(options);
    serverWakeup = new JavaWakeup(server);
    serverWakeup.session(cap, SessionOptions.DEFAULTS, reply);
    listener = server.listen(stream -> {
      serverWakeup.swarm.addStream(stream);
      stream.whenClosed(c -> serverCloses.add(c == null ? new AssertionError("closed without a cause") : c));
    });
  }

  private Throwable nextServerClose() throws InterruptedException {
    Throwable cause = serverCloses.poll(20, TimeUnit.SECONDS);
    assertThat(cause).as("a server stream closed").isNotNull();
    assertThat(cause.getMessage()).isNotBlank();
    return cause;
  }

  /** A client whose connection can be cut after part of its next write. */
  private final class CutClient {
    final JavaPeer peer = peer(StreamOptions.DEFAULTS);
    final JavaWakeup wakeup = new JavaWakeup(peer);
    final WakeupSession session = wakeup.session(cap, SessionOptions.DEFAULTS, List.of());
    Cutting connection;
    NoiseSecretStream stream;

    CutClient connect() throws Exception {
      stream = peer.transport.dial("127.0.0.1", listener.port())
          .thenApplyAsync(c -> peer.start(true, connection = new Cutting(c), wakeup.swarm::addStream), peer.loop)
          .get(20, TimeUnit.SECONDS);
      wakeup.await("add ");
      serverWakeup.await("add ");
      return this;
    }
  }

  private void assertStillServing() throws Exception {
    CutClient healthy = new CutClient().connect();
    healthy.peer.onLoop(() -> {
      healthy.session.broadcastLookup(Lookup.withoutHash());
      return null;
    });
    assertThat(healthy.wakeup.await("announce ")).contains(JavaWakeup.describe(reply));
  }

  @Test
  void aRemoteThatLeavesMidHandshake() throws Exception {
    startServer(StreamOptions.DEFAULTS);
    byte[] first = recordFirstHandshakeMessage();
    try (Socket socket = new Socket("127.0.0.1", listener.port())) {
      socket.getOutputStream().write(Arrays.copyOf(first, first.length / 2));
      socket.getOutputStream().flush();
    }
    Throwable cause = nextServerClose();
    assertThat(cause).isInstanceOf(SecretStreamException.class).hasMessageContaining("during the handshake");
    assertStillServing();
  }

  @Test
  void aRemoteThatLeavesMidFrame() throws Exception {
    startServer(StreamOptions.DEFAULTS);
    CutClient client = new CutClient().connect();
    client.peer.onLoop(() -> {
      client.connection.cutNextWrite = true;
      client.session.broadcastLookup(Lookup.withoutHash());
      return null;
    });
    Throwable cause = nextServerClose();
    assertThat(cause).isInstanceOf(SecretStreamException.class).hasMessageContaining("in the middle of a frame");
    assertThat(client.connection.cutAt).isPositive();
    serverWakeup.await("remove ");
    assertStillServing();
  }

  @Test
  void aRemoteThatLeavesMidBatch() throws Exception {
    startServer(StreamOptions.DEFAULTS);
    CutClient client = new CutClient().connect();
    client.peer.onLoop(() -> {
      Protomux mux = Protomux.from(client.stream);
      mux.cork();
      for (int i = 0; i < 8; i++) {
        client.session.broadcastLookup(Lookup.of(Key32.of(bytes(32))));
      }
      client.connection.cutNextWrite = true;
      mux.uncork();
      return null;
    });
    Throwable cause = nextServerClose();
    assertThat(cause).isInstanceOf(SecretStreamException.class).hasMessageContaining("in the middle of a frame");
    // The batch of 8 lookups was one frame: it was cut, so none of them reached the handlers.
    assertThat(client.connection.cutAt).isGreaterThan(8 * 32 / 2);
    serverWakeup.await("remove ");
    assertThat(serverWakeup.skipped).noneMatch(line -> line.startsWith("lookup "));
    assertStillServing();
    assertThat(serverWakeup.skipped).noneMatch(line -> line.startsWith("lookup ") && !line.endsWith("null"));
  }

  @Test
  void aPublicNodeRefusesA16MiBClaimAtTheHeaderBeforeTheHandshake() throws Exception {
    startServer(StreamOptions.PUBLIC_NODE);
    try (Socket socket = new Socket("127.0.0.1", listener.port())) {
      socket.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
      socket.getOutputStream().flush();
      // ...and stalls, the socket still open.
      Throwable cause = nextServerClose();
      assertThat(Limit.of(cause)).as("cause %s", cause).isIn(Limit.FRAME_SIZE, Limit.HANDSHAKE_TIMEOUT);
      assertThat(Limit.of(cause)).as("cause %s", cause).isEqualTo(Limit.FRAME_SIZE);
      assertThat(socket.getInputStream().read()).as("the server closed its end").isEqualTo(-1);
    }
    assertStillServing();
  }

  @Test
  void aPublicNodeRefusesA16MiBClaimAtTheHeaderAfterTheHandshake() throws Exception {
    startServer(StreamOptions.PUBLIC_NODE);
    CutClient client = new CutClient().connect();
    client.peer.onLoop(() -> client.connection.delegate.write(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff})));
    Throwable cause = nextServerClose();
    assertThat(Limit.of(cause)).as("cause %s", cause).isEqualTo(Limit.FRAME_SIZE);
    serverWakeup.await("remove ");
    assertStillServing();
  }

  @Test
  void aPublicNodeTimesOutARemoteThatStallsInTheHandshake() throws Exception {
    startServer(StreamOptions.PUBLIC_NODE.withHandshakeTimeoutMillis(300));
    byte[] first = recordFirstHandshakeMessage();
    try (Socket socket = new Socket("127.0.0.1", listener.port())) {
      socket.getOutputStream().write(Arrays.copyOf(first, first.length / 2));
      socket.getOutputStream().flush();
      Throwable cause = nextServerClose();
      assertThat(Limit.of(cause)).as("cause %s", cause).isEqualTo(Limit.HANDSHAKE_TIMEOUT);
    }
    assertStillServing();
  }

  @Test
  void aPublicNodeTimesOutARemoteThatStallsMidFrame() throws Exception {
    startServer(StreamOptions.PUBLIC_NODE.withTimeoutMillis(500));
    CutClient client = new CutClient().connect();
    // A frame header claiming 100 bytes, 3 of them, then nothing (the client sends no keep-alives).
    client.peer.onLoop(() -> client.connection.delegate.write(ByteBuffer.wrap(new byte[] {100, 0, 0, 1, 2, 3})));
    Throwable cause = nextServerClose();
    assertThat(Limit.of(cause)).as("cause %s", cause).isEqualTo(Limit.IDLE_TIMEOUT);
    serverWakeup.await("remove ");
  }

  /** The first bytes a real initiator sends: its first handshake frame, read off a raw server. */
  private byte[] recordFirstHandshakeMessage() throws Exception {
    JavaPeer initiator = peer(StreamOptions.DEFAULTS);
    try (ServerSocket raw = new ServerSocket(0)) {
      CompletableFuture<NoiseSecretStream> dialed = initiator.dial(raw.getLocalPort(), stream -> {});
      try (Socket accepted = raw.accept()) {
        InputStream in = accepted.getInputStream();
        byte[] header = in.readNBytes(3);
        int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
        byte[] body = in.readNBytes(length);
        assertThat(body).hasSize(length);
        byte[] frame = Arrays.copyOf(header, 3 + length);
        System.arraycopy(body, 0, frame, 3, length);
        dialed.get(20, TimeUnit.SECONDS);
        return frame;
      }
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Forwards everything; once armed, writes only half of the next write and closes. */
  static final class Cutting implements Connection {
    final Connection delegate;
    boolean cutNextWrite;
    int cutAt = -1;

    Cutting(Connection delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean write(ByteBuffer bytes) {
      if (cutAt >= 0) {
        return false; // already cut: the rest is dropped, as on a dead link
      }
      if (!cutNextWrite) {
        return delegate.write(bytes);
      }
      cutNextWrite = false;
      cutAt = bytes.remaining() / 2;
      delegate.write(bytes.slice(bytes.position(), cutAt));
      delegate.shutdownOutput();
      return false;
    }

    @Override
    public EventLoop eventLoop() {
      return delegate.eventLoop();
    }

    @Override
    public void setHandler(ConnectionHandler handler) {
      delegate.setHandler(handler);
    }

    @Override
    public void pauseReading() {
      delegate.pauseReading();
    }

    @Override
    public void resumeReading() {
      delegate.resumeReading();
    }

    @Override
    public void shutdownOutput() {
      delegate.shutdownOutput();
    }

    @Override
    public void close() {
      delegate.close();
    }

    @Override
    public boolean isOpen() {
      return delegate.isOpen();
    }

    @Override
    public String remoteDescription() {
      return delegate.remoteDescription();
    }
  }
}
