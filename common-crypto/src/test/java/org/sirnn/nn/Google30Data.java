package org.sirnn.nn;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds Google-30's weights.txt and input.txt: the repository's ../models/google30 (relative to common-crypto/, so a
 * plain clone runs the tests), else $SIRNN_DATA/google30 (or $SIRNN_DATA itself), else ../../shared/data/google30.
 */
final class Google30Data {
  private Google30Data() {}

  static Path dir() {
    String env = System.getenv("SIRNN_DATA");
    Path[] candidates = env == null || env.isBlank()
        ? new Path[] {Path.of("..", "models", "google30"), Path.of("..", "..", "shared", "data", "google30"),
            Path.of("..", "shared", "data", "google30")}
        : new Path[] {Path.of("..", "models", "google30"), Path.of(env, "google30"), Path.of(env),
            Path.of("..", "..", "shared", "data", "google30")};
    for (Path c : candidates) {
      if (Files.isRegularFile(c.resolve("weights.txt")) && Files.isRegularFile(c.resolve("input.txt"))) {
        return c;
      }
    }
    Assumptions.abort("google30 data not found (weights.txt, input.txt): set SIRNN_DATA to the shared data"
        + " directory, or place it at ../../shared/data/google30 relative to common-crypto/");
    return null;
  }

  static Google30Model.Weights weights() {
    return Google30Model.loadWeights(dir().resolve("weights.txt"));
  }

  static long[] input() {
    return Google30Model.loadInput(dir().resolve("input.txt"));
  }
}
