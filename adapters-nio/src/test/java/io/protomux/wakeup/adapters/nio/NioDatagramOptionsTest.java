package io.protomux.wakeup.adapters.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The datagram options: libudx's defaults, and every limit's validation naming it and its value. */
class NioDatagramOptionsTest {
  private static final NioDatagramOptions DEFAULTS = NioDatagramOptions.defaults();

  private static void refused(ThrowingCallable options, String message) {
    assertThatThrownBy(options).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void theDefaultsAreLibudxsAndAQueueThatWarnsLongBeforeItDrops() {
    assertThat(DEFAULTS).isEqualTo(new NioDatagramOptions(2048, 2048, 256, 64, 1024, 212_992, 1024 * 1024));
  }

  @Test
  void theWithersChangeOnlyTheirOwnOptions() {
    assertThat(DEFAULTS.withDatagramBytes(1500, 65_507))
        .isEqualTo(new NioDatagramOptions(1500, 65_507, 256, 64, 1024, 212_992, 1024 * 1024));
    assertThat(DEFAULTS.withSendQueue(10, 0, 11))
        .isEqualTo(new NioDatagramOptions(2048, 2048, 10, 0, 11, 212_992, 1024 * 1024));
    assertThat(DEFAULTS.withSocketBuffers(0, 4096))
        .isEqualTo(new NioDatagramOptions(2048, 2048, 256, 64, 1024, 0, 4096));
  }

  @Test
  void datagramSizesMustFitUdp() {
    refused(() -> DEFAULTS.withDatagramBytes(0, 2048),
        "maxDatagramBytes must be between 1 and 65507 (the most one UDP datagram carries): 0");
    refused(() -> DEFAULTS.withDatagramBytes(65_508, 2048),
        "maxDatagramBytes must be between 1 and 65507 (the most one UDP datagram carries): 65508");
    refused(() -> DEFAULTS.withDatagramBytes(2048, -1),
        "maxReceiveBytes must be between 1 and 65507 (the most one UDP datagram carries): -1");
    assertThat(DEFAULTS.withDatagramBytes(1, 65_507).maxReceiveBytes()).isEqualTo(65_507);
  }

  @Test
  void theWaterMarksMustBeOrderedBelowTheHardLimit() {
    refused(() -> DEFAULTS.withSendQueue(10, -1, 20), "lowWaterDatagrams must not be negative: -1");
    refused(() -> DEFAULTS.withSendQueue(4, 5, 20), "highWaterDatagrams must be at least lowWaterDatagrams (5): 4");
    refused(() -> DEFAULTS.withSendQueue(20, 5, 20),
        "maxQueuedDatagrams must be more than highWaterDatagrams (20): 20");
    assertThat(DEFAULTS.withSendQueue(0, 0, 1).maxQueuedDatagrams()).isEqualTo(1);
  }

  @Test
  void socketBuffersAreZeroForTheSystemsOrPositive() {
    refused(() -> DEFAULTS.withSocketBuffers(-1, 0),
        "socketSendBufferBytes must not be negative (0 keeps the system's): -1");
    refused(() -> DEFAULTS.withSocketBuffers(0, -5),
        "socketReceiveBufferBytes must not be negative (0 keeps the system's): -5");
  }
}
