package io.protomux.wakeup.guice;

import io.protomux.wakeup.node.WakeupConnector;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupPeer;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.domain.wakeup.messages.Lookup;
import io.protomux.wakeup.domain.wakeup.messages.Wakeup;
import io.protomux.wakeup.ports.transport.Transport;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The README's host application, kept here so that it compiles and is run against the CLI. */
public final class HostAppExample {
  private final WakeupSwarm swarm;
  private final WakeupConnector connector;
  private final Transport transport;

  @Inject
  HostAppExample(WakeupSwarm swarm, WakeupConnector connector, Transport transport) {
    this.swarm = swarm;
    this.connector = connector;
    this.transport = transport;
  }

  /** Joins the topic, dials a peer and asks it for wakeups; completes with its first answer. */
  CompletableFuture<List<Wakeup>> askForWakeups(Capability capability, String host, int port) {
    CompletableFuture<List<Wakeup>> answer = new CompletableFuture<>();
    swarm.session(
        capability,
        new SessionHandlers() {
          @Override
          public void onPeerAdd(WakeupPeer peer, WakeupSession session) {
            session.lookup(peer, Lookup.withoutHash());
          }

          @Override
          public void onAnnounce(List<Wakeup> wakeups, WakeupPeer peer, WakeupSession session) {
            answer.complete(wakeups);
          }
        });
    connector.dial(host, port).exceptionally(failure -> {
      answer.completeExceptionally(failure);
      return null;
    });
    return answer;
  }

  /** The swarm first: it tears down on the transport's loop, which closing the transport stops. */
  void close() {
    swarm.destroy();
    transport.close();
  }

  public static void main(String[] args) throws Exception {
    Injector injector =
        Guice.createInjector(
            new WakeupSwarmModule(), new NioTransportModule(), new BouncyCastleCryptoModule());
    HostAppExample app = injector.getInstance(HostAppExample.class);
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
