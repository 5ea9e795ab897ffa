package org.sirnn.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sirnn.nn.Google30Model;
import org.sirnn.nn.heads.HeadsModel;
import org.sirnn.nn.heads.HeadsWeights;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.ModelSpec;

/**
 * The models server-party serves from its model directory: {@code DIR/google30/weights.txt}, the Google-30 FastGRNN
 * as its README fixes it, and every {@code DIR/NAME/} holding {@code model.json} (public metadata) and
 * {@code weights.json} (integer weights), e.g. google13, usps, industrial72-standin, and Heads (SiRnn's RNNPool
 * face detector) from {@code DIR/heads/face2/*.json} ({@link HeadsWeights#load}). Everything is validated on load
 * (errors name the file and tensor, and fail the start). Weights stay in this process.
 */
public final class ModelStore {
  /** A generic model: metadata and the server's integer weights. */
  public record Served(ModelSpec spec, Map<String, long[]> weights) {}

  /** Heads' model name (its session) and directory under DIR. */
  public static final String HEADS = "heads";

  private final Google30Model.Weights google30;
  private final Map<String, Served> models;
  private final HeadsModel heads;

  private ModelStore(Google30Model.Weights google30, Map<String, Served> models, HeadsModel heads) {
    this.google30 = google30;
    this.models = Collections.unmodifiableMap(models);
    this.heads = heads;
  }

  /** No models (built-in sessions only). */
  public static ModelStore empty() {
    return new ModelStore(null, Map.of(), null);
  }

  /** Loads every model found in {@code dir}; a model whose files are invalid fails the start with its error. */
  public static ModelStore load(Path dir) {
    if (dir == null) {
      return empty();
    }
    Path g30 = dir.resolve(Google30Model.NAME).resolve("weights.txt");
    Map<String, Served> generic = new TreeMap<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> subdirs = Files.list(dir)) {
        for (Path d : (Iterable<Path>) subdirs.sorted()::iterator) {
          if (Files.isRegularFile(d.resolve("model.json")) && Files.isRegularFile(d.resolve("weights.json"))) {
            ModelSpec spec = ModelFiles.readSpec(d);
            generic.put(spec.name(), new Served(spec, ModelFiles.readWeights(d, spec)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading model directory " + dir, e);
      }
    }
    HeadsModel heads = null;
    Path face2 = dir.resolve(HEADS).resolve("face2");
    if (Files.isDirectory(face2) && !generic.containsKey(HEADS)) {
      try {
        heads = HeadsWeights.load(face2);
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + face2, e);
      }
    }
    return new ModelStore(Files.exists(g30) ? Google30Model.loadWeights(g30) : null, generic, heads);
  }

  /** Heads' weights, or null when not served. */
  public HeadsModel heads() {
    return heads;
  }

  /** Google-30's weights, or null when not served. */
  public Google30Model.Weights google30() {
    return google30;
  }

  /** A generic model by name, or null. */
  public Served model(String name) {
    return models.get(name);
  }

  /** Names of the loaded models. */
  public List<String> names() {
    List<String> n = new ArrayList<>();
    if (google30 != null) {
      n.add(Google30Model.NAME);
      n.add(Google30Model.NAME_FUSED);
    }
    n.addAll(models.keySet());
    if (heads != null) {
      n.add(HEADS);
    }
    return n;
  }
}
