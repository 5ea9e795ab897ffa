package org.sirnn.nn.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.sirnn.math.MathFunction;
import org.sirnn.nn.Google30Model;
import org.sirnn.nn.heads.HeadsWeights;
import org.sirnn.nn.model.FloatModel;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.ModelSpec;

/**
 * The one place that knows model kinds: loads the models of a directory for either party and every command, and
 * offers the built-in math functions. Every {@code DIR/NAME/model.json} is a model named NAME; its {@code kind}
 * says how to load it:
 * <ul>
 *   <li>{@code google30}: SiRnn's Google-30 ({@link Google30Program}); {@code "weights"} names the server's
 *       weights.txt relative to the directory, {@code "fused": true} fuses each step's sigmoid and tanh;
 *   <li>{@code heads}: SiRnn's Heads ({@link HeadsProgram}); {@code "weights"} names the face2 directory (the
 *       client keeps only its public view, so a copy with zeroed values serves it);
 *   <li>any other kind: a layer program ({@link LayerProgramModel}) with {@code weights.json} and, for the float
 *       reference, {@code float-weights.json} (google13, usps, industrial72-standin, every ONNX import).
 * </ul>
 * Optional for the kinds whose outputs are class scores (google30 and layer programs): {@code "reveal": "label"},
 * a session then opens only each sample's label, found by a secure argmax ({@link ModelPlan#revealingLabel}); the
 * default {@code "scores"} opens the scores. The client side ({@link Holder#CLIENT}) reads public metadata only. Models load on first use and are kept;
 * {@link #loadAll} loads and validates every one (server start). Optional for every kind: {@code "sampleInput"}, an
 * example input file ({@link #sampleInput}).
 */
public final class ModelRepository {
  /** Who loads the models. */
  public enum Holder {
    /** The model owner: weights needed. */
    SERVER,
    /** The data owner: public metadata only. */
    CLIENT,
    /** Both halves in one process (local runs, accuracy, benchmarks): weights and float references. */
    BOTH
  }

  /** Built-in math models: largest input vector. */
  public static final int MATH_MAX_VALUES = 65_536;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Holder holder;
  private final Map<String, Path> onDisk;
  private final Map<String, ServedModel> builtIn;
  private final Map<String, ServedModel> loaded = new ConcurrentHashMap<>();

  private ModelRepository(Path dir, Holder holder, Map<String, Path> onDisk, Map<String, ServedModel> builtIn) {
    this.dir = dir;
    this.holder = holder;
    this.onDisk = onDisk;
    this.builtIn = builtIn;
  }

  /** The models of {@code dir} (null or missing: none) and the built-in math models. */
  public static ModelRepository open(Path dir, Holder holder) {
    Map<String, Path> found = new LinkedHashMap<>();
    if (dir != null && Files.isDirectory(dir)) {
      try (Stream<Path> subdirs = Files.list(dir)) {
        subdirs.sorted().filter(d -> Files.isRegularFile(d.resolve(ModelFiles.SPEC)))
            .forEach(d -> found.put(d.getFileName().toString(), d));
      } catch (IOException e) {
        throw new UncheckedIOException("reading model directory " + dir, e);
      }
    }
    Map<String, ServedModel> builtIn = new LinkedHashMap<>();
    for (ServedModel m : mathModels()) {
      builtIn.put(m.plan().name(), m);
    }
    return new ModelRepository(dir, holder, found, builtIn);
  }

  /** Only the given models (e.g. one {@link MathFunctionModel} for eval). */
  public static ModelRepository of(ServedModel... models) {
    Map<String, ServedModel> m = new LinkedHashMap<>();
    for (ServedModel s : models) {
      m.put(s.plan().name(), s);
    }
    return new ModelRepository(null, Holder.BOTH, Map.of(), m);
  }

  /** The math functions sigmoid-q12, tanh-q12 and exp-q12: 16-bit values at scale 12, any n up to 65536. */
  public static List<ServedModel> mathModels() {
    String shape = "; input: n 16-bit signed integers at scale 12 (x / 4096), 1 <= n <= " + MATH_MAX_VALUES
        + "; output: n integers at scale 12";
    return List.of(
        new MathFunctionModel("sigmoid-q12", MathFunction.SIGMOID, 16, 12, 12, 32767, MATH_MAX_VALUES,
            "secure sigmoid 1/(1+e^-x) per element" + shape),
        new MathFunctionModel("tanh-q12", MathFunction.TANH, 16, 12, 12, 32767, MATH_MAX_VALUES,
            "secure tanh per element" + shape),
        new MathFunctionModel("exp-q12", MathFunction.EXP, 16, 12, 12, 0, MATH_MAX_VALUES,
            "secure e^x per element for x <= 0" + shape.replace("at scale 12 (x / 4096)",
                "<= 0 at scale 12 (x / 4096)")));
  }

  /** Every model name: the directory's, then the built-in ones. */
  public List<String> names() {
    List<String> n = new ArrayList<>(onDisk.keySet());
    builtIn.keySet().stream().filter(k -> !onDisk.containsKey(k)).forEach(n::add);
    return n;
  }

  public boolean contains(String name) {
    return onDisk.containsKey(name) || builtIn.containsKey(name);
  }

  /** The model directory (null for built-in models). */
  public Path dir(String name) {
    return onDisk.get(name);
  }

  /**
   * The model named {@code name}, loaded on first use.
   *
   * @throws IllegalArgumentException for an unknown name (listing the available ones) or invalid files (naming
   *     the file and what is wrong)
   */
  public ServedModel get(String name) {
    if (!contains(name)) {
      throw new IllegalArgumentException("no model named '" + name + "'" + (dir == null ? "" : " in " + dir)
          + "; available: " + names());
    }
    ServedModel m = builtIn.get(name);
    if (m != null && !onDisk.containsKey(name)) {
      return m;
    }
    return loaded.computeIfAbsent(name, this::load);
  }

  /**
   * The model's example input for demos and benchmarks: the file its model.json names as {@code "sampleInput"}
   * (relative to its directory), else its {@code samples.npy}; null if it has neither.
   */
  public Path sampleInput(String name) {
    Path d = onDisk.get(name);
    if (d == null) {
      return null;
    }
    try {
      JsonNode meta = JSON.readTree(d.resolve(ModelFiles.SPEC).toFile());
      Path p = meta.hasNonNull("sampleInput") ? d.resolve(meta.get("sampleInput").asText()).normalize()
          : d.resolve(ModelFiles.SAMPLES);
      return Files.isRegularFile(p) ? p : null;
    } catch (IOException e) {
      throw new UncheckedIOException("model " + name + ": reading " + d.resolve(ModelFiles.SPEC), e);
    }
  }

  /** Loads every model now (a server checks its files at start); the first invalid one throws. */
  public ModelRepository loadAll() {
    names().forEach(this::get);
    return this;
  }

  private ServedModel load(String name) {
    Path d = onDisk.get(name);
    try {
      JsonNode meta = JSON.readTree(d.resolve(ModelFiles.SPEC).toFile());
      String kind = meta.path("kind").asText("");
      String declared = meta.path("name").asText("");
      if (!declared.equals(name)) {
        throw new IllegalArgumentException(d.resolve(ModelFiles.SPEC) + ": names model '" + declared + "', but its"
            + " directory is '" + name + "'");
      }
      boolean weights = holder != Holder.CLIENT;
      ModelPlan.Reveal reveal = reveal(d, meta);
      return switch (kind) {
        case "google30" -> new Google30Program(weights ? Google30Model.loadWeights(file(d, meta, "weights")) : null,
            meta.path("fused").asBoolean(false), name, reveal);
        case "heads" -> {
          if (reveal != ModelPlan.Reveal.SCORES) {
            throw new IllegalArgumentException(d.resolve(ModelFiles.SPEC) + ": reveal \"" + reveal.json() + "\" needs"
                + " class scores; heads outputs detection maps (use \"scores\")");
          }
          yield new HeadsProgram(HeadsWeights.load(file(d, meta, "weights")), weights);
        }
        default -> layerProgram(d, weights, reveal);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("model " + name + ": reading " + d, e);
    }
  }

  private LayerProgramModel layerProgram(Path d, boolean weights, ModelPlan.Reveal reveal) throws IOException {
    ModelSpec spec = ModelFiles.readSpec(d);
    FloatModel floatModel = holder == Holder.BOTH && Files.isRegularFile(d.resolve(ModelFiles.FLOAT))
        ? ModelFiles.readFloat(d) : null;
    return new LayerProgramModel(spec, weights ? ModelFiles.readWeights(d, spec) : null, floatModel, reveal);
  }

  /** The metadata's {@code "reveal"}: "scores" (the default) or "label". */
  private static ModelPlan.Reveal reveal(Path d, JsonNode meta) {
    JsonNode r = meta.get("reveal");
    if (r == null || r.isNull()) {
      return ModelPlan.Reveal.SCORES;
    }
    try {
      if (!r.isTextual()) {
        throw new IllegalArgumentException("reveal " + r + " is not one of \"scores\", \"label\"");
      }
      return ModelPlan.Reveal.parse(r.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(d.resolve(ModelFiles.SPEC) + ": " + e.getMessage(), e);
    }
  }

  private static Path file(Path d, JsonNode meta, String field) {
    String rel = meta.path(field).asText("");
    if (rel.isEmpty()) {
      throw new IllegalArgumentException(d.resolve(ModelFiles.SPEC) + ": no '" + field + "' path");
    }
    Path p = d.resolve(rel).normalize();
    if (!Files.exists(p)) {
      throw new IllegalArgumentException(d.resolve(ModelFiles.SPEC) + ": " + field + " " + p + " does not exist");
    }
    return p;
  }
}
