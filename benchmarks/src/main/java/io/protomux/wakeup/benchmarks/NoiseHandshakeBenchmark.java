package io.protomux.wakeup.benchmarks;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.domain.noise.HandshakeResult;
import io.protomux.wakeup.domain.noise.NoiseHandshake;
import io.protomux.wakeup.ports.crypto.KeyPair;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;

/**
 * A whole Noise XX handshake (Ed25519, ChaChaPoly, BLAKE2b), both sides in turn: three messages,
 * each side's fresh ephemeral key pair, six Diffie-Hellmans with libsodium's checks of the remote
 * keys. Plus the primitives it is made of, to see where its time goes.
 */
@org.openjdk.jmh.annotations.State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NoiseHandshakeBenchmark {
  private BouncyCastleCrypto crypto;
  private KeyPair initiatorKeys;
  private KeyPair responderKeys;
  private byte[] hashInput;
  private byte[][] remoteKeys;
  private int next;

  @Setup
  public void setUp() {
    crypto = new BouncyCastleCrypto(RandomSources.seeded(2));
    initiatorKeys = crypto.keyPair();
    responderKeys = crypto.keyPair();
    hashInput = crypto.random().bytes(128);
    remoteKeys = new byte[16][];
    for (int i = 0; i < remoteKeys.length; i++) {
      remoteKeys[i] = crypto.keyPair().publicKey();
    }
  }

  @Benchmark
  public HandshakeResult fullHandshake() {
    NoiseHandshake initiator = new NoiseHandshake(crypto, true, initiatorKeys);
    NoiseHandshake responder = new NoiseHandshake(crypto, false, responderKeys);
    responder.receive(initiator.send());
    initiator.receive(responder.send());
    responder.receive(initiator.send());
    if (!initiator.isComplete() || !responder.isComplete()) {
      throw new IllegalStateException("handshake did not complete");
    }
    return initiator.result();
  }

  /**
   * One noise-curve-ed Diffie-Hellman with a public key not seen just before: libsodium's checks
   * of the key, then the multiplication.
   */
  @Benchmark
  public byte[] dh() {
    next = (next + 1) & 15;
    return crypto.dh(initiatorKeys.secretKey(), remoteKeys[next]);
  }

  /** The same with a public key just checked (the adapter then skips the checks). */
  @Benchmark
  public byte[] dhRepeatedKey() {
    return crypto.dh(initiatorKeys.secretKey(), responderKeys.publicKey());
  }

  /** An ephemeral key pair (fixed-base multiplication). */
  @Benchmark
  public KeyPair keyPair() {
    return crypto.keyPair();
  }

  /** BLAKE2b-256 of 128 bytes, the size of a capability proof's input. */
  @Benchmark
  public byte[] blake2b() {
    return crypto.hash(hashInput);
  }
}
