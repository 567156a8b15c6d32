package io.protomux.wakeup.domain.protomux;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.adapters.inmemory.Delivery;
import io.protomux.wakeup.adapters.inmemory.InMemoryNetwork;
import io.protomux.wakeup.adapters.inmemory.Link;
import io.protomux.wakeup.adapters.inmemory.NetworkOptions;
import io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop;
import io.protomux.wakeup.domain.encoding.ByteSlice;
import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.StreamOptions;
import io.protomux.wakeup.ports.crypto.Crypto;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The interop scenarios again, Java to Java over the in-memory transport: full stack, virtual time. */
class ProtomuxOverSecretStreamTest {

  /** Two muxes over secret streams on one in-memory link, with a log of what each side saw. */
  private static final class Stack {
    final VirtualTimeLoop loop = new VirtualTimeLoop();
    final InMemoryNetwork network;
    final List<Delivery> trace = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final NoiseSecretStream initiator;
    final NoiseSecretStream responder;
    final Protomux a;
    final Protomux b;

    Stack(long seed) {
      network = new InMemoryNetwork(loop, NetworkOptions.defaults().withSeed(seed).withChunking(1500).withLatencyMillis(3));
      network.addTap(trace::add);
      Crypto crypto = new BouncyCastleCrypto(RandomSources.seeded(seed));
      Link link = network.pair();
      initiator = new NoiseSecretStream(crypto, true, crypto.keyPair(), link.initiator(), StreamOptions.DEFAULTS, m -> {});
      responder = new NoiseSecretStream(crypto, false, crypto.keyPair(), link.responder(), StreamOptions.DEFAULTS, m -> {});
      a = Protomux.from(initiator);
      b = Protomux.from(responder);
      initiator.start();
      responder.start();
      b.pair("echo", null, id -> echo(b, "b", id).open(new byte[] {'b'}));
    }

    Channel<byte[]> echo(Protomux mux, String side, byte[] id) {
      Channel<byte[]>[] self = new Channel[1];
      self[0] = mux.createChannel(
          ChannelOptions.<byte[]>builder("echo")
              .id(id)
              .handshake(Codecs.BUFFER)
              .message(Codecs.RAW_VIEW, (data, ch) -> {
                log.add(side + " got " + data.length());
                if (side.equals("b")) {
                  raw(self[0]).send(data);
                }
              })
              .onOpen((hs, ch) -> log.add(side + " open " + new String(hs)))
              .onClose((remote, ch) -> log.add(side + " close " + remote))
              .build());
      return self[0];
    }
  }

  @SuppressWarnings("unchecked")
  private static Message<ByteSlice> raw(Channel<?> channel) {
    return (Message<ByteSlice>) channel.messages().get(0);
  }

  private static List<String> scenario(Stack stack) {
    Channel<byte[]> channel = stack.echo(stack.a, "a", new byte[] {1});
    channel.open(new byte[] {'a'});
    Random random = new Random(5);
    for (int size : new int[] {0, 1, 1000, 65_536, 1 << 20}) {
      byte[] message = new byte[size];
      random.nextBytes(message);
      raw(channel).send(ByteSlice.wrap(message));
    }
    stack.loop.runUntilIdle();
    Channel<byte[]> refused = stack.a.createChannel(ChannelOptions.<byte[]>builder("nobody")
        .onClose((remote, ch) -> stack.log.add("a nobody close " + remote)).build());
    refused.open(null);
    stack.loop.runUntilIdle();
    channel.close();
    stack.loop.runUntilIdle();
    return stack.log;
  }

  @Test
  void channelsPairEchoEverySizeAndRejectAndClosePropagate() {
    List<String> log = scenario(new Stack(1));
    assertThat(log.stream().filter(e -> e.startsWith("b ")).toList()).containsExactly(
        "b open a", "b got 0", "b got 1", "b got 1000", "b got 65536", "b got 1048576", "b close true");
    assertThat(log.stream().filter(e -> e.startsWith("a ")).toList()).containsExactly(
        "a open b", "a got 0", "a got 1", "a got 1000", "a got 65536", "a got 1048576",
        "a nobody close true", "a close false");
  }

  @Test
  void theSameSeedReplaysTheSameTraceAndAnotherSeedDiffers() {
    Stack first = new Stack(42);
    scenario(first);
    Stack second = new Stack(42);
    scenario(second);
    Stack other = new Stack(43);
    scenario(other);
    assertThat(second.trace).isEqualTo(first.trace);
    assertThat(second.loop.nowMillis()).isEqualTo(first.loop.nowMillis());
    assertThat(other.trace).isNotEqualTo(first.trace);
    assertThat(other.log).as("the logical events do not depend on the seed").isEqualTo(first.log);
  }
}
