package io.protomux.wakeup.adapters.inmemory.simulation;

import io.protomux.wakeup.adapters.inmemory.InMemoryTransport;
import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.wakeup.Capability;
import io.protomux.wakeup.domain.wakeup.SessionOptions;
import io.protomux.wakeup.domain.wakeup.OnWakeup;
import io.protomux.wakeup.domain.wakeup.SessionHandlers;
import io.protomux.wakeup.domain.wakeup.WakeupSession;
import io.protomux.wakeup.domain.wakeup.WakeupSwarm;
import io.protomux.wakeup.ports.crypto.Crypto;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One simulated peer: its own {@link WakeupSwarm}, static key pair, crypto provider (from the
 * simulation's factory, seeded for this node) and in-memory transport. Made by {@link
 * Simulation#addNode}. Like everything in a simulation, use it on the thread driving it.
 */
public final class SimNode {
  private final Simulation simulation;
  private final String name;
  private final Crypto crypto;
  private final KeyPair keyPair;
  private final Key32 publicKey;
  private final InMemoryTransport transport;
  private final WakeupSwarm swarm;
  private final List<SimLink> links = new ArrayList<>();
  private OnWakeup onWakeup = OnWakeup.IGNORE;

  SimNode(
      Simulation simulation,
      String name,
      Crypto crypto,
      KeyPair keyPair,
      InMemoryTransport transport,
      WakeupSwarm.Builder swarm) {
    this.simulation = simulation;
    this.name = name;
    this.crypto = crypto;
    this.keyPair = keyPair;
    this.publicKey = Key32.of(keyPair.publicKey());
    this.transport = transport;
    this.swarm =
        swarm
            .onWakeup(this::wakeup)
            .errorHandler(failure -> simulation.handlerFailed(this, failure))
            .build();
  }

  /** The name given to {@link Simulation#addNode}: the node's host name on the network. */
  public String name() {
    return name;
  }

  /** The node's static public key, which its peers see as {@code remotePublicKey}. */
  public Key32 publicKey() {
    return publicKey;
  }

  /**
   * This node's swarm. Sessions made directly on it work, but their handler calls are not traced:
   * prefer {@link #session}.
   */
  public WakeupSwarm swarm() {
    return swarm;
  }

  /** {@link #session(Capability, SessionHandlers, SessionOptions)} with the default options. */
  public WakeupSession session(Capability capability, SessionHandlers handlers) {
    return session(capability, handlers, SessionOptions.DEFAULTS);
  }

  /**
   * Joins a topic on this node's swarm. Every call the session's handlers get is put in the trace
   * first, then passed to {@code handlers}.
   */
  public WakeupSession session(
      Capability capability, SessionHandlers handlers, SessionOptions options) {
    Objects.requireNonNull(handlers, "handlers");
    WakeupSession session =
        swarm.session(capability, new TracingHandlers(simulation, this, handlers), options);
    simulation.record(
        name,
        "session",
        "topic=" + Describe.prefix(session.topic()) + " active=" + options.active());
    return session;
  }

  /**
   * Sets the swarm's {@link OnWakeup}: a remote opened a topic this node has no session for.
   * Creating a session with {@link #session} in the call accepts it. Each call is traced as {@code
   * wakeup}. The default ignores them, so the remote's channel is rejected.
   */
  public void onWakeup(OnWakeup handler) {
    this.onWakeup = Objects.requireNonNull(handler, "handler");
  }

  /** This node's ends of its links whose handshake completed and that have not closed yet. */
  public List<NoiseSecretStream> streams() {
    List<NoiseSecretStream> open = new ArrayList<>();
    for (SimLink link : links) {
      NoiseSecretStream stream = link.streamOf(this);
      if (stream != null && stream.isOpen()) {
        open.add(stream);
      }
    }
    return open;
  }

  /** Every link this node dialed or accepted, closed ones included, oldest first. */
  public List<SimLink> links() {
    return List.copyOf(links);
  }

  @Override
  public String toString() {
    return name;
  }

  Crypto crypto() {
    return crypto;
  }

  KeyPair keyPair() {
    return keyPair;
  }

  InMemoryTransport transport() {
    return transport;
  }

  void linkAdded(SimLink link) {
    links.add(link);
  }

  private void wakeup(Key32 topic, NoiseSecretStream stream) {
    simulation.record(
        name, "wakeup", "topic=" + Describe.prefix(topic) + " " + simulation.describe(stream));
    onWakeup.onWakeup(topic, stream);
  }
}
