package io.protomux.wakeup.guice;

import com.google.inject.Guice;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.node.NodeHandlers;
import io.protomux.wakeup.node.NodeSession;
import io.protomux.wakeup.node.WakeupNode;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The README's Guice host application, kept here so that it compiles and is run against a peer. */
public final class HostAppExample {
  private final WakeupNode node;

  @Inject
  HostAppExample(WakeupNode node) {
    this.node = node;
  }

  /** Joins the topic, dials a peer and asks it for wakeups; completes with its first answer. */
  CompletableFuture<List<Wakeup>> askForWakeups(Capability capability, String host, int port) {
    CompletableFuture<List<Wakeup>> answer = new CompletableFuture<>();
    node.session(
        capability,
        new NodeHandlers() {
          @Override
          public void onPeerAdd(WakeupPeer peer, NodeSession session) {
            session.lookup(peer, Lookup.withoutHash());
          }

          @Override
          public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, NodeSession session) {
            answer.complete(wakeups);
          }
        });
    node.dial(host, port).exceptionally(failure -> {
      answer.completeExceptionally(failure);
      return null;
    });
    return answer;
  }

  void close() {
    node.close();
  }

  public static void main(String[] args) throws Exception {
    HostAppExample app =
        Guice.createInjector(new WakeupNodeModule()).getInstance(HostAppExample.class);
    try {
      List<Wakeup> wakeups =
          app.askForWakeups(Capability.fromHex(args[0]), args[1], Integer.parseInt(args[2]))
              .get(10, TimeUnit.SECONDS);
      wakeups.forEach(w -> System.out.println(w.key() + " is at length " + w.length()));
    } finally {
      app.close();
    }
  }
}
