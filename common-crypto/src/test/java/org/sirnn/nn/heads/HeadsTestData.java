package org.sirnn.nn.heads;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a folder of the shared data: ../../shared/data/name (relative to common-crypto/), else
 * $SIRNN_DATA/name, else ../shared/data/name; skips the test if none exists.
 */
final class HeadsTestData {
  private HeadsTestData() {}

  static Path dir(String name) {
    String env = System.getenv("SIRNN_DATA");
    Path[] candidates = {Path.of("..", "..", "shared", "data", name),
        env == null || env.isBlank() ? null : Path.of(env, name), Path.of("..", "shared", "data", name)};
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
