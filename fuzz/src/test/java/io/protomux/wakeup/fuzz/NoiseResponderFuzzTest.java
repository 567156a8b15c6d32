package io.protomux.wakeup.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.protomux.wakeup.domain.noise.HandshakeResult;
import io.protomux.wakeup.domain.noise.NoiseException;
import io.protomux.wakeup.domain.noise.NoiseHandshake;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Fuzz target 5, the Noise XX responder: a {@link NoiseHandshake} responder with the keys of one
 * replayable handshake receives a message 1 from the input, answers, and receives a message 3
 * from the input. Only {@link NoiseException} may escape, and a failed handshake must stay failed
 * (every later call refused with it). A handshake that completes must have done so with the
 * vector's own messages (nothing else authenticates), and then yields the vector's peer key and
 * 32-byte keys and 64-byte hash.
 *
 * <p>Input: byte 0 picks the handshake (modulo {@value ReplayableKeys#HANDSHAKES}), byte 1 is the
 * length of message 1, which follows; the rest is message 3.
 */
class NoiseResponderFuzzTest {
  @FuzzTest
  void respondToMessages(byte[] input) {
    int index = (input.length > 0 ? input[0] & 0xff : 0) % ReplayableKeys.HANDSHAKES;
    int firstLength = input.length > 1 ? input[1] & 0xff : 0;
    int firstEnd = Math.min(input.length, 2 + firstLength);
    byte[] first = Arrays.copyOfRange(input, Math.min(2, input.length), firstEnd);
    byte[] third = Arrays.copyOfRange(input, firstEnd, input.length);

    NoiseHandshake responder =
        new NoiseHandshake(
            ReplayableKeys.CRYPTO,
            false,
            ReplayableKeys.responderStatic(index),
            ReplayableKeys.responderEphemeral(index));
    try {
      responder.receive(first);
    } catch (NoiseException refused) {
      expectFailedForGood(responder);
      return;
    }
    if (!responder.isMyTurn()) {
      throw new AssertionError("message 1 accepted, but it is not the responder's turn");
    }
    byte[] second;
    try {
      second = responder.send();
    } catch (NoiseException refused) { // e.g. an ephemeral key libsodium refuses
      expectFailedForGood(responder);
      return;
    }
    if (second.length != 96) {
      throw new AssertionError("message 2 of " + second.length + " bytes");
    }
    try {
      responder.receive(third);
    } catch (NoiseException refused) {
      expectFailedForGood(responder);
      return;
    }
    if (!responder.isComplete() || responder.isMyTurn()) {
      throw new AssertionError("message 3 accepted but the handshake is not complete");
    }
    HandshakeResult result = responder.result();
    if (!Arrays.equals(result.remotePublicKey(), ReplayableKeys.initiatorStatic(index).publicKey())) {
      throw new AssertionError("handshake completed with a key other than the initiator's");
    }
    if (result.tx().length != 32 || result.rx().length != 32 || result.handshakeHash().length != 64) {
      throw new AssertionError("wrong key or hash sizes: " + result);
    }
    expectRefused(responder::send, "send after completion");
    expectRefused(() -> responder.receive(third), "receive after completion");
  }

  private static void expectFailedForGood(NoiseHandshake responder) {
    if (responder.isComplete() || responder.isMyTurn()) {
      throw new AssertionError("a failed handshake still looks usable");
    }
    expectRefused(responder::send, "send after failure");
    expectRefused(() -> responder.receive(new byte[96]), "receive after failure");
  }

  private static void expectRefused(Runnable call, String what) {
    try {
      call.run();
    } catch (NoiseException expected) {
      return;
    }
    throw new AssertionError(what + " was not refused");
  }

  /** Builds an input in this target's format. */
  static byte[] input(int handshake, byte[] first, byte[] third) {
    if (first.length > 255) {
      throw new IllegalArgumentException("message 1 is at most 255 bytes here");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(handshake);
    out.write(first.length);
    out.writeBytes(first);
    out.writeBytes(third);
    return out.toByteArray();
  }
}
