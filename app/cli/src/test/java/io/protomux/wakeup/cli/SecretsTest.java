package io.protomux.wakeup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protomux.wakeup.domain.wakeup.Capability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Capabilities and seeds from files and environment variables, and which source wins. */
class SecretsTest {
  private static final String CAP_A = "aa".repeat(32);
  private static final String CAP_B = "bb".repeat(32);
  private static final String CAP_C = "cc".repeat(32);
  private static final String SEED = "5e".repeat(32);
  private static final String OTHER_SEED = "0f".repeat(32);
  // A capability with one bad digit: it must not show up in a message, not even in part.
  private static final String BAD = "d0".repeat(31) + "dz";

  @TempDir Path dir;

  @Test
  void aCapabilityFileHasOneCapabilityPerLineWithCommentsAndBlankLines() throws IOException {
    Path file =
        write("caps.txt", "# the team's topics\n\n" + CAP_A + "\n  " + CAP_B.toUpperCase()
            + "  # shouting\r\n\n");

    CliOptions options = parse(Map.of(), "listen", "--capability-file", file.toString());

    assertThat(options.capabilities()).containsExactly(cap(CAP_A), cap(CAP_B));
  }

  @Test
  void capabilitiesFromEverySourceCountOnceEachInOrder() throws IOException {
    Path first = write("first.txt", CAP_B + "\n");
    Path second = write("second.txt", CAP_A + "\n" + CAP_C + "\n");

    CliOptions options =
        parse(
            Map.of(Secrets.CAPABILITIES_VARIABLE, " " + CAP_C + ",\n" + CAP_A + " , "),
            "connect", "--port", "1", "--capability", CAP_A, "--capability-file",
            first.toString(), "--capability-file", second.toString());

    // --capability first, then the files in order, then the variable; repeats dropped.
    assertThat(options.capabilities()).containsExactly(cap(CAP_A), cap(CAP_B), cap(CAP_C));
  }

  @Test
  void theVariableAloneIsEnough() {
    CliOptions options =
        parse(Map.of(Secrets.CAPABILITIES_VARIABLE, CAP_A + " " + CAP_B), "listen");
    assertThat(options.capabilities()).containsExactly(cap(CAP_A), cap(CAP_B));
  }

  @Test
  void aBlankVariableCountsAsUnset() {
    assertThatThrownBy(() -> parse(Map.of(Secrets.CAPABILITIES_VARIABLE, " , "), "listen"))
        .hasMessage("listen needs at least one --capability");
    assertThat(parse(Map.of(Secrets.SEED_VARIABLE, "  "), "listen", "--capability", CAP_A).seed())
        .isNull();
  }

  @Test
  void aBadLineNamesTheFileAndLineButNotTheValue() throws IOException {
    Path file = write("caps.txt", CAP_A + "\n# fine so far\n" + BAD + "\n");

    assertThatThrownBy(() -> parse(Map.of(), "listen", "--capability-file", file.toString()))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--capability-file " + file + " line 3 needs hex digits, found another character at"
                + " position 64")
        .message()
        .doesNotContain("d0d0");
    Path short_ = write("short.txt", "abcd\n");
    assertThatThrownBy(() -> parse(Map.of(), "listen", "--capability-file", short_.toString()))
        .hasMessage(
            "--capability-file " + short_ + " line 1 needs 64 hex digits (32 bytes), got 4"
                + " characters");
  }

  @Test
  void aMissingFileIsABadCommandLine() {
    Path missing = dir.resolve("nothing-here.txt");
    assertThatThrownBy(() -> parse(Map.of(), "listen", "--capability-file", missing.toString()))
        .hasMessage("cannot read --capability-file " + missing + ": no such file");
    assertThatThrownBy(
            () -> parse(Map.of(), "listen", "--capability", CAP_A, "--seed-file", dir.toString()))
        .hasMessageStartingWith("cannot read --seed-file " + dir + ": ");
  }

  @Test
  void aBadVariableItemIsNamedButNotShown() {
    assertThatThrownBy(
            () -> parse(Map.of(Secrets.CAPABILITIES_VARIABLE, CAP_A + "," + BAD), "listen"))
        .hasMessage(
            Secrets.CAPABILITIES_VARIABLE
                + " item 2 needs hex digits, found another character at position 64");
    assertThatThrownBy(
            () ->
                parse(
                    Map.of(Secrets.SEED_VARIABLE, SEED.substring(4)),
                    "listen", "--capability", CAP_A))
        .hasMessage(Secrets.SEED_VARIABLE + " needs 64 hex digits (32 bytes), got 60 characters");
  }

  @Test
  void theSeedComesFromTheOptionOrTheFileElseTheVariable() throws IOException {
    Path file = write("seed", "# node 1\n" + SEED + "\n");
    Map<String, String> env = Map.of(Secrets.SEED_VARIABLE, OTHER_SEED);

    assertThat(parse(env, "listen", "--capability", CAP_A, "--seed", SEED).seed())
        .isEqualTo(bytes(SEED));
    assertThat(parse(env, "listen", "--capability", CAP_A, "--seed-file", file.toString()).seed())
        .isEqualTo(bytes(SEED));
    assertThat(parse(env, "listen", "--capability", CAP_A).seed()).isEqualTo(bytes(OTHER_SEED));
    assertThat(parse(Map.of(), "listen", "--capability", CAP_A).seed()).isNull();
  }

  @Test
  void theVariableIsNotReadWhenAnOptionGivesTheSeed() {
    // A stale, broken WAKEUP_SEED does not stop a run that says which seed to use.
    Map<String, String> env = Map.of(Secrets.SEED_VARIABLE, "not hex");
    assertThat(parse(env, "listen", "--capability", CAP_A, "--seed", SEED).seed())
        .isEqualTo(bytes(SEED));
  }

  @Test
  void theSeedOptionAndFileExcludeEachOther() throws IOException {
    Path file = write("seed", SEED + "\n");
    assertThatThrownBy(
            () ->
                parse(Map.of(), "listen", "--capability", CAP_A, "--seed", SEED, "--seed-file",
                    file.toString()))
        .hasMessage("give --seed or --seed-file, not both");
  }

  @Test
  void aSeedFileHoldsExactlyOneSeed() throws IOException {
    Path two = write("two", SEED + "\n" + OTHER_SEED + "\n");
    Path none = write("none", "# nothing yet\n\n");
    Path bad = write("bad", "\n" + BAD + "\n");

    assertThatThrownBy(() -> seedFrom(two))
        .hasMessage("--seed-file " + two + " needs exactly one line of 64 hex digits, found 2");
    assertThatThrownBy(() -> seedFrom(none))
        .hasMessage("--seed-file " + none + " needs exactly one line of 64 hex digits, found 0");
    assertThatThrownBy(() -> seedFrom(bad))
        .hasMessage(
            "--seed-file " + bad + " line 2 needs hex digits, found another character at"
                + " position 64");
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheFirstValue() throws IOException {
    Path file = dir.resolve("bom");
    Files.write(file, ("\uFEFF" + SEED + "\n").getBytes(StandardCharsets.UTF_8));
    assertThat(seedFrom(file).seed()).isEqualTo(bytes(SEED));
  }

  @Test
  void theVariablesDoNotConcernTheDemo() {
    Map<String, String> env =
        Map.of(Secrets.CAPABILITIES_VARIABLE, BAD, Secrets.SEED_VARIABLE, BAD);
    assertThat(parse(env, "demo").capabilities()).isEmpty();
  }

  @Test
  void theOptionsStringHidesSecretsFromEverySource() throws IOException {
    Path caps = write("caps", CAP_B + "\n");
    CliOptions options =
        parse(
            Map.of(Secrets.CAPABILITIES_VARIABLE, CAP_C, Secrets.SEED_VARIABLE, SEED),
            "listen", "--capability-file", caps.toString());
    assertThat(options.toString()).doesNotContain(CAP_B, CAP_C, SEED).contains("<redacted>");
  }

  private CliOptions seedFrom(Path file) {
    return parse(Map.of(), "listen", "--capability", CAP_A, "--seed-file", file.toString());
  }

  private static CliOptions parse(Map<String, String> env, String... args) {
    return CliParser.parse(List.of(args), env);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static Capability cap(String hex) {
    return Capability.fromHex(hex);
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
