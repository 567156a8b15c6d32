package io.protomux.wakeup.domain.dht;

/**
 * dht-rpc's {@code _bootstrap}: a FIND_NODE query for the node's own id; on its first reply, while
 * firewalled, one PING_NAT (the quick firewall test); then, if that reply came or the node is to
 * be persistent, the network check, and a second query with the new id if it changed anything.
 */
final class Bootstrap {
  private final DhtNode node;
  private final boolean forcePersistent;
  private boolean first;
  private boolean testNat;

  Bootstrap(DhtNode node, DhtNodeOptions options) {
    this.node = node;
    this.forcePersistent = Boolean.FALSE.equals(options.ephemeral());
    this.first = node.firewalled() && options.quickFirewall() && !forcePersistent;
  }

  void start() {
    round(0);
  }

  private void round(int round) {
    if (node.destroyed()) {
      return;
    }
    Query query = node.backgroundQuery(node.table().id(), reply -> {
      if (!first) {
        return;
      }
      first = false;
      node.io()
          .createRequest(reply.from(), reply.fromId(), null, true, Commands.PING_NAT, null,
              node.serverPortValue())
          .onResponse((r, q) -> testNat = true)
          .send();
    });
    query.whenDone((replies, error) -> {
      if (node.destroyed()) {
        return;
      }
      if (round == 1 || node.bootstrapped() || (!testNat && !forcePersistent)) {
        node.markBootstrapped();
        return;
      }
      node.updateNetworkState(!forcePersistent, changed -> {
        if (changed) {
          round(round + 1);
        } else {
          node.markBootstrapped();
        }
      });
    });
  }
}
