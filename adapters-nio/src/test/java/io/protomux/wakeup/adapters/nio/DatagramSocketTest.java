package io.protomux.wakeup.adapters.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.ports.datagram.DatagramHandler;
import io.protomux.wakeup.ports.datagram.DatagramSocket;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UDP on the selector loop, over loopback: both address families, sources, failures, the size
 * limits and the socket buffers. The send queue has its own test, {@link DatagramBackpressureTest}.
 */
class DatagramSocketTest {
  private final NioEventLoop loop = new NioEventLoop("datagram-test");
  private final NioDatagrams datagrams = new NioDatagrams(loop);

  @AfterEach
  void stop() {
    loop.close();
  }

  /** Received datagrams as "text from host:port", copied out of the loop's buffer. */
  private static final class Inbox implements DatagramHandler {
    final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    @Override
    public void onDatagram(ByteBuffer datagram, InetSocketAddress source) {
      received.add(StandardCharsets.UTF_8.decode(datagram) + " from " + source.getPort());
    }

    @Override
    public void onClose(Throwable cause) {
      closed.complete(cause);
    }

    String next() throws InterruptedException {
      String line = received.poll(20, TimeUnit.SECONDS);
      assertThat(line).as("a datagram within 20 s").isNotNull();
      return line;
    }
  }

  private <T> T onLoop(Supplier<T> task) throws Exception {
    return loop.submit(task).get(20, TimeUnit.SECONDS);
  }

  private static ByteBuffer text(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private void exchange(String host) throws Exception {
    DatagramSocket a = datagrams.bind(host, 0);
    DatagramSocket b = datagrams.bind(host, 0);
    assertThat(a.localAddress().getPort()).isPositive();
    Inbox atA = new Inbox();
    Inbox atB = new Inbox();
    InetSocketAddress toB = new InetSocketAddress(host, b.localAddress().getPort());
    InetSocketAddress toA = new InetSocketAddress(host, a.localAddress().getPort());
    onLoop(() -> {
      a.setHandler(atA);
      b.setHandler(atB);
      return a.send(text("ping"), toB);
    });
    assertThat(atB.next()).isEqualTo("ping from " + toA.getPort());
    assertThat(onLoop(() -> b.send(text("pong"), toA))).isTrue();
    assertThat(onLoop(a::isWritable)).isTrue();
    assertThat(atA.next()).isEqualTo("pong from " + toB.getPort());
    onLoop(() -> {
      a.close();
      a.close();
      return null;
    });
    assertThat(atA.closed.get(20, TimeUnit.SECONDS)).isNull();
    assertThat(onLoop(() -> a.send(text("late"), toB))).isFalse();
    assertThat(onLoop(a::isWritable)).as("a closed socket is not writable").isFalse();
    assertThat(a.isOpen()).isFalse();
    assertThat(b.isOpen()).isTrue();
  }

  @Test
  void ipv4SocketsExchangeDatagramsAndSeeTheirSources() throws Exception {
    exchange("127.0.0.1");
  }

  @Test
  void ipv6SocketsExchangeDatagramsAndSeeTheirSources() throws Exception {
    exchange("::1");
  }

  @Test
  void aDualStackSocketHearsIpv4() throws Exception {
    DatagramSocket dual = datagrams.bind("::", 0);
    DatagramSocket v4 = datagrams.bind("127.0.0.1", 0);
    Inbox inbox = new Inbox();
    onLoop(() -> {
      dual.setHandler(inbox);
      return v4.send(text("hello"), new InetSocketAddress("127.0.0.1", dual.localAddress().getPort()));
    });
    assertThat(inbox.next()).isEqualTo("hello from " + v4.localAddress().getPort());
  }

  @Test
  void aHandlerThatThrowsCostsOnlyItsDatagram() throws Exception {
    DatagramSocket a = datagrams.bind("127.0.0.1", 0);
    DatagramSocket b = datagrams.bind("127.0.0.1", 0);
    Inbox inbox = new Inbox();
    InetSocketAddress toB = new InetSocketAddress("127.0.0.1", b.localAddress().getPort());
    onLoop(() -> {
      b.setHandler(
          new DatagramHandler() {
            @Override
            public void onDatagram(ByteBuffer datagram, InetSocketAddress source) {
              if (datagram.get(datagram.position()) == 'x') {
                throw new IllegalStateException("bad datagram");
              }
              inbox.onDatagram(datagram, source);
            }
          });
      a.send(text("x-bad"), toB);
      return a.send(text("good"), toB);
    });
    assertThat(inbox.next()).startsWith("good");
    assertThat(b.isOpen()).isTrue();
  }

  @Test
  void theBiggestDatagramArrivesWholeWhenTheLimitsAllowIt() throws Exception {
    NioDatagrams big = new NioDatagrams(loop, NioDatagramOptions.defaults().withDatagramBytes(65_507, 65_507));
    DatagramSocket a = big.bind("127.0.0.1", 0);
    NioDatagramSocket b = big.bind("127.0.0.1", 0);
    CompletableFuture<Integer> length = new CompletableFuture<>();
    onLoop(() -> {
      b.setHandler((datagram, source) -> length.complete(datagram.remaining()));
      return a.send(ByteBuffer.allocate(65_507), new InetSocketAddress("127.0.0.1", b.localAddress().getPort()));
    });
    assertThat(length.get(20, TimeUnit.SECONDS)).isEqualTo(65_507);
    assertThat(onLoop(() -> b.stats().truncated())).isZero();
  }

  @Test
  void aDatagramLongerThanMaxReceiveBytesIsCutToItAndCountedAsLibudxWouldSeeIt() throws Exception {
    DatagramSocket big = new NioDatagrams(loop, NioDatagramOptions.defaults().withDatagramBytes(4096, 4096))
        .bind("127.0.0.1", 0);
    NioDatagramSocket receiver = datagrams.bind("127.0.0.1", 0);
    LinkedBlockingQueue<byte[]> arrived = new LinkedBlockingQueue<>();
    byte[] long3000 = new byte[3000];
    for (int i = 0; i < long3000.length; i++) {
      long3000[i] = (byte) (i * 7);
    }
    onLoop(() -> {
      receiver.setHandler((datagram, source) -> {
        byte[] copy = new byte[datagram.remaining()];
        datagram.get(copy);
        arrived.add(copy);
      });
      big.send(ByteBuffer.wrap(long3000), receiver.localAddress());
      return big.send(ByteBuffer.wrap(long3000, 0, 2048), receiver.localAddress());
    });
    byte[] first = arrived.poll(20, TimeUnit.SECONDS);
    byte[] second = arrived.poll(20, TimeUnit.SECONDS);
    assertThat(first).as("cut to 2048").isEqualTo(Arrays.copyOf(long3000, 2048));
    assertThat(second).as("exactly 2048, whole").isEqualTo(first);
    NioDatagramStats stats = onLoop(receiver::stats);
    assertThat(stats.received()).isEqualTo(2);
    assertThat(stats.truncated()).as("only the longer one was cut").isEqualTo(1);
  }

  @Test
  void aLoopWhoseReadBufferIsTooSmallLeavesTheSocketItsOwn() throws Exception {
    NioEventLoop small = new NioEventLoop("small-read-buffer", null, 1024);
    try {
      NioDatagramSocket receiver = new NioDatagrams(small).bind("127.0.0.1", 0);
      DatagramSocket big = new NioDatagrams(loop, NioDatagramOptions.defaults().withDatagramBytes(4096, 4096))
          .bind("127.0.0.1", 0);
      LinkedBlockingQueue<Integer> lengths = new LinkedBlockingQueue<>();
      small.submit(() -> {
        receiver.setHandler((datagram, source) -> lengths.add(datagram.remaining()));
        return null;
      }).get(20, TimeUnit.SECONDS);
      onLoop(() -> big.send(ByteBuffer.allocate(2048), receiver.localAddress())
          && big.send(ByteBuffer.allocate(3000), receiver.localAddress()));
      assertThat(lengths.poll(20, TimeUnit.SECONDS)).isEqualTo(2048);
      assertThat(lengths.poll(20, TimeUnit.SECONDS)).isEqualTo(2048);
      assertThat(small.submit(() -> receiver.stats().truncated()).get(20, TimeUnit.SECONDS)).isEqualTo(1);
    } finally {
      small.close();
    }
  }

  @Test
  void theSocketBuffersAreAskedOfTheSystem() throws Exception {
    NioDatagramSocket libudx = datagrams.bind("127.0.0.1", 0);
    NioDatagramSocket tiny = new NioDatagrams(loop, NioDatagramOptions.defaults().withSocketBuffers(4096, 4096))
        .bind("127.0.0.1", 0);
    int libudxSend = libudx.channel().getOption(StandardSocketOptions.SO_SNDBUF);
    int libudxReceive = libudx.channel().getOption(StandardSocketOptions.SO_RCVBUF);
    // Systems cap (and Linux doubles) what is asked, so only the order of the two is certain.
    assertThat(libudxReceive).isGreaterThanOrEqualTo(212_992);
    assertThat(tiny.channel().getOption(StandardSocketOptions.SO_SNDBUF)).isLessThan(libudxSend);
    assertThat(tiny.channel().getOption(StandardSocketOptions.SO_RCVBUF)).isLessThan(libudxReceive);
  }

  @Test
  void aPortInUseFailsOnTheCallersThreadNamingTheAddress() {
    DatagramSocket taken = datagrams.bind("127.0.0.1", 0);
    int port = taken.localAddress().getPort();
    assertThatThrownBy(() -> datagrams.bind("127.0.0.1", port))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot bind UDP 127.0.0.1:" + port);
    assertThatThrownBy(() -> datagrams.bind("no-such-host.invalid", 0))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("unknown host");
  }

  @Test
  void socketsAreConfinedToTheirLoop() {
    DatagramSocket socket = datagrams.bind("127.0.0.1", 0);
    assertThatThrownBy(() -> socket.send(text("x"), socket.localAddress()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingTheLoopClosesItsSockets() throws Exception {
    DatagramSocket socket = datagrams.bind("127.0.0.1", 0);
    Inbox inbox = new Inbox();
    onLoop(() -> {
      socket.setHandler(inbox);
      return null;
    });
    loop.close();
    assertThat(inbox.closed.get(20, TimeUnit.SECONDS)).isNull();
    assertThat(socket.isOpen()).isFalse();
  }
}
