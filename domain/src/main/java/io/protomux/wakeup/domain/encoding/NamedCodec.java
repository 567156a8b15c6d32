package io.protomux.wakeup.domain.encoding;

import java.util.Objects;

/**
 * A codec together with the name a schema gives it (e.g. {@code @wakeup/handshake}); it encodes and
 * decodes exactly like the codec it wraps.
 *
 * @param name the schema name
 * @param codec the codec
 * @param <T> the decoded type
 */
public record NamedCodec<T>(String name, Codec<T> codec) implements Codec<T> {
  /** Checks that neither part is null. */
  public NamedCodec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(codec, "codec");
  }

  @Override
  public void preencode(State state, T value) {
    codec.preencode(state, value);
  }

  @Override
  public void encode(State state, T value) {
    codec.encode(state, value);
  }

  @Override
  public T decode(State state) {
    return codec.decode(state);
  }

  @Override
  public String toString() {
    return name;
  }
}
