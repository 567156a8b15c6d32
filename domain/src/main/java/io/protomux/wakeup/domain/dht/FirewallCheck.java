package io.protomux.wakeup.domain.dht;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * dht-rpc's {@code _checkIfFirewalled}: the given nodes (up to 5 recently seen ones, topped up
 * with the bootstrap nodes) are asked to PING_NAT our server socket. A reply counts only if a
 * datagram from its host really arrived on the server socket during the check; the node is
 * reachable if at least 3 replies count (1 when fewer than 5 were asked) and their samples agree
 * on our public host at the server socket's own port (a NAT that translates ports fails).
 */
final class FirewallCheck {
  private FirewallCheck() {}

  /**
   * Runs the check; {@code done} gets true if the node is still firewalled.
   *
   * @param sampler takes the counted replies' samples (a fresh one while firewalled)
   * @param publicHost the host the node's own sampler settled on
   * @param serverPortValue the server socket's port as PING_NAT's uint16 LE value
   */
  static void run(
      DhtIo io,
      List<PeerAddress> nodes,
      NatSampler sampler,
      String publicHost,
      byte[] serverPortValue,
      Consumer<Boolean> done) {
    if (nodes.isEmpty()) {
      done.accept(true);
      return;
    }
    Set<String> hosts = new HashSet<>();
    io.setServerSocketWatcher(from -> hosts.add(from.host()));
    List<Reply> pongs = new ArrayList<>();
    int[] outstanding = {nodes.size()};
    Runnable settle =
        () -> {
          if (--outstanding[0] > 0) {
            return;
          }
          io.setServerSocketWatcher(null);
          int count = 0;
          for (Reply pong : pongs) {
            if (hosts.contains(pong.from().host())) {
              count++;
              sampler.add(pong.to().host(), pong.to().port());
            }
          }
          int serverPort = io.serverSocket().localAddress().getPort();
          done.accept(
              count < (nodes.size() >= 5 ? 3 : 1)
                  || sampler.host() == null
                  || !sampler.host().equals(publicHost)
                  || sampler.port() == 0
                  || sampler.port() != serverPort);
        };
    for (PeerAddress node : nodes) {
      io.createRequest(node, null, null, true, Commands.PING_NAT, null, serverPortValue)
          .onResponse(
              (reply, request) -> {
                pongs.add(reply);
                settle.run();
              })
          .onError((error, request) -> settle.run())
          .sendNow();
    }
  }
}
