package io.protomux.wakeup.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed seed corpora are exactly what {@link SeedCorpus} makes from the vectors. */
class SeedCorpusTest {
  private final Map<String, byte[]> seeds = SeedCorpus.seeds();

  @Test
  void everyGeneratedSeedIsCommittedUnchanged() throws IOException {
    for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(seed.getKey())) {
        assertThat(in).as("%s (re-run SeedCorpus)", seed.getKey()).isNotNull();
        assertThat(in.readAllBytes()).as("%s (re-run SeedCorpus)", seed.getKey()).isEqualTo(seed.getValue());
      }
    }
  }

  @Test
  void noCommittedSeedIsStaleAndEveryTargetHasSome() throws IOException, URISyntaxException {
    assertThat(SeedCorpus.directories(seeds)).hasSize(9);
    for (String dir : SeedCorpus.directories(seeds)) {
      URL url = getClass().getClassLoader().getResource(dir);
      assertThat(url).as(dir).isNotNull();
      try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
        files
            .map(file -> dir + "/" + file.getFileName())
            .filter(path -> path.substring(path.lastIndexOf('/') + 1).startsWith(SeedCorpus.SEED_PREFIX))
            .forEach(path -> assertThat(seeds).as("stale seed (re-run SeedCorpus)").containsKey(path));
      }
      assertThat(seeds.keySet().stream().filter(path -> path.startsWith(dir + "/"))).hasSizeGreaterThan(2);
    }
  }
}
