package io.protomux.wakeup.domain.encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

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
    if (list instanceof RandomAccess) {
      for (int i = 0, n = list.size(); i < n; i++) { // no iterator per message
        items.preencode(state, list.get(i));
      }
      return;
    }
    for (T item : list) {
      items.preencode(state, item);
    }
  }

  @Override
  public void encode(State state, List<T> list) {
    checkEncodable(list);
    UintCodec.INSTANCE.encodeLong(state, list.size());
    if (list instanceof RandomAccess) {
      for (int i = 0, n = list.size(); i < n; i++) {
        items.encode(state, list.get(i));
      }
      return;
    }
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
    if (count == 1) {
      T item = items.decode(state);
      return item == null ? Collections.singletonList(null) : List.of(item);
    }
    // The count is only a claim until the items are read: size the array by what the input can
    // hold, not by what it says.
    Object[] decoded = new Object[(int) Math.min(count, state.remaining())];
    boolean anyNull = false;
    for (int i = 0; i < count; i++) {
      if (i == decoded.length) {
        // More items than bytes (items that take no bytes): grow as a list would.
        decoded = Arrays.copyOf(decoded, (int) Math.min(count, Math.max(8, 2L * i)));
      }
      Object item = items.decode(state);
      anyNull |= item == null;
      decoded[i] = item;
    }
    if (decoded.length != count) {
      decoded = Arrays.copyOf(decoded, (int) count);
    }
    return listOf(decoded, anyNull);
  }

  /**
   * An unmodifiable list of the items: an immutable one, which {@code List.copyOf} hands back as
   * it is (so a message record that copies its list does not copy it again), unless an item is
   * null, which immutable lists refuse.
   */
  @SuppressWarnings("unchecked")
  private static <T> List<T> listOf(Object[] decoded, boolean anyNull) {
    if (anyNull) {
      return Collections.unmodifiableList(new ArrayList<>(Arrays.asList((T[]) decoded)));
    }
    return switch (decoded.length) {
      case 0 -> List.of();
      case 1 -> List.of((T) decoded[0]);
      case 2 -> List.of((T) decoded[0], (T) decoded[1]);
      default -> (List<T>) List.of(decoded);
    };
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
