package io.protomux.wakeup.benchmarks;

import io.protomux.wakeup.adapters.bouncycastle.BouncyCastleCrypto;
import io.protomux.wakeup.adapters.bouncycastle.RandomSources;
import io.protomux.wakeup.ports.crypto.SecretStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;

/**
 * libsodium secretstream (XChaCha20-Poly1305) on the Bouncy Castle adapter: pushing one message
 * of 100 B or 64 KiB, and pushing then pulling it (the pull's cost is the difference).
 */
@org.openjdk.jmh.annotations.State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SecretStreamBenchmark {
  @Param({"100", "65536"})
  int size;

  private SecretStream.Push push;
  private SecretStream.Pull pull;
  private SecretStream.Push pairedPush;
  private byte[] message;
  private byte[] ciphertext;
  private byte[] plaintext;

  @Setup
  public void setUp() {
    BouncyCastleCrypto crypto = new BouncyCastleCrypto(RandomSources.seeded(1));
    byte[] key = crypto.random().bytes(SecretStream.KEY_BYTES);
    push = crypto.initPush(key);
    pairedPush = crypto.initPush(key);
    pull = crypto.initPull(key, pairedPush.header());
    message = crypto.random().bytes(size);
    ciphertext = new byte[size + SecretStream.ABYTES];
    plaintext = new byte[size];
  }

  @Benchmark
  public byte[] push() {
    push.push(message, 0, size, SecretStream.TAG_MESSAGE, ciphertext, 0);
    return ciphertext;
  }

  @Benchmark
  public byte[] pushThenPull() {
    pairedPush.push(message, 0, size, SecretStream.TAG_MESSAGE, ciphertext, 0);
    pull.pull(ciphertext, 0, ciphertext.length, plaintext, 0);
    return plaintext;
  }
}
