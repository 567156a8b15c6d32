package io.protomux.wakeup.domain.hyperswarm;

import io.protomux.wakeup.domain.Key32;
import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reference's {@code ConnectionSet}: the one connection (opening or open) per remote key. */
final class ConnectionSet {
  private final Map<Key32, NoiseSecretStream> byKey = new LinkedHashMap<>();

  int size() {
    return byKey.size();
  }

  boolean has(Key32 key) {
    return byKey.containsKey(key);
  }

  NoiseSecretStream get(Key32 key) {
    return byKey.get(key);
  }

  void add(Key32 key, NoiseSecretStream connection) {
    byKey.put(key, connection);
  }

  /** Removes the key's entry only if it is still this connection (a newer one may have replaced it). */
  void delete(Key32 key, NoiseSecretStream connection) {
    byKey.remove(key, connection);
  }

  List<NoiseSecretStream> snapshot() {
    return new ArrayList<>(byKey.values());
  }
}
