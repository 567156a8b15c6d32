package io.protomux.wakeup.adapters.nio;

import static io.protomux.wakeup.adapters.nio.Loops.TIMEOUT_SECONDS;
import static io.protomux.wakeup.adapters.nio.Loops.onLoop;
import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import io.protomux.wakeup.ports.transport.Listener;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 8, connections per listener: one too many is reset at once and counted; the rest go on. */
class ListenerLimitTest {
  private final NioTransport transport =
      new NioTransport(NioOptions.defaults().withMaxConnectionsPerListener(2));
  private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();

  @AfterEach
  void close() {
    transport.close();
  }

  @Test
  void theDefaultIsAThousandAndTwentyFour() {
    assertThat(NioOptions.defaults().maxConnectionsPerListener()).isEqualTo(1024);
    assertThat(transport.refusedConnections()).isZero();
  }

  @Test
  void aConnectionBeyondTheLimitIsClosedAtOnceAndCountedWhileTheOthersKeepWorking()
      throws Exception {
    Listener listener = transport.listen("127.0.0.1", 0, this::echo);
    try (Socket first = dial(listener);
        Socket second = dial(listener)) {
      Connection firstServerSide = accepted.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(accepted.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isNotNull();
      assertEchoes(first, 1);

      try (Socket third = dial(listener)) {
        assertThat(readEnd(third)).as("refused at once").isTrue();
      }
      assertThat(transport.refusedConnections()).isEqualTo(1);
      assertThat(accepted).as("the handler never saw it").isEmpty();
      assertEchoes(first, 2);
      assertEchoes(second, 3);

      // Once one of the two closes, a new connection is accepted again.
      onLoop(firstServerSide.eventLoop(), firstServerSide::close);
      assertThat(readEnd(first)).isTrue();
      waitFor(() -> transport.refusedConnections() == 1 && openConnections(listener) == 1);
      try (Socket fourth = dial(listener)) {
        assertThat(accepted.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        assertEchoes(fourth, 4);
        assertEchoes(second, 5);
      }
      assertThat(transport.refusedConnections()).isEqualTo(1);
    }
  }

  private static int openConnections(Listener listener) {
    return ((NioListener) listener).openConnections();
  }

  private void echo(Connection connection) {
    connection.setHandler(
        new ConnectionHandler() {
          @Override
          public void onData(ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            connection.write(ByteBuffer.wrap(copy));
          }

          @Override
          public void onWritable() {}

          @Override
          public void onEnd() {
            connection.close();
          }

          @Override
          public void onClose(Throwable cause) {}
        });
    accepted.add(connection);
  }

  private static Socket dial(Listener listener) throws IOException {
    Socket socket = new Socket("127.0.0.1", listener.port());
    socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    return socket;
  }

  private static void assertEchoes(Socket socket, int value) throws IOException {
    socket.getOutputStream().write(value);
    socket.getOutputStream().flush();
    assertThat(socket.getInputStream().read()).isEqualTo(value);
  }

  /**
   * Whether the server ended or reset the connection (rather than the read timing out). A refused
   * socket is reset (SO_LINGER 0), so the client sees either.
   */
  private static boolean readEnd(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      return in.read() == -1;
    } catch (SocketException reset) {
      return true;
    }
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in " + TIMEOUT_SECONDS + " s");
      }
      Thread.sleep(5);
    }
  }
}
