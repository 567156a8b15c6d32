package io.protomux.wakeup.domain.encoding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * {@code array(T)}: a uint count, then each item. Counts above {@link
 * CompactEncoding#MAX_ARRAY_LENGTH} are refused both ways, as the reference does when decoding.
 */
final class ArrayCodec<T> implements Codec<List<T>> {
  private final Codec<T> items;

  ArrayCodec(Codec<T> items) {
    this.items = Objects.requireNonNull(items, "items");
  }

  @Override
  public void preencode(State state, List<T> list) {
    checkEncodable(list);
    UintCodec.INSTANCE.preencodeLong(state, list.size());
    for (T item : list) {
      items.preencode(state, item);
    }
  }

  @Override
  public void encode(State state, List<T> list) {
    checkEncodable(list);
    UintCodec.INSTANCE.encodeLong(state, list.size());
    for (T item : list) {
      items.encode(state, item);
    }
  }

  @Override
  public List<T> decode(State state) {
    long count = UintCodec.INSTANCE.decodeLong(state);
    if (count > CompactEncoding.MAX_ARRAY_LENGTH) {
      throw new EncodingException(tooBig(count));
    }
    // The count is only a claim until the items are read: size the list by what the input can
    // hold, not by what it says.
    List<T> list = new ArrayList<>((int) Math.min(count, state.remaining()));
    for (long i = 0; i < count; i++) {
      list.add(items.decode(state));
    }
    return Collections.unmodifiableList(list);
  }

  private static void checkEncodable(List<?> list) {
    Objects.requireNonNull(list, "array");
    if (list.size() > CompactEncoding.MAX_ARRAY_LENGTH) {
      throw new IllegalArgumentException(tooBig(list.size()));
    }
  }

  private static String tooBig(long count) {
    return "array is too big: " + count + " > " + CompactEncoding.MAX_ARRAY_LENGTH;
  }

  @Override
  public String toString() {
    return "array(" + items + ")";
  }
}
