package org.sirnn.nn.heads;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a data folder, the repository's own first so that a plain clone runs every test: src/test/data/name
 * (rnnpool-unit), ../models/name (heads: face2, the two images, the EdgeML integer reference), then the shared data
 * ($SIRNN_DATA/name, ../../shared/data/name, ../shared/data/name relative to common-crypto/); skips the test if
 * none exists.
 */
final class HeadsTestData {
  private HeadsTestData() {}

  static Path dir(String name) {
    String env = System.getenv("SIRNN_DATA");
    Path[] candidates = {Path.of("src", "test", "data", name), Path.of("..", "models", name),
        env == null || env.isBlank() ? null : Path.of(env, name), Path.of("..", "..", "shared", "data", name),
        Path.of("..", "shared", "data", name)};
    for (Path c : candidates) {
      if (c != null && Files.isDirectory(c)) {
        return c;
      }
    }
    Assumptions.abort("shared data folder " + name + " not found (../../shared/data, $SIRNN_DATA, ../shared/data"
        + " relative to common-crypto/)");
    return null;
  }
}
