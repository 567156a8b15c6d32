package io.protomux.wakeup.domain.protomux;

import static org.assertj.core.api.Assertions.assertThat;

import io.protomux.wakeup.domain.encoding.ByteSlice;
import io.protomux.wakeup.domain.encoding.Codecs;
import io.protomux.wakeup.domain.encoding.EncodingException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProtomuxTest {
  private static final HexFormat HEX = HexFormat.of();
  private final LinkedStreams link = new LinkedStreams();
  private final List<String> events = new ArrayList<>();
  private Protomux a;
  private Protomux b;

  @BeforeEach
  void setUp() {
    a = new Protomux(link.a, link.scheduler);
    b = new Protomux(link.b, link.scheduler);
    link.a.mux = a;
    link.b.mux = b;
  }

  private Channel<byte[]> channel(Protomux mux, String side, String protocol, byte[] id) {
    return mux.createChannel(options(side, protocol, id).build());
  }

  private ChannelOptions.Builder<byte[]> options(String side, String protocol, byte[] id) {
    return ChannelOptions.<byte[]>builder(protocol)
        .id(id)
        .handshake(Codecs.BUFFER)
        .message(Codecs.RAW_VIEW, (data, ch) -> events.add(side + " msg " + HEX.formatHex(data.toByteArray())))
        .onOpen((hs, ch) -> events.add(side + " open " + HEX.formatHex(hs)))
        .onClose((remote, ch) -> events.add(side + " close " + remote))
        .onDestroy(ch -> events.add(side + " destroy"));
  }

  @SuppressWarnings("unchecked")
  private static Message<ByteSlice> raw(Channel<?> channel) {
    return (Message<ByteSlice>) channel.messages().get(0);
  }

  private static ByteSlice bytes(String hex) {
    return ByteSlice.wrap(HEX.parseHex(hex));
  }

  @Test
  void channelsOpenedOnBothSidesAtOncePairWithEachOther() {
    channel(a, "a", "p", null).open(HEX.parseHex("aa"));
    channel(b, "b", "p", null).open(HEX.parseHex("bb"));
    link.scheduler.runUntilIdle();
    assertThat(events).containsExactlyInAnyOrder("a open bb", "b open aa");
    assertThat(a.opened("p", null)).isTrue();
  }

  @Test
  void messagesArrivingBeforeThePairingCompletesAreDeliveredInOrderAfterOpen() {
    b.pair("p", null, id -> channel(b, "b", "p", id).open(new byte[0]));
    Channel<byte[]> ca = channel(a, "a", "p", null);
    ca.open(new byte[0]);
    raw(ca).send(bytes("01"));
    raw(ca).send(bytes("02"));
    raw(ca).send(bytes("03"));
    link.scheduler.runUntilIdle();
    assertThat(events).containsSubsequence("b open ", "b msg 01", "b msg 02", "b msg 03");
  }

  @Test
  void tooMuchBufferedForAnUnpairedChannelPausesTheStreamUntilItDrains() {
    b.pair("p", null, id -> channel(b, "b", "p", id).open(new byte[0]));
    Channel<byte[]> ca = channel(a, "a", "p", null);
    ca.open(new byte[0]);
    // Messages of 4 KiB count 4 KiB + 512 each: the eighth passes the 32 KiB mark.
    for (int i = 0; i < 9; i++) {
      raw(ca).send(ByteSlice.wrap(new byte[4096]));
    }
    boolean pausedSeen = false;
    while (link.scheduler.size() > 0) {
      link.scheduler.runOne();
      pausedSeen |= link.b.paused;
    }
    assertThat(pausedSeen).as("paused above 32 KiB").isTrue();
    assertThat(link.b.paused).as("resumed once drained").isFalse();
    assertThat(events.stream().filter(e -> e.startsWith("b msg")).count()).isEqualTo(9);
  }

  @Test
  void corkedMessagesAndControlMessagesGoOutAsOneBatchAndArriveInOrder() {
    b.pair("one", null, id -> channel(b, "b", "one", id).open(new byte[0]));
    b.pair("two", null, id -> channel(b, "b", "two", id).open(new byte[0]));
    Channel<byte[]> first = channel(a, "a", "one", null);
    Channel<byte[]> second = channel(a, "a", "two", null);
    first.open(new byte[0]);
    second.open(new byte[0]);
    link.scheduler.runUntilIdle();
    int before = link.a.written.size();
    a.cork();
    raw(first).send(bytes("11"));
    raw(second).send(bytes("22"));
    raw(first).send(bytes("33"));
    Channel<byte[]> third = channel(a, "a", "three", null);
    third.open(new byte[0]); // a control message inside the batch
    raw(second).send(bytes("44"));
    a.uncork();
    assertThat(link.a.written).hasSize(before + 1);
    byte[] batch = link.a.written.get(before);
    assertThat(HEX.formatHex(batch)).startsWith("000001");
    link.scheduler.runUntilIdle();
    assertThat(events.stream().filter(e -> e.startsWith("b msg")).toList())
        .containsExactly("b msg 11", "b msg 22", "b msg 33", "b msg 44");
    assertThat(events).contains("a close true"); // "three" reached b inside the batch and was rejected
  }

  @Test
  void nestedCorksSendOnlyOnTheOutermostUncork() {
    Channel<byte[]> ca = channel(a, "a", "p", null);
    a.cork();
    a.cork();
    ca.open(new byte[0]);
    a.uncork();
    assertThat(link.a.written).isEmpty();
    a.uncork();
    assertThat(link.a.written).hasSize(1);
  }

  @Test
  void aClosedChannelsIdIsReusedOnceTheRemoteKnowsIt() {
    b.pair("p", null, id -> channel(b, "b", "p", id).open(new byte[0]));
    Channel<byte[]> first = channel(a, "a", "p", null);
    first.open(new byte[0]);
    link.scheduler.runUntilIdle();
    first.close();
    link.scheduler.runUntilIdle();
    Channel<byte[]> again = channel(a, "a", "p", null);
    again.open(new byte[0]);
    assertThat(HEX.formatHex(link.a.written.get(link.a.written.size() - 1))).startsWith("000101");
    assertThat(a.isIdle()).isFalse();
  }

  @Test
  void anIdClosedBeforeTheRemoteAnsweredIsNotReusedUntilItDoes() {
    b.pair("q", null, id -> channel(b, "b", "q", id).open(new byte[0]));
    Channel<byte[]> first = channel(a, "a", "p", null);
    first.open(new byte[0]); // b has no pair handler for "p": b will reject it
    first.close();
    Channel<byte[]> second = channel(a, "a", "q", null);
    second.open(new byte[0]);
    assertThat(HEX.formatHex(link.a.written.get(2))).as("second channel got id 2").startsWith("000102");
    link.scheduler.runUntilIdle(); // the reject for id 1 arrives and frees it
    Channel<byte[]> third = channel(a, "a", "r", null);
    third.open(new byte[0]);
    assertThat(HEX.formatHex(link.a.written.get(link.a.written.size() - 1))).startsWith("000101");
  }

  @Test
  void uniqueRefusesASecondOpenChannelWithTheSameKey() {
    channel(a, "a", "p", HEX.parseHex("01")).open(new byte[0]);
    assertThat(channel(a, "a", "p", HEX.parseHex("01"))).isNull();
    assertThat(channel(a, "a", "p", HEX.parseHex("02"))).isNotNull();
    assertThat(a.createChannel(options("a", "p", HEX.parseHex("01")).unique(false).build())).isNotNull();
  }

  @Test
  void anAliasSharesTheChannelKey() {
    Channel<byte[]> channel = a.createChannel(options("a", "v2", null).aliases(List.of("v1")).build());
    channel.open(new byte[0]);
    assertThat(a.opened("v1", null)).isTrue();
    assertThat(a.getLastChannel("v1", null)).isSameAs(channel);
    channel.close();
    assertThat(a.opened("v1", null)).isFalse();
  }

  @Test
  void aPairHandlerForTheExactIdWinsOverTheAnyIdHandler() {
    List<String> calls = new ArrayList<>();
    b.pair("p", null, id -> calls.add("any"));
    b.pair("p", HEX.parseHex("07"), id -> calls.add("exact"));
    channel(a, "a", "p", HEX.parseHex("07")).open(new byte[0]);
    channel(a, "a", "p", HEX.parseHex("08")).open(new byte[0]);
    link.scheduler.runUntilIdle();
    assertThat(calls).containsExactly("exact", "any");
    assertThat(events).containsExactly("a close true", "a destroy", "a close true", "a destroy");
  }

  @Test
  void closingTheStreamClosesEveryChannelAsRemote() {
    b.pair("p", null, id -> channel(b, "b", "p", id).open(new byte[0]));
    channel(a, "a", "p", null).open(new byte[0]);
    link.scheduler.runUntilIdle();
    events.clear();
    link.a.destroy(null);
    link.scheduler.runUntilIdle();
    assertThat(events).containsExactlyInAnyOrder("a close true", "a destroy", "b close true", "b destroy");
  }

  @Test
  void anOpenOnARemoteIdInUseDestroysTheStream() {
    b.pair("p", null, id -> channel(b, "b", "p", id).open(new byte[0]));
    channel(a, "a", "p", null).open(new byte[0]);
    link.scheduler.runUntilIdle();
    b.receive(HEX.parseHex("0001" + "01" + "0171" + "00")); // open again with remote id 1
    assertThat(link.b.destroyCause)
        .isInstanceOf(ProtomuxException.class)
        .hasMessageContaining("remote channel id 1 is in use");
  }

  @Test
  void anOpenThatSkipsRemoteIdsDestroysTheStream() {
    b.receive(HEX.parseHex("0001" + "05" + "0171" + "00"));
    assertThat(link.b.destroyCause).isInstanceOf(ProtomuxException.class).hasMessageContaining("skips ahead");
  }

  @Test
  void aRejectForAChannelNeverOpenedDestroysTheStream() {
    b.receive(HEX.parseHex("000209"));
    assertThat(link.b.destroyCause).isInstanceOf(ProtomuxException.class).hasMessageContaining("invalid reject");
  }

  @Test
  void aTruncatedFrameDestroysTheStreamWithAnEncodingError() {
    b.receive(HEX.parseHex("0001fd01")); // an open whose id is a cut-off uint16
    assertThat(link.b.destroyCause).isInstanceOf(EncodingException.class).hasMessageContaining("out of bounds");
  }

  @Test
  void aMessageThatFailsToDecodeDestroysTheStream() {
    b.pair("p", null, id -> b.createChannel(ChannelOptions.<byte[]>builder("p").id(id).handshake(Codecs.BUFFER)
        .message(Codecs.FIXED32, (v, ch) -> events.add("fixed")).build()).open(new byte[0]));
    Channel<byte[]> ca = channel(a, "a", "p", null);
    ca.open(new byte[0]);
    link.scheduler.runUntilIdle();
    raw(ca).send(bytes("0102")); // two bytes where 32 are expected
    link.scheduler.runUntilIdle();
    assertThat(link.b.destroyCause).isInstanceOf(EncodingException.class);
    assertThat(events).doesNotContain("fixed");
  }

  @Test
  void emptyFramesUnknownTypesAndStrayChannelsAreIgnored() {
    b.pair("p", null, id -> channel(b, "b", "p", id).open(new byte[0]));
    channel(a, "a", "p", null).open(new byte[0]);
    link.scheduler.runUntilIdle();
    b.receive(new byte[0]);
    b.receive(HEX.parseHex("0109ff")); // message type 9 on channel 1: nobody registered it
    b.receive(HEX.parseHex("0700")); // a channel the remote never opened
    b.receive(HEX.parseHex("0007")); // an unknown control type
    b.receive(HEX.parseHex("000300")); // close of channel 0: ignored
    assertThat(link.b.isClosed()).isFalse();
    assertThat(b.channels()).hasSize(1);
  }

  @Test
  void anOpenOfTheControlChannelIsRejected() {
    b.receive(HEX.parseHex("0001000171" + "00"));
    assertThat(HEX.formatHex(link.b.written.get(0))).isEqualTo("000200");
    assertThat(link.b.isClosed()).isFalse();
  }
}
