package io.protomux.wakeup.domain.protomux;

import io.protomux.wakeup.domain.stream.NoiseSecretStream;
import io.protomux.wakeup.domain.stream.SecretStreamHandler;

/** Runs a {@link Protomux} over a {@link NoiseSecretStream}: each secret-stream message is one frame. */
final class SecretStreamFrames implements FramedStream {
  private final NoiseSecretStream stream;

  SecretStreamFrames(NoiseSecretStream stream) {
    this.stream = stream;
  }

  static Protomux attach(NoiseSecretStream stream, ProtomuxOptions options) {
    Protomux mux =
        new Protomux(new SecretStreamFrames(stream), stream.connection().eventLoop(), options);
    stream.setUserData(mux);
    stream.setHandler(
        new SecretStreamHandler() {
          @Override
          public void onMessage(byte[] message) {
            mux.receive(message);
          }

          @Override
          public void onDrain() {
            mux.onStreamDrain();
          }

          @Override
          public void onEnd() {
            mux.onStreamEnd();
          }

          @Override
          public void onClose(Throwable cause) {
            mux.onStreamClose();
          }
        });
    return mux;
  }

  @Override
  public boolean write(byte[] frame) {
    // After end the frame has nowhere to go; the reference drops it too (its channels are about
    // to close with the stream).
    if (stream.isClosed() || stream.isEnding()) {
      return false;
    }
    return stream.write(frame);
  }

  @Override
  public boolean write(byte[] frame, int offset, int length) {
    if (stream.isClosed() || stream.isEnding()) {
      return false;
    }
    return stream.write(frame, offset, length);
  }

  @Override
  public void pause() {
    stream.pause();
  }

  @Override
  public void resume() {
    stream.resume();
  }

  @Override
  public void end() {
    stream.end();
  }

  @Override
  public void destroy(Throwable cause) {
    stream.destroy(cause);
  }

  @Override
  public boolean isClosed() {
    return stream.isClosed();
  }
}
