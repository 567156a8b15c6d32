package io.protomux.wakeup.domain.protomux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.domain.Limit;
import io.protomux.wakeup.domain.encoding.ByteSlice;
import io.protomux.wakeup.domain.encoding.Codecs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 8: what one remote may make a mux hold, one limit at a time. */
class ProtomuxLimitsTest {
  private final LinkedStreams link = new LinkedStreams();
  private final List<String> events = new ArrayList<>();
  private Protomux a;
  private Protomux b;

  private void connect(ProtomuxOptions bOptions) {
    a = new Protomux(link.a, link.scheduler, ProtomuxOptions.UNLIMITED);
    b = new Protomux(link.b, link.scheduler, bOptions);
    link.a.mux = a;
    link.b.mux = b;
  }

  private Channel<byte[]> channel(Protomux mux, String side, String protocol) {
    return mux.createChannel(
        ChannelOptions.<byte[]>builder(protocol)
            .unique(false)
            .handshake(Codecs.BUFFER)
            .message(Codecs.RAW_VIEW, (m, ch) -> events.add(side + " msg"))
            .onOpen((hs, ch) -> events.add(side + " open"))
            .onClose((remote, ch) -> events.add(side + " close " + remote))
            .build());
  }

  @SuppressWarnings("unchecked")
  private static void send(Channel<?> channel, int bytes) {
    ((Message<ByteSlice>) channel.messages().get(0)).send(ByteSlice.wrap(new byte[bytes]));
  }

  private void assertDestroyedBy(Limit limit, String reason) {
    assertThat(link.b.destroyCause).isInstanceOf(ProtomuxLimitException.class).hasMessageContaining(reason);
    assertThat(Limit.of(link.b.destroyCause)).isEqualTo(limit);
  }

  @Test
  void theOptionsAreChecked() {
    assertThat(ProtomuxOptions.UNLIMITED.maxChannels()).isEqualTo(Integer.MAX_VALUE);
    assertThat(new Protomux(link.a, link.scheduler).options()).isEqualTo(ProtomuxOptions.DEFAULTS);
    assertThatThrownBy(() -> ProtomuxOptions.DEFAULTS.withMaxChannels(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxChannels=0");
    assertThatThrownBy(() -> ProtomuxOptions.DEFAULTS.withMaxPendingOpens(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProtomuxOptions.DEFAULTS.withMaxBufferedBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void channelsUpToTheLimitOpenAndOneMoreDestroysTheStream() {
    connect(ProtomuxOptions.DEFAULTS.withMaxChannels(2));
    b.pair("p", null, id -> channel(b, "b", "p").open(new byte[0]));
    channel(a, "a", "p").open(new byte[0]);
    channel(a, "a", "p").open(new byte[0]);
    link.scheduler.runUntilIdle();
    assertThat(link.b.closed).isFalse();
    assertThat(b.channels()).hasSize(2);

    channel(a, "a", "p").open(new byte[0]);
    link.scheduler.runUntilIdle();

    assertDestroyedBy(Limit.CHANNELS, "maxChannels=2");
  }

  @Test
  void aClosedChannelNoLongerCounts() {
    connect(ProtomuxOptions.DEFAULTS.withMaxChannels(1));
    b.pair("p", null, id -> channel(b, "b", "p").open(new byte[0]));
    for (int i = 0; i < 5; i++) {
      Channel<byte[]> channel = channel(a, "a", "p");
      channel.open(new byte[0]);
      link.scheduler.runUntilIdle();
      channel.close();
      link.scheduler.runUntilIdle();
    }
    assertThat(link.b.closed).isFalse();
    assertThat(events.stream().filter("b open"::equals)).hasSize(5);
  }

  @Test
  void opensNobodyClaimsYetCountAsPendingUntilRejected() {
    connect(ProtomuxOptions.DEFAULTS.withMaxPendingOpens(2));
    List<byte[]> asked = new ArrayList<>();
    b.pair("p", null, asked::add); // told, but leaves the open unclaimed: rejected a turn later
    channel(a, "a", "p").open(new byte[0]);
    channel(a, "a", "p").open(new byte[0]);
    link.scheduler.runUntilIdle();
    assertThat(events).containsExactly("a close true", "a close true");
    assertThat(link.b.closed).isFalse();

    a.cork();
    for (int i = 0; i < 3; i++) {
      channel(a, "a", "p").open(new byte[0]);
    }
    a.uncork();
    link.scheduler.runUntilIdle();

    assertDestroyedBy(Limit.PENDING_OPENS, "maxPendingOpens=2");
    assertThat(asked).hasSize(4);
  }

  @Test
  void messagesHeldForAnUnpairedChannelAreCappedAlthoughReadingPaused() {
    connect(ProtomuxOptions.DEFAULTS.withMaxBufferedBytes(64 * 1024));
    b.pair("p", null, id -> {}); // never claimed
    Channel<byte[]> channel = channel(a, "a", "p");
    channel.open(new byte[0]);
    // Each frame arrives as its own task, all before the reject: a stream that delivered what
    // it had read after the pause.
    for (int i = 0; i < 20; i++) {
      send(channel, 4096);
    }
    boolean pausedBeforeTheEnd = false;
    while (link.scheduler.size() > 0 && !link.b.closed) {
      link.scheduler.runOne();
      pausedBeforeTheEnd |= link.b.paused;
    }

    assertThat(pausedBeforeTheEnd).as("reading paused at 32 KiB first").isTrue();
    assertDestroyedBy(Limit.BUFFERED_BYTES, "maxBufferedBytes=65536");
  }

  @Test
  void underTheCapTheReferencesPauseAndResumeStillApply() {
    connect(ProtomuxOptions.DEFAULTS);
    b.pair("p", null, id -> channel(b, "b", "p").open(new byte[0]));
    Channel<byte[]> channel = channel(a, "a", "p");
    channel.open(new byte[0]);
    for (int i = 0; i < 20; i++) {
      send(channel, 4096);
    }
    link.scheduler.runUntilIdle();
    assertThat(link.b.closed).isFalse();
    assertThat(link.b.paused).isFalse();
    assertThat(events.stream().filter("b msg"::equals)).hasSize(20);
  }

  @Test
  void remoteIdsThatKeepGrowingHoldNoSlotOnceTheirChannelsAreGone() {
    connect(ProtomuxOptions.DEFAULTS);
    link.a.closed = true; // the opens below are hand-made: b's rejects go nowhere
    // Nobody handles "x": each open is rejected at once, under a fresh, ever higher id.
    for (int id = 1; id <= 1000; id++) {
      b.receive(open(id, "x"));
      link.scheduler.runUntilIdle();
    }
    assertThat(link.b.closed).isFalse();
    assertThat(b.remoteSlots()).isZero();
    // The id rules are the reference's all the same: one more is fine, skipping ahead is not.
    b.receive(open(1001, "x"));
    assertThat(link.b.closed).isFalse();
    b.receive(open(1003, "x"));
    assertThat(link.b.destroyCause).isInstanceOf(ProtomuxException.class).hasMessageContaining("skips ahead");
  }

  /** An open of channel {@code id} for {@code protocol} with no channel id and no handshake. */
  private static byte[] open(int id, String protocol) {
    io.protomux.wakeup.domain.encoding.State state = new io.protomux.wakeup.domain.encoding.State();
    state.add(2);
    Codecs.UINT.preencodeLong(state, id);
    Codecs.STRING.preencode(state, protocol);
    state.add(1);
    state.allocate();
    state.writeByte(0);
    state.writeByte(ControlType.OPEN);
    Codecs.UINT.encodeLong(state, id);
    Codecs.STRING.encode(state, protocol);
    state.writeByte(0);
    return state.buffer();
  }
}
