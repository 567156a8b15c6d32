package io.protomux.wakeup.domain.stream;

import java.util.ArrayList;
import java.util.List;

/** Records what a secret stream reports, for assertions. */
final class StreamEvents implements SecretStreamHandler {
  final List<byte[]> messages = new ArrayList<>();
  int opens;
  int ends;
  int closes;
  Throwable closeCause;

  @Override
  public void onOpen(NoiseSecretStream stream) {
    opens++;
  }

  @Override
  public void onMessage(byte[] message) {
    messages.add(message);
  }

  @Override
  public void onEnd() {
    ends++;
  }

  @Override
  public void onClose(Throwable cause) {
    closes++;
    closeCause = cause;
  }
}
