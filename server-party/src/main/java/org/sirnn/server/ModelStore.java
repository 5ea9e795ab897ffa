package org.sirnn.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sirnn.nn.Google30Model;

/**
 * The models server-party serves from its model directory. Today: {@code DIR/google30/weights.txt}, the Google-30
 * FastGRNN (validated on load: counts and 8-bit ranges, errors name the tensor). Weights stay in this process.
 */
public final class ModelStore {
  private final Google30Model.Weights google30;

  private ModelStore(Google30Model.Weights google30) {
    this.google30 = google30;
  }

  /** No models (built-in sessions only). */
  public static ModelStore empty() {
    return new ModelStore(null);
  }

  /** Loads every model found in {@code dir}; a model whose files are invalid fails the start with its error. */
  public static ModelStore load(Path dir) {
    if (dir == null) {
      return empty();
    }
    Path g30 = dir.resolve(Google30Model.NAME).resolve("weights.txt");
    return new ModelStore(Files.exists(g30) ? Google30Model.loadWeights(g30) : null);
  }

  /** Google-30's weights, or null when not served. */
  public Google30Model.Weights google30() {
    return google30;
  }

  /** Names of the loaded models. */
  public List<String> names() {
    List<String> n = new ArrayList<>();
    if (google30 != null) {
      n.add(Google30Model.NAME);
    }
    return n;
  }
}
