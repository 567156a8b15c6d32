package io.protomux.wakeup.domain.hyperdht;

import java.util.Arrays;
import java.util.Objects;

/**
 * The value of a PLUGIN request ({@code pluginRequest} in the reference's {@code messages.js}).
 *
 * @param plugin the plugin's name
 * @param version the plugin protocol's version
 * @param command the plugin's command number
 * @param value the plugin-defined value (copied in and out), or null; an empty one is sent with
 *     its flag, as the reference sends an empty buffer
 */
public record PluginRequest(String plugin, long version, long command, byte[] value) {
  /** Flag bit: a value follows. */
  public static final int FLAG_VALUE = 1;

  /** @throws IllegalArgumentException if version or command is not a uint */
  public PluginRequest {
    Objects.requireNonNull(plugin, "plugin");
    Wire.uint(version, "version");
    Wire.uint(command, "command");
    value = Wire.copy(value);
  }

  @Override
  public byte[] value() {
    return Wire.copy(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PluginRequest that
        && plugin.equals(that.plugin)
        && version == that.version
        && command == that.command
        && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(plugin, version, command, Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return "PluginRequest[plugin=" + plugin + ", version=" + version + ", command=" + command
        + ", value=" + Wire.hex(value) + "]";
  }
}
