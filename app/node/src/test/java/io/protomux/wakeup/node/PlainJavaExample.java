package io.protomux.wakeup.node;

import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The README's first example: a plain-Java program, with nothing but the node artifact on its
 * class path, that joins a topic, dials a peer, asks it for wakeups and prints the answer.
 * {@code PlainJavaExampleIT} runs it in a JVM of its own against the reference's {@code listen}.
 */
public final class PlainJavaExample {
  private PlainJavaExample() {}

  public static void main(String[] args) throws Exception {
    Capability capability = Capability.fromHex(args[0]);
    String host = args[1];
    int port = Integer.parseInt(args[2]);

    CompletableFuture<List<Wakeup>> answer = new CompletableFuture<>();
    try (WakeupNode node = WakeupNode.builder().build()) {
      node.session(
          capability,
          new NodeHandlers() {
            @Override
            public void onPeerAdd(WakeupPeer peer, NodeSession session) {
              session.lookup(peer, Lookup.withoutHash()); // handlers run on the loop: don't block
            }

            @Override
            public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, NodeSession session) {
              answer.complete(wakeups);
            }
          });
      node.dial(host, port).get(10, TimeUnit.SECONDS); // done once the handshake is
      for (Wakeup wakeup : answer.get(10, TimeUnit.SECONDS)) {
        System.out.println(wakeup.key().toHex() + " is at length " + wakeup.length());
      }
    }
  }
}
