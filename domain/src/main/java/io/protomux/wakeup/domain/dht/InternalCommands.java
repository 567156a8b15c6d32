package io.protomux.wakeup.domain.dht;

import io.protomux.wakeup.ports.loop.Scheduler;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The answers to dht-rpc's internal commands (HYPERDHT.md 2.5): PING, PING_NAT (to the host at the
 * port given), FIND_NODE (closer nodes, only with a target), DOWN_HINT (answered as PING; acting on
 * the hint belongs to a node that serves the network), DELAYED_PING (after at most {@code
 * maxPingDelay}, with at most {@code maxDelayedPings} answers held, a bound the reference lacks),
 * and UNKNOWN_COMMAND for anything else. Malformed values get no answer, as in the reference.
 */
final class InternalCommands {
  private final Scheduler scheduler;
  private final long maxPingDelay;
  private final int maxDelayedPings;
  private final BooleanSupplier destroyed;
  private final Consumer<byte[]> onDownHint;
  private int delayedPings;

  /** @param onDownHint gets the value of each well-formed DOWN_HINT (6 bytes or more) */
  InternalCommands(
      Scheduler scheduler, long maxPingDelay, int maxDelayedPings, BooleanSupplier destroyed,
      Consumer<byte[]> onDownHint) {
    this.scheduler = scheduler;
    this.maxPingDelay = maxPingDelay;
    this.maxDelayedPings = maxDelayedPings;
    this.destroyed = destroyed;
    this.onDownHint = onDownHint;
  }

  void answer(IncomingRequest request) {
    byte[] value = request.value();
    switch ((int) Math.min(request.command(), Integer.MAX_VALUE)) {
      case Commands.PING -> request.reply(null, false, false);
      case Commands.PING_NAT -> {
        if (value == null || value.length < 2) {
          return;
        }
        int port = (value[0] & 0xff) | (value[1] & 0xff) << 8;
        if (port == 0) {
          return;
        }
        request.reply(null, false, false, request.socket(),
            new PeerAddress(request.from().host(), port));
      }
      case Commands.FIND_NODE -> {
        if (request.target() != null) {
          request.reply(null, false, true);
        }
      }
      case Commands.DOWN_HINT -> {
        if (value != null && value.length >= 6) {
          onDownHint.accept(value);
          request.reply(null, false, false);
        }
      }
      case Commands.DELAYED_PING -> delayedPing(request, value);
      default -> request.error(Commands.UNKNOWN_COMMAND, false, request.target() != null);
    }
  }

  private void delayedPing(IncomingRequest request, byte[] value) {
    if (value == null || value.length < 4) {
      return;
    }
    long delay =
        (value[0] & 0xffL) | (value[1] & 0xffL) << 8 | (value[2] & 0xffL) << 16
            | (value[3] & 0xffL) << 24;
    if (delay > maxPingDelay || delayedPings >= maxDelayedPings) {
      return;
    }
    delayedPings++;
    scheduler.schedule(
        delay,
        () -> {
          delayedPings--;
          if (!destroyed.getAsBoolean()) {
            request.reply(null, false, false);
          }
        });
  }
}
