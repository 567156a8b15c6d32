package io.protomux.wakeup.adapters.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.ports.datagram.DatagramSocket;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated UDP network: each fault on its own, their counts, and replay from the seed. */
class DatagramNetworkTest {
  private final VirtualTimeLoop loop = new VirtualTimeLoop();

  /** Arrivals at one socket, as "virtual time: first byte from port". */
  private static final class Arrivals {
    final List<String> seen = new ArrayList<>();

    void attach(DatagramSocket socket, VirtualTimeLoop loop) {
      socket.setHandler((datagram, source) -> seen.add(loop.nowMillis() + ": " + datagram.get(0) + " from " + source.getPort()));
    }
  }

  private static ByteBuffer datagram(int first, int length) {
    byte[] bytes = new byte[length];
    bytes[0] = (byte) first;
    return ByteBuffer.wrap(bytes);
  }

  private static InetSocketAddress at(DatagramSocket socket) {
    return socket.localAddress();
  }

  @Test
  void datagramsArriveAfterThePathsLatencyFromTheSendersAddress() {
    DatagramNetwork network = new DatagramNetwork(loop, 1);
    network.path("10.0.0.1", "10.0.0.2", PathProfile.PERFECT.withLatency(30, 0));
    DatagramSocket a = network.host("10.0.0.1").bind("0.0.0.0", 0);
    DatagramSocket b = network.host("10.0.0.2").bind("10.0.0.2", 4000);
    Arrivals atB = new Arrivals();
    atB.attach(b, loop);
    Arrivals atA = new Arrivals();
    atA.attach(a, loop);

    assertThat(a.localAddress()).isEqualTo(new InetSocketAddress("10.0.0.1", 49152));
    assertThat(a.send(datagram(1, 10), at(b))).isTrue();
    b.send(datagram(2, 10), at(a)); // the other direction has no path of its own: no delay
    loop.runUntilIdle();

    assertThat(atB.seen).containsExactly("30: 1 from 49152");
    assertThat(atA.seen).containsExactly("0: 2 from 4000");
    assertThat(network.stats().delivered()).isEqualTo(2);
  }

  @Test
  void jitterReordersAndTheSameSeedReordersTheSameWay() {
    List<List<String>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      VirtualTimeLoop runLoop = new VirtualTimeLoop();
      DatagramNetwork network = new DatagramNetwork(runLoop, 42);
      network.defaultPath(PathProfile.PERFECT.withLatency(10, 20));
      DatagramSocket a = network.host("10.0.0.1").bind("0.0.0.0", 0);
      DatagramSocket b = network.host("10.0.0.2").bind("0.0.0.0", 0);
      Arrivals atB = new Arrivals();
      atB.attach(b, runLoop);
      for (int i = 0; i < 50; i++) {
        a.send(datagram(i, 1), at(b));
      }
      runLoop.runUntilIdle();
      runs.add(atB.seen);
    }
    assertThat(runs.get(0)).hasSize(50).isEqualTo(runs.get(1));
    List<Integer> order = runs.get(0).stream().map(line -> Integer.parseInt(line.split(" ")[1])).toList();
    assertThat(order).as("some overtook others").isNotEqualTo(order.stream().sorted().toList());
  }

  @Test
  void lossAndDuplicationHappenAtAboutTheirRatesAndAreCounted() {
    DatagramNetwork network = new DatagramNetwork(loop, 7);
    network.defaultPath(PathProfile.PERFECT.withLoss(0.2).withDuplicates(0.1));
    DatagramSocket a = network.host("10.0.0.1").bind("0.0.0.0", 0);
    DatagramSocket b = network.host("10.0.0.2").bind("0.0.0.0", 0);
    Arrivals atB = new Arrivals();
    atB.attach(b, loop);
    for (int i = 0; i < 10_000; i++) {
      a.send(datagram(i, 1), at(b));
    }
    loop.runUntilIdle();
    DatagramNetwork.DatagramStats stats = network.stats();
    assertThat(stats.sent()).isEqualTo(10_000);
    assertThat(stats.lost()).isBetween(1_800L, 2_200L);
    assertThat(stats.duplicated()).isBetween(600L, 1_000L);
    assertThat(stats.delivered()).isEqualTo(stats.sent() - stats.lost() + stats.duplicated());
    assertThat(atB.seen).hasSize((int) stats.delivered());
  }

  @Test
  void datagramsLongerThanTheMtuAreDropped() {
    DatagramNetwork network = new DatagramNetwork(loop, 1);
    network.defaultPath(PathProfile.PERFECT.withMtu(1200));
    DatagramSocket a = network.host("10.0.0.1").bind("0.0.0.0", 0);
    DatagramSocket b = network.host("10.0.0.2").bind("0.0.0.0", 0);
    Arrivals atB = new Arrivals();
    atB.attach(b, loop);
    a.send(datagram(1, 1200), at(b));
    a.send(datagram(2, 1201), at(b));
    loop.runUntilIdle();
    assertThat(atB.seen).containsExactly("0: 1 from 49152");
    assertThat(network.stats().tooLarge()).isEqualTo(1);
  }

  @Test
  void aRateLimitedPathQueuesBurstsAndDropsWhatWouldWaitTooLong() {
    DatagramNetwork network = new DatagramNetwork(loop, 1);
    // 100 kB/s: a 1000-byte datagram takes 10 ms to leave; at most 25 ms of queue.
    network.defaultPath(PathProfile.PERFECT.withRate(100_000, 25));
    DatagramSocket a = network.host("10.0.0.1").bind("0.0.0.0", 0);
    DatagramSocket b = network.host("10.0.0.2").bind("0.0.0.0", 0);
    Arrivals atB = new Arrivals();
    atB.attach(b, loop);
    for (int i = 0; i < 5; i++) {
      a.send(datagram(i, 1000), at(b));
    }
    loop.runUntilIdle();
    // Waits of 0, 10, 20 ms are within the queue; 30 and 40 ms are not.
    assertThat(atB.seen).containsExactly("10: 0 from 49152", "20: 1 from 49152", "30: 2 from 49152");
    assertThat(network.stats().queueDrops()).isEqualTo(2);
  }

  @Test
  void nobodyListeningAndClosedSocketsCountAsUnreachable() {
    DatagramNetwork network = new DatagramNetwork(loop, 1);
    DatagramSocket a = network.host("10.0.0.1").bind("0.0.0.0", 0);
    DatagramSocket b = network.host("10.0.0.2").bind("0.0.0.0", 0);
    a.send(datagram(1, 1), new InetSocketAddress("10.0.0.3", 1));
    a.send(datagram(2, 1), at(b)); // no handler yet
    b.close();
    assertThat(b.send(datagram(3, 1), at(a))).isFalse();
    loop.runUntilIdle();
    assertThat(network.stats().unreachable()).isEqualTo(2);
    assertThat(network.stats().delivered()).isZero();
    // The port is free again.
    assertThat(network.host("10.0.0.2").bind("0.0.0.0", b.localAddress().getPort()).isOpen()).isTrue();
  }

  @Test
  void bindingRefusesForeignAddressesPortsInUseAndHostNames() {
    DatagramNetwork network = new DatagramNetwork(loop, 1);
    DatagramSocket a = network.host("fd00::1").bind("::", 5000);
    assertThat(a.localAddress().getAddress().getHostAddress()).isEqualTo("fd00:0:0:0:0:0:0:1");
    assertThatThrownBy(() -> network.host("fd00::1").bind("::", 5000))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Address already in use");
    assertThatThrownBy(() -> network.host("10.0.0.1").bind("10.0.0.9", 0))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Cannot assign requested address");
    assertThatThrownBy(() -> network.host("example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an IP address literal");
  }

  @Test
  void theNetworkIsConfinedToItsLoop() throws Exception {
    DatagramNetwork network = new DatagramNetwork(loop, 1);
    DatagramSocket a = network.host("10.0.0.1").bind("0.0.0.0", 0);
    Throwable[] thrown = new Throwable[1];
    Thread other = new Thread(() -> {
      try {
        a.send(datagram(1, 1), a.localAddress());
      } catch (Throwable t) {
        thrown[0] = t;
      }
    });
    other.start();
    other.join(10_000);
    assertThat(thrown[0]).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSocketIsWritableWhileOpenAndCopiesWhatItSends() {
    DatagramNetwork network = new DatagramNetwork(loop, 1);
    network.defaultPath(PathProfile.PERFECT.withLatency(10, 0));
    DatagramSocket a = network.host("10.0.0.1").bind("0.0.0.0", 0);
    DatagramSocket b = network.host("10.0.0.2").bind("0.0.0.0", 0);
    Arrivals atB = new Arrivals();
    atB.attach(b, loop);
    assertThat(a.isWritable()).isTrue();
    ByteBuffer reused = datagram(1, 4);
    assertThat(a.send(reused, at(b))).isTrue();
    assertThat(reused.remaining()).as("an accepted datagram's buffer is consumed").isZero();
    reused.clear().put(0, (byte) 2);
    loop.runUntilIdle();
    assertThat(atB.seen).containsExactly("10: 1 from 49152");

    a.close();
    assertThat(a.isWritable()).isFalse();
    ByteBuffer late = datagram(3, 4);
    assertThat(a.send(late, at(b))).isFalse();
    assertThat(late.position()).as("a dropped datagram's buffer is untouched").isZero();
  }

  @Test
  void aDatagramLongerThanUdpCarriesIsRefused() {
    DatagramNetwork network = new DatagramNetwork(loop, 1);
    DatagramSocket a = network.host("10.0.0.1").bind("0.0.0.0", 0);
    assertThatThrownBy(() -> a.send(ByteBuffer.allocate(65_508), a.localAddress()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65508 bytes")
        .hasMessageContaining("65507");
    assertThat(a.send(ByteBuffer.allocate(65_507), a.localAddress())).isTrue();
    assertThat(network.stats().sent()).isEqualTo(1);
  }
}
