package io.protomux.wakeup.cli;

import io.protomux.wakeup.domain.Key32;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/** {@code --exit-on}: watches the output until the event has happened on every given topic. */
final class ExitCondition implements Consumer<Event> {
  private final ExitEvent event;
  private final Set<Key32> waiting;
  private final Runnable onMet;
  private boolean met;

  /**
   * @param topics the sessions' topics, each of which must see the event
   * @param onMet runs once, on the thread that emitted the last event needed
   */
  ExitCondition(ExitEvent event, Set<Key32> topics, Runnable onMet) {
    this.event = event;
    this.waiting = new HashSet<>(topics);
    this.onMet = onMet;
  }

  @Override
  public void accept(Event emitted) {
    synchronized (this) {
      if (met || !emitted.name().equals(event.eventName()) || !waiting.remove(emitted.topic())) {
        return;
      }
      if (!waiting.isEmpty()) {
        return;
      }
      met = true;
    }
    onMet.run();
  }
}
