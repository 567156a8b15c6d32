package io.protomux.wakeup.adapters.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.ports.transport.Connection;
import io.protomux.wakeup.ports.transport.ConnectionHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same seed and program give the same run; another seed gives another run. */
class DeterminismTest {

  @Test
  void theSameSeedGivesTheSameTrace() {
    List<Delivery> first = run(42);
    List<Delivery> second = run(42);

    assertThat(first).hasSizeGreaterThan(100);
    assertThat(first)
        .extracting(Delivery::kind)
        .contains(Delivery.Kind.DATA, Delivery.Kind.END, Delivery.Kind.CLOSE);
    assertThat(first)
        .filteredOn(delivery -> delivery.kind() == Delivery.Kind.CLOSE)
        .extracting(delivery -> String.valueOf(delivery.cause()))
        .anyMatch(cause -> cause.contains("link dropped"))
        .anyMatch(cause -> cause.equals("null"));
    assertThat(second).isEqualTo(first);
    assertThat(second.toString()).isEqualTo(first.toString());
  }

  @Test
  void anotherSeedGivesAnotherTrace() {
    assertThat(run(43)).isNotEqualTo(run(42));
  }

  /**
   * Three clients talk to an echo server over links with different latencies, one stalled for a
   * while, one dropped; returns every delivery the network made.
   */
  private static List<Delivery> run(long seed) {
    VirtualTimeLoop loop = new VirtualTimeLoop();
    InMemoryNetwork network =
        new InMemoryNetwork(
            loop, NetworkOptions.defaults().withSeed(seed).withChunking(11).withLatencyMillis(3));
    List<Delivery> trace = new ArrayList<>();
    network.addTap(trace::add);
    network.onNewLink(link -> link.toInitiator().setLatencyMillis(network.links().size() * 2L));

    network.transport("server").listen("server", 80, DeterminismTest::echo);
    List<InMemoryConnection> clients = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      network
          .transport(name)
          .dial("server", 80)
          .thenAccept(
              connection -> {
                connection.setHandler(new Sink());
                clients.add((InMemoryConnection) connection);
              });
    }
    loop.runUntilIdle();

    clients.get(1).link().from(clients.get(1)).stall();
    for (int round = 0; round < 20; round++) {
      for (Connection client : clients) {
        byte[] message = new byte[5 + round];
        for (int i = 0; i < message.length; i++) {
          message[i] = (byte) (round * 31 + i);
        }
        client.write(ByteBuffer.wrap(message));
      }
      loop.runFor(1);
      if (round == 10) {
        clients.get(1).link().from(clients.get(1)).unstall();
        clients.get(2).link().drop();
      }
    }
    for (Connection client : clients) {
      if (client.isOpen()) {
        client.shutdownOutput();
      }
    }
    loop.runUntilIdle();
    return trace;
  }

  private static void echo(Connection connection) {
    connection.setHandler(
        new Sink() {
          @Override
          public void onData(ByteBuffer bytes) {
            connection.write(bytes);
          }

          @Override
          public void onEnd() {
            connection.shutdownOutput();
          }
        });
  }

  private static class Sink implements ConnectionHandler {
    @Override
    public void onData(ByteBuffer bytes) {}

    @Override
    public void onWritable() {}

    @Override
    public void onEnd() {}

    @Override
    public void onClose(Throwable cause) {}
  }
}
