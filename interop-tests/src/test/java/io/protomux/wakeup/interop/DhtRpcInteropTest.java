package io.protomux.wakeup.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.nio.NioDatagrams;
import io.protomux.wakeup.adapters.nio.NioEventLoop;
import io.protomux.wakeup.domain.dht.DhtNode;
import io.protomux.wakeup.domain.dht.DhtNodeOptions;
import io.protomux.wakeup.domain.dht.PeerAddress;
import io.protomux.wakeup.domain.dht.Query;
import io.protomux.wakeup.domain.dht.QueryOptions;
import io.protomux.wakeup.domain.dht.Reply;
import io.protomux.wakeup.domain.udx.Udx;
import io.protomux.wakeup.domain.udx.UdxSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DhtRpcInteropTest {
  @Test
  void bootstrapsIntoAJavaScriptTestnetAndQueries() throws Exception {
    try (NodePeer testnet = NodePeer.start("testnet.js", "5");
        NioEventLoop loop = new NioEventLoop("dht")) {
      JsonNode ready = testnet.await(e -> "testnet".equals(e.path("event").asText()), Duration.ofSeconds(20));
      int port = ready.path("bootstrap").get(0).path("port").asInt();
      BouncyCastleCrypto crypto = new BouncyCastleCrypto();
      CompletableFuture<DhtNode> bootstrapped = new CompletableFuture<>();
      DhtNode node =
          JavaPeer.onLoop(
              loop,
              () -> {
                Udx udx = new Udx(loop, crypto.random());
                NioDatagrams datagrams = new NioDatagrams(loop);
                UdxSocket server = udx.socket(datagrams.bind("127.0.0.1", 0));
                UdxSocket client = udx.socket(datagrams.bind("127.0.0.1", 0));
                DhtNode n =
                    new DhtNode(loop, crypto, crypto.random(), server, client,
                        DhtNodeOptions.DEFAULTS.withBootstrap(List.of(new PeerAddress("127.0.0.1", port))));
                n.whenBootstrapped(bootstrapped::complete);
                n.bootstrap();
                return n;
              });
      bootstrapped.get(20, TimeUnit.SECONDS);
      System.out.println(JavaPeer.onLoop(loop, node::toString) + " " + node.io().counters());
      assertThat(JavaPeer.onLoop(loop, () -> node.table().size())).isEqualTo(4);
      CompletableFuture<List<Reply>> done = new CompletableFuture<>();
      JavaPeer.onLoop(loop, () -> {
        Query q = node.findNode(crypto.random().bytes(32), QueryOptions.DEFAULTS, r -> {});
        q.whenDone((replies, error) -> { if (error != null) done.completeExceptionally(error); else done.complete(replies); });
        return q;
      });
      assertThat(done.get(20, TimeUnit.SECONDS)).hasSize(4);
      System.out.println(JavaPeer.onLoop(loop, node::toString) + " firewalled=" + node.firewalled() + " remote=" + JavaPeer.onLoop(loop, node::remoteAddress));
    }
  }
}
