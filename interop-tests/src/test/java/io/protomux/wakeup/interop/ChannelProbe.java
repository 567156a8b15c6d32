package io.protomux.wakeup.interop;

import io.protomux.wakeup.domain.encoding.ByteSlice;
import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.protomux.Channel;
import io.protomux.wakeup.domain.protomux.ChannelOptions;
import io.protomux.wakeup.domain.protomux.Message;
import io.protomux.wakeup.domain.protomux.Protomux;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Protomux channel carrying raw byte messages (type 0) with a buffer handshake, as the Node
 * echo peer speaks it, recording what happens for the test thread. Created on the loop.
 */
final class ChannelProbe {
  final CompletableFuture<byte[]> opened = new CompletableFuture<>();
  final CompletableFuture<Boolean> closedRemotely = new CompletableFuture<>();
  final LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
  Channel<byte[]> channel;
  Message<ByteSlice> raw;

  /** Creates the channel on {@code mux}; returns null-channel probes unchanged if refused. */
  static ChannelProbe create(Protomux mux, String protocol, byte[] id) {
    ChannelProbe probe = new ChannelProbe();
    probe.channel =
        mux.createChannel(
            ChannelOptions.<byte[]>builder(protocol)
                .id(id)
                .handshake(Codecs.BUFFER)
                .message(Codecs.RAW_VIEW, (data, ch) -> probe.received.add(data.toByteArray()))
                .onOpen((handshake, ch) -> probe.opened.complete(handshake))
                .onClose((isRemote, ch) -> probe.closedRemotely.complete(isRemote))
                .build());
    if (probe.channel != null) {
      @SuppressWarnings("unchecked")
      Message<ByteSlice> raw = (Message<ByteSlice>) probe.channel.messages().get(0);
      probe.raw = raw;
    }
    return probe;
  }

  byte[] next() throws InterruptedException {
    byte[] message = received.poll(20, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no message within 20 s");
    }
    return message;
  }
}
