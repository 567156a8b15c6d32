package io.protomux.wakeup.domain.wakeup.messages;

import io.protomux.wakeup.domain.encoding.NamedCodec;
import java.util.List;
import java.util.Optional;

/**
 * The protomux-wakeup schema: one codec per message, under the reference's names, and the order
 * the channel registers its messages in (which fixes their Protomux type numbers).
 */
public final class WakeupMessages {
  /** The Protomux protocol name of the wakeup channel. */
  public static final String PROTOCOL = "wakeup";

  /** The handshake version the reference sends. */
  public static final long VERSION = 0;

  /** {@code @wakeup/handshake}: the channel's open handshake. */
  public static final NamedCodec<Handshake> HANDSHAKE =
      new NamedCodec<>("@wakeup/handshake", HandshakeCodec.INSTANCE);

  /** {@code @wakeup/lookup}: channel message type 0. */
  public static final NamedCodec<Lookup> LOOKUP =
      new NamedCodec<>("@wakeup/lookup", LookupCodec.INSTANCE);

  /** {@code @wakeup/announce}: channel message type 1. */
  public static final NamedCodec<Announce> ANNOUNCE =
      new NamedCodec<>("@wakeup/announce", AnnounceCodec.INSTANCE);

  /** {@code @wakeup/info}: channel message type 2. */
  public static final NamedCodec<Info> INFO = new NamedCodec<>("@wakeup/info", InfoCodec.INSTANCE);

  /** {@code @wakeup/writer}: one announce entry, on its own. */
  public static final NamedCodec<Wakeup> WRITER =
      new NamedCodec<>("@wakeup/writer", WakeupCodec.INSTANCE);

  /** The channel messages in registration order: the index is the Protomux message type. */
  public static final List<NamedCodec<?>> CHANNEL_MESSAGES = List.of(LOOKUP, ANNOUNCE, INFO);

  private static final List<NamedCodec<?>> ALL = List.of(HANDSHAKE, LOOKUP, ANNOUNCE, INFO, WRITER);

  private WakeupMessages() {}

  /** The codec with schema name {@code name} (e.g. {@code "@wakeup/info"}), if there is one. */
  public static Optional<NamedCodec<?>> byName(String name) {
    return ALL.stream().filter(codec -> codec.name().equals(name)).findFirst();
  }
}
