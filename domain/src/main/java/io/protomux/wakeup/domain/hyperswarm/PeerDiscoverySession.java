package io.protomux.wakeup.domain.hyperswarm;

import java.util.function.Consumer;

/**
 * What {@link Hyperswarm#join} returns: one caller's part in a topic. Sessions of a topic share
 * its {@link PeerDiscovery}; the topic is left when the last session is destroyed.
 */
public final class PeerDiscoverySession {
  private final PeerDiscovery discovery;
  private boolean isClient;
  private boolean isServer;
  private boolean destroyed;

  PeerDiscoverySession(PeerDiscovery discovery) {
    this.discovery = discovery;
  }

  /** The topic's discovery. */
  public PeerDiscovery discovery() {
    return discovery;
  }

  /** The topic (a copy). */
  public byte[] topic() {
    return discovery.topic();
  }

  /** Whether this session is a client. */
  public boolean isClient() {
    return isClient;
  }

  /** Whether this session is a server. */
  public boolean isServer() {
    return isServer;
  }

  /** Whether {@link #destroy()} was called. */
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Refreshes the topic with this session's mode unchanged (limit back to none, as the reference). */
  public void refresh() {
    refresh(new JoinOptions(isServer, isClient, Integer.MAX_VALUE));
  }

  /**
   * Changes this session's mode and the topic's limit, then refreshes the topic (at once if the
   * topic's mode changed).
   *
   * @throws IllegalStateException once destroyed
   */
  public void refresh(JoinOptions options) {
    if (destroyed) {
      throw new IllegalStateException("PeerDiscovery is destroyed");
    }
    if (options.client() != isClient) {
      isClient = options.client();
      discovery.clientSessions += isClient ? 1 : -1;
    }
    if (options.server() != isServer) {
      isServer = options.server();
      discovery.serverSessions += isServer ? 1 : -1;
    }
    discovery.limit = options.limit();
    discovery.refresh();
  }

  /** {@link PeerDiscovery#flushed}. */
  public void flushed(Consumer<Boolean> callback) {
    discovery.flushed(callback);
  }

  /**
   * Ends this session: the topic is left if it was the last, or refreshed as client-only if the
   * last server session went away.
   */
  public void destroy() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    if (isClient) {
      discovery.clientSessions--;
    }
    if (isServer) {
      discovery.serverSessions--;
    }
    discovery.sessions.remove(this);
    discovery.destroyMaybe();
  }
}
