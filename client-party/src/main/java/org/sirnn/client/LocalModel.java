package org.sirnn.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.sirnn.mpc.Party;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.Traffic;
import org.sirnn.nn.Google30Model;
import org.sirnn.nn.model.Architecture;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.ModelSession;
import org.sirnn.nn.model.ModelSpec;

/**
 * A model loaded from {@code DIR/NAME} for a local run: the public metadata the client half uses and the weights
 * the in-process server half uses. Google-30 (its own fixed-point program) has no spec; its weights are
 * {@code weights.txt}.
 */
public record LocalModel(String name, Path dir, ModelSpec spec, Map<String, long[]> weights,
    Google30Model.Weights google30Weights) {

  /** Loads model {@code name} from {@code models}; unknown names list the available ones. */
  public static LocalModel load(Path models, String name) throws IOException {
    Path dir = models.resolve(name);
    if (name.equals(Google30Model.NAME_FUSED)) { // the google30 weights, sigmoid and tanh fused
      dir = models.resolve(Google30Model.NAME);
    }
    if ((name.equals(Google30Model.NAME) || name.equals(Google30Model.NAME_FUSED))
        && Files.isRegularFile(dir.resolve("weights.txt"))) {
      return new LocalModel(name, dir, null, null, Google30Model.loadWeights(dir.resolve("weights.txt")));
    }
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || !Files.isRegularFile(
        dir.resolve(ModelFiles.SPEC))) {
      throw new IllegalArgumentException("unknown model '" + name + "' in " + models + " (available: "
          + String.join(", ", available(models)) + ")");
    }
    ModelSpec spec = ModelFiles.readSpec(dir);
    if (!spec.name().equals(name)) {
      throw new IllegalArgumentException(dir.resolve(ModelFiles.SPEC) + ": names model '" + spec.name()
          + "', expected '" + name + "'");
    }
    return new LocalModel(name, dir, spec, ModelFiles.readWeights(dir, spec), null);
  }

  /** Model names under {@code models}: directories with model.json, and google30 with weights.txt. */
  public static List<String> available(Path models) {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(models)) {
      return names;
    }
    try (Stream<Path> dirs = Files.list(models)) {
      dirs.sorted().forEach(d -> {
        if (Files.isRegularFile(d.resolve(ModelFiles.SPEC)) || (d.getFileName().toString()
            .equals(Google30Model.NAME) && Files.isRegularFile(d.resolve("weights.txt")))) {
          names.add(d.getFileName().toString());
        }
      });
    } catch (IOException e) {
      // fall through with what was found
    }
    return names;
  }

  /** True for google30-fused (Google-30 with the step's sigmoid and tanh fused). */
  public boolean fused() {
    return name.equals(Google30Model.NAME_FUSED);
  }

  public boolean google30() {
    return google30Weights != null;
  }

  public int inputCols() {
    return google30() ? Google30Model.INPUT_COUNT : Architecture.of(spec).inputCols();
  }

  public int outputCols() {
    return google30() ? Google30Model.CLASSES : Architecture.of(spec).outputCols();
  }

  /** Fractional bits of the scores. */
  public int outputScale() {
    return google30() ? 0 : Inference.outputScale(spec);
  }

  /** Class names (empty if the model has none). */
  public List<String> labels() {
    return google30() ? List.of() : spec.labels();
  }

  /** Input bitwidth (the range the client's integers must fit, signed). */
  public int inputBits() {
    return google30() ? Google30Model.VALUE_BITS : spec.bits();
  }

  /** A loopback link whose server half serves this model (weights on the server side only). */
  public LoopbackLink loopback() throws IOException {
    return new LoopbackLink((hello, ch) -> {
      Party p = new Party(Party.Role.SERVER, ch);
      if (google30()) {
        p.setup();
        org.sirnn.nn.Google30Secure.infer(p, google30Weights, null, fused());
      } else {
        ModelSession.serve(p, spec, weights);
      }
    }, FrameChannel.Options.defaults(), 0);
  }

  /**
   * The client half of one session on {@code link} for a batch of quantised inputs: the client uses only the
   * public metadata. Bytes, rounds and time cover the whole session (header, setup, inference, opening).
   */
  public Run secure(LoopbackLink link, long[] input, int batch) {
    FrameChannel ch = link.open(name);
    try {
      Traffic tr = ch.traffic();
      long t0 = System.nanoTime();
      Party p = new Party(Party.Role.CLIENT, ch);
      Inference.Scores s;
      if (google30()) {
        if (batch != 1) {
          throw new IllegalArgumentException("google30 runs one utterance per session");
        }
        p.setup();
        s = new Inference.Scores(org.sirnn.nn.Google30Secure.infer(p, null, input, fused()).scores(), 0);
      } else {
        s = ModelSession.infer(p, spec, input, batch);
      }
      double millis = (System.nanoTime() - t0) / 1e6;
      return new Run(s, tr.bytesSent() + tr.bytesReceived(), tr.rounds(), millis, tr.snapshot());
    } finally {
      ch.close();
    }
  }

  /** The fixed-point twin's scores of one sample. */
  public long[] twin(long[] input) {
    if (google30()) {
      return org.sirnn.nn.Google30Plain.infer(google30Weights, input, fused()).scores();
    }
    return Inference.clearFixed(spec, weights, input, 1).values();
  }

  /**
   * The rows worth a line each: every top-level scope, except that the model's own scope is replaced by its
   * direct children (its layers, e.g. {@code usps/cell}). In order of first use.
   */
  public Map<String, Traffic.Stats> layers(Map<String, Traffic.Stats> snapshot) {
    Map<String, Traffic.Stats> rows = new LinkedHashMap<>();
    String prefix = name + "/";
    for (Map.Entry<String, Traffic.Stats> e : snapshot.entrySet()) {
      String path = e.getKey();
      if (path.isEmpty()) {
        continue;
      }
      boolean top = path.indexOf('/') < 0;
      boolean layer = path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0;
      if ((top && !(path.equals(name) && !google30() && hasChildren(snapshot, prefix))) || layer) {
        rows.put(path, e.getValue());
      }
    }
    return rows;
  }

  private static boolean hasChildren(Map<String, Traffic.Stats> snapshot, String prefix) {
    return snapshot.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  /** The traffic of one secure session seen by the client. */
  public record Run(Inference.Scores scores, long bytes, long rounds, double millis,
      Map<String, Traffic.Stats> scopes) {}
}
