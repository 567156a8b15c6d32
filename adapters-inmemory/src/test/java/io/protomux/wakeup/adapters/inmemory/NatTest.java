package io.protomux.wakeup.adapters.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.ports.datagram.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** NAT boxes of the datagram network: mapping, filtering, idle expiry, LAN, hairpin, replay. */
class NatTest {
  private static final String NAT_IP = "203.0.113.1";

  private final VirtualTimeLoop loop = new VirtualTimeLoop();
  private final DatagramNetwork network = new DatagramNetwork(loop, 1);

  /** What a socket received, as "first byte from host:port". */
  private static List<String> record(DatagramSocket socket) {
    List<String> seen = new ArrayList<>();
    socket.setHandler((datagram, source) ->
        seen.add(datagram.get(0) + " from " + source.getAddress().getHostAddress() + ":" + source.getPort()));
    return seen;
  }

  /** The sources a socket saw, in order. */
  private static List<InetSocketAddress> sources(DatagramSocket socket) {
    List<InetSocketAddress> seen = new ArrayList<>();
    socket.setHandler((datagram, source) -> seen.add(source));
    return seen;
  }

  private static ByteBuffer datagram(int first) {
    return ByteBuffer.wrap(new byte[] {(byte) first});
  }

  private DatagramSocket server(String host, int port) {
    return network.host(host).bind(host, port);
  }

  @Test
  void aConsistentNatGivesOneInsideSocketOnePublicPortItsOwnWhateverTheDestination() {
    Nat nat = network.nat(NAT_IP, NatOptions.consistent());
    DatagramSocket inside = nat.host("192.168.1.2").bind("0.0.0.0", 5000);
    DatagramSocket a = server("198.51.100.1", 7000);
    DatagramSocket b = server("198.51.100.2", 7000);
    List<InetSocketAddress> atA = sources(a);
    List<InetSocketAddress> atB = sources(b);

    inside.send(datagram(1), a.localAddress());
    inside.send(datagram(2), b.localAddress());
    loop.runUntilIdle();

    InetSocketAddress mapped = new InetSocketAddress(NAT_IP, 5000);
    assertThat(atA).containsExactly(mapped);
    assertThat(atB).containsExactly(mapped);
    assertThat(nat.stats().mappingsCreated()).isEqualTo(1);
  }

  @Test
  void aConsistentNatPicksAnotherPortWhenTheInsidePortIsTaken() {
    Nat nat = network.nat(NAT_IP, NatOptions.consistent());
    DatagramSocket first = nat.host("192.168.1.2").bind("0.0.0.0", 5000);
    DatagramSocket second = nat.host("192.168.1.3").bind("0.0.0.0", 5000);
    DatagramSocket remote = server("198.51.100.1", 7000);
    List<InetSocketAddress> seen = sources(remote);

    first.send(datagram(1), remote.localAddress());
    second.send(datagram(2), remote.localAddress());
    second.send(datagram(3), remote.localAddress());
    loop.runUntilIdle();

    assertThat(seen.get(0).getPort()).isEqualTo(5000);
    assertThat(seen.get(1).getPort()).isNotEqualTo(5000);
    assertThat(seen.get(2)).as("the second socket keeps its one mapping").isEqualTo(seen.get(1));
  }

  @Test
  void aRandomNatGivesEachDestinationItsOwnPublicPort() {
    Nat nat = network.nat(NAT_IP, NatOptions.random());
    DatagramSocket inside = nat.host("192.168.1.2").bind("0.0.0.0", 5000);
    DatagramSocket a = server("198.51.100.1", 7000);
    DatagramSocket a2 = server("198.51.100.1", 7001);
    DatagramSocket b = server("198.51.100.2", 7000);
    List<InetSocketAddress> atA = sources(a);
    List<InetSocketAddress> atA2 = sources(a2);
    List<InetSocketAddress> atB = sources(b);

    inside.send(datagram(1), a.localAddress());
    inside.send(datagram(2), a2.localAddress());
    inside.send(datagram(3), b.localAddress());
    inside.send(datagram(4), a.localAddress());
    loop.runUntilIdle();

    Set<Integer> ports = new HashSet<>(List.of(atA.get(0).getPort(), atA2.get(0).getPort(), atB.get(0).getPort()));
    assertThat(ports).hasSize(3);
    assertThat(atA.get(1)).as("the same destination keeps its mapping").isEqualTo(atA.get(0));
    assertThat(atA.get(0).getAddress().getHostAddress()).isEqualTo(NAT_IP);
    assertThat(nat.stats().mappingsCreated()).isEqualTo(3);
  }

  @Test
  void repliesPassOnlyFromTheAddressAndPortTheInsideSocketSentTo() {
    Nat nat = network.nat(NAT_IP, NatOptions.consistent());
    DatagramSocket inside = nat.host("192.168.1.2").bind("0.0.0.0", 5000);
    List<String> received = record(inside);
    DatagramSocket remote = server("198.51.100.1", 7000);
    DatagramSocket remoteOtherPort = server("198.51.100.1", 7001);
    DatagramSocket stranger = server("198.51.100.9", 7000);
    record(remote);
    InetSocketAddress mapped = new InetSocketAddress(NAT_IP, 5000);

    stranger.send(datagram(0), mapped); // before any mapping
    loop.runUntilIdle();
    inside.send(datagram(1), remote.localAddress());
    loop.runUntilIdle();
    remote.send(datagram(2), mapped);
    remoteOtherPort.send(datagram(3), mapped);
    stranger.send(datagram(4), mapped);
    remote.send(datagram(5), new InetSocketAddress(NAT_IP, 5001)); // an unmapped port
    loop.runUntilIdle();

    assertThat(received).containsExactly("2 from 198.51.100.1:7000");
    assertThat(nat.stats().unmappedDrops()).isEqualTo(2);
    assertThat(nat.stats().filteredDrops()).isEqualTo(2);
    assertThat(network.stats().natDrops()).isEqualTo(4);
    assertThat(network.stats().unreachable()).isZero();
  }

  @Test
  void addressOnlyFilteringLetsAnyPortOfAnAddressSentToThrough() {
    Nat nat = network.nat(NAT_IP, NatOptions.consistent().withFiltering(NatOptions.Filtering.ADDRESS));
    DatagramSocket inside = nat.host("192.168.1.2").bind("0.0.0.0", 5000);
    List<String> received = record(inside);
    DatagramSocket remote = server("198.51.100.1", 7000);
    DatagramSocket remoteOtherPort = server("198.51.100.1", 7001);
    DatagramSocket stranger = server("198.51.100.9", 7000);
    InetSocketAddress mapped = new InetSocketAddress(NAT_IP, 5000);

    inside.send(datagram(1), remote.localAddress());
    loop.runUntilIdle();
    remoteOtherPort.send(datagram(2), mapped);
    stranger.send(datagram(3), mapped);
    loop.runUntilIdle();

    assertThat(received).containsExactly("2 from 198.51.100.1:7001");
    assertThat(nat.stats().filteredDrops()).isEqualTo(1);
  }

  @Test
  void anIdleMappingExpiresAfterTheTimeoutAndTrafficEitherWayKeepsItAlive() {
    Nat nat = network.nat(NAT_IP, NatOptions.consistent().withIdleTimeout(10_000));
    DatagramSocket inside = nat.host("192.168.1.2").bind("0.0.0.0", 5000);
    List<String> received = record(inside);
    DatagramSocket remote = server("198.51.100.1", 7000);
    InetSocketAddress mapped = new InetSocketAddress(NAT_IP, 5000);

    inside.send(datagram(1), remote.localAddress());
    loop.runFor(9_000);
    remote.send(datagram(2), mapped); // 9 s idle: passes, and refreshes the mapping
    loop.runFor(9_000);
    remote.send(datagram(3), mapped); // 9 s after the reply: still alive
    loop.runFor(10_000);
    remote.send(datagram(4), mapped); // 10 s of silence: gone
    loop.runUntilIdle();

    assertThat(received).containsExactly("2 from 198.51.100.1:7000", "3 from 198.51.100.1:7000");
    assertThat(nat.stats().mappingsExpired()).isEqualTo(1);
    assertThat(nat.stats().unmappedDrops()).isEqualTo(1);

    inside.send(datagram(5), remote.localAddress()); // a new mapping; the port was free again
    loop.runUntilIdle();
    remote.send(datagram(6), mapped);
    loop.runUntilIdle();
    assertThat(received).endsWith("6 from 198.51.100.1:7000");
    assertThat(nat.stats().mappingsCreated()).isEqualTo(2);
  }

  @Test
  void aPermissionLapsesOnItsOwnWhileTheMappingLivesOnOtherTraffic() {
    Nat nat = network.nat(NAT_IP, NatOptions.consistent().withIdleTimeout(10_000));
    DatagramSocket inside = nat.host("192.168.1.2").bind("0.0.0.0", 5000);
    List<String> received = record(inside);
    DatagramSocket a = server("198.51.100.1", 7000);
    DatagramSocket b = server("198.51.100.2", 7000);
    InetSocketAddress mapped = new InetSocketAddress(NAT_IP, 5000);

    inside.send(datagram(1), a.localAddress());
    loop.runFor(6_000);
    inside.send(datagram(2), b.localAddress());
    loop.runFor(6_000);
    a.send(datagram(3), mapped); // a's permission is 12 s old
    b.send(datagram(4), mapped); // b's is 6 s old
    loop.runUntilIdle();

    assertThat(received).containsExactly("4 from 198.51.100.2:7000");
    assertThat(nat.stats().filteredDrops()).isEqualTo(1);
  }

  @Test
  void hostsBehindOneNatTalkOnPrivateAddressesAndHairpinningIsOff() {
    Nat nat = network.nat(NAT_IP, NatOptions.consistent());
    DatagramSocket a = nat.host("192.168.1.2").bind("0.0.0.0", 5000);
    DatagramSocket b = nat.host("192.168.1.3").bind("0.0.0.0", 5000);
    List<String> atB = record(b);
    DatagramSocket remote = server("198.51.100.1", 7000);

    a.send(datagram(1), b.localAddress());
    b.send(datagram(9), remote.localAddress()); // b is mapped on the public side
    loop.runUntilIdle();
    a.send(datagram(2), new InetSocketAddress(NAT_IP, 5000)); // b's public address: no hairpin
    loop.runUntilIdle();

    assertThat(atB).containsExactly("1 from 192.168.1.2:5000");
    assertThat(nat.stats().hairpinDrops()).isEqualTo(1);
    assertThat(nat.stats().mappingsCreated()).as("LAN traffic maps nothing").isEqualTo(1);
  }

  @Test
  void privateAddressesRepeatBehindOtherNatsAndAreUnreachableFromOutside() {
    Nat home = network.nat(NAT_IP, NatOptions.consistent());
    Nat office = network.nat("203.0.113.2", NatOptions.consistent());
    DatagramSocket atHome = home.host("192.168.1.2").bind("0.0.0.0", 5000);
    DatagramSocket atOffice = office.host("192.168.1.2").bind("0.0.0.0", 5000);
    List<String> homeSeen = record(atHome);
    List<String> officeSeen = record(atOffice);
    DatagramSocket remote = server("198.51.100.1", 7000);

    remote.send(datagram(1), new InetSocketAddress("192.168.1.2", 5000));
    atHome.send(datagram(2), new InetSocketAddress("192.168.1.3", 5000)); // not on this LAN
    loop.runUntilIdle();

    assertThat(homeSeen).isEmpty();
    assertThat(officeSeen).isEmpty();
    assertThat(network.stats().unreachable()).isEqualTo(2);
  }

  @Test
  void pathProfilesApplyThroughTheNatByPrivateOrPublicAddress() {
    Nat nat = network.nat(NAT_IP, NatOptions.consistent());
    DatagramSocket lossy = nat.host("192.168.1.2").bind("0.0.0.0", 5000);
    DatagramSocket slow = nat.host("192.168.1.3").bind("0.0.0.0", 5000);
    DatagramSocket remote = server("198.51.100.1", 7000);
    List<String> seen = new ArrayList<>();
    remote.setHandler((d, source) -> seen.add(loop.nowMillis() + ": " + d.get(0)));
    network.path("192.168.1.2", "198.51.100.1", PathProfile.PERFECT.withLoss(1));
    network.path(NAT_IP, "198.51.100.1", PathProfile.PERFECT.withLatency(40, 0));
    network.path("198.51.100.1", NAT_IP, PathProfile.PERFECT.withLatency(25, 0));
    List<String> back = new ArrayList<>();
    slow.setHandler((d, source) -> back.add(loop.nowMillis() + ": " + d.get(0)));

    lossy.send(datagram(1), remote.localAddress());
    slow.send(datagram(2), remote.localAddress());
    loop.runUntilIdle();
    remote.send(datagram(3), new InetSocketAddress(NAT_IP, 5001));
    loop.runUntilIdle();

    assertThat(seen).containsExactly("40: 2");
    assertThat(back).containsExactly("65: 3");
    assertThat(network.stats().lost()).isEqualTo(1);
  }

  @Test
  void randomPortsReplayFromTheSeed() {
    List<Integer> first = randomPorts(5);
    assertThat(randomPorts(5)).isEqualTo(first);
    assertThat(randomPorts(6)).isNotEqualTo(first);
  }

  private static List<Integer> randomPorts(long seed) {
    VirtualTimeLoop runLoop = new VirtualTimeLoop();
    DatagramNetwork net = new DatagramNetwork(runLoop, seed);
    Nat nat = net.nat(NAT_IP, NatOptions.random());
    DatagramSocket inside = nat.host("192.168.1.2").bind("0.0.0.0", 5000);
    DatagramSocket remote = net.host("198.51.100.1").bind("0.0.0.0", 7000);
    List<InetSocketAddress> seen = sources(remote);
    for (int port = 7000; port < 7010; port++) {
      inside.send(datagram(1), new InetSocketAddress("198.51.100.1", 7000));
      inside.send(datagram(1), new InetSocketAddress("198.51.100.2", port));
    }
    runLoop.runUntilIdle();
    List<Integer> ports = new ArrayList<>();
    seen.forEach(source -> ports.add(source.getPort()));
    return ports;
  }

  @Test
  void tapsSeeDeliveriesWithTheTranslatedSourceAndThePrivateReceiver() {
    Nat nat = network.nat(NAT_IP, NatOptions.consistent());
    DatagramSocket inside = nat.host("192.168.1.2").bind("0.0.0.0", 5000);
    record(inside);
    DatagramSocket remote = server("198.51.100.1", 7000);
    record(remote);
    List<String> tapped = new ArrayList<>();
    network.addTap((at, source, receiver, bytes) ->
        tapped.add(source.getAddress().getHostAddress() + ":" + source.getPort() + ">"
            + receiver.getAddress().getHostAddress() + ":" + receiver.getPort() + " " + bytes.get(0)));

    inside.send(datagram(1), remote.localAddress());
    loop.runUntilIdle();
    remote.send(datagram(2), new InetSocketAddress(NAT_IP, 5000));
    remote.send(datagram(3), new InetSocketAddress(NAT_IP, 5999)); // dropped: not tapped
    loop.runUntilIdle();

    assertThat(tapped).containsExactly(
        NAT_IP + ":5000>198.51.100.1:7000 1", "198.51.100.1:7000>192.168.1.2:5000 2");
  }

  @Test
  void aNatAddressCannotBeAHostNorAnotherNat() {
    network.nat(NAT_IP, NatOptions.consistent());
    network.host("198.51.100.1");
    assertThatThrownBy(() -> network.host(NAT_IP))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("public address of a NAT");
    assertThatThrownBy(() -> network.nat(NAT_IP, NatOptions.random()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in use");
    assertThatThrownBy(() -> network.nat("198.51.100.1", NatOptions.random()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in use");
    assertThatThrownBy(() -> network.nat("203.0.113.9", NatOptions.random()).host("203.0.113.9"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own public address");
    assertThatThrownBy(() -> NatOptions.consistent().withIdleTimeout(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
