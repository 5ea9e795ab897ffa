package org.sirnn.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.sirnn.mpc.Party;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.Traffic;
import org.sirnn.nn.Google30Model;
import org.sirnn.nn.model.Architecture;
import org.sirnn.nn.model.FloatModel;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.model.LabelledSamples;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.ModelSession;
import org.sirnn.nn.model.ModelSpec;
import org.sirnn.nn.quant.Quantiser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code accuracy NAME [--models DIR] [--batch B] [--limit N]}: secure inference of every bundled labelled sample of
 * a model ({@code samples.npy}, {@code labels.json}) with an in-process server party over loopback gRPC, one
 * {@link ModelSession} per batch of B samples. Each secure score vector is compared with the cleartext fixed-point
 * twin ({@link Inference#clearFixed} on the same quantised inputs) and each prediction with the float model's
 * ({@link Inference#real}). Progress goes to standard error; standard output gets one JSON line
 * {@code {"model", "n", "labelled", "correct", "agree_with_fixed_point_twin", "agree_with_float", "bytes", "rounds",
 * "millis", "accuracy_fixed_point", "accuracy_float", "scores_equal_twin"}} where {@code correct},
 * {@code accuracy_fixed_point} and {@code accuracy_float} count the samples (with a known label) that the secure
 * run, the twin and the float model classify correctly. Exit code 1 if any secure score vector differs from the
 * twin's, 2 on a usage or model error.

 */
@Command(name = "accuracy", mixinStandardHelpOptions = true,
    description = "Secure inference over all bundled labelled samples of a model (in-process server party over"
        + " loopback gRPC), compared with the fixed-point twin and the float model; one JSON line on stdout.")
public final class AccuracyCommand implements Callable<Integer> {

  @Spec
  CommandSpec cmd;

  @Parameters(index = "0", paramLabel = "NAME", description = "bundled model (e.g. google13, usps)")
  String model;

  @Option(names = "--models", description = "model directory (default: ${DEFAULT-VALUE})")
  Path models = Path.of("models");

  @Option(names = "--batch", description = "samples per secure session (default: all in one batch)")
  Integer batch;

  @Option(names = "--limit", description = "use only the first N samples")
  Integer limit;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = cmd.commandLine().getOut();
    PrintWriter err = cmd.commandLine().getErr();
    LocalModel m;
    FloatModel floatModel;
    LabelledSamples samples;
    int n;
    int b;
    try {
      m = LocalModel.load(models, model);
      if (m.google30()) {
        throw new IllegalArgumentException("google30 has no bundled labelled samples (its fixed-point program takes"
            + " one utterance: use 'infer --model google30' or 'bench model google30')");
      }
      samples = ModelFiles.readSamples(m.dir());
      if (samples == null) {
        throw new IllegalArgumentException(m.dir().resolve(ModelFiles.SAMPLES) + ": missing (no labelled samples"
            + " for " + model + ")");
      }
      if (samples.inputCols() != m.inputCols()) {
        throw new IllegalArgumentException(m.dir().resolve(ModelFiles.SAMPLES) + ": rows of " + samples.inputCols()
            + " values, the model takes " + m.inputCols());
      }
      floatModel = ModelFiles.readFloat(m.dir());
      if (limit != null && limit < 1) {
        throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
      }
      n = limit == null ? samples.n() : Math.min(limit, samples.n());
      b = batch == null ? n : batch;
      if (b < 1 || b > ModelSession.MAX_BATCH) {
        throw new IllegalArgumentException("--batch must be in 1.." + ModelSession.MAX_BATCH + ", got " + b);
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println("accuracy: " + e.getMessage());
      err.flush();
      return 2;
    }
    ModelSpec spec = m.spec();
    int cols = m.inputCols();
    int classes = m.outputCols();
    double[] x = Arrays.copyOf(samples.inputs(), n * cols);
    long[] q = Quantiser.quantiseInput(spec, x);
    long[] twin = Inference.clearFixed(spec, m.weights(), q, n).values();
    int[] twinLabel = Inference.argmax(twin, classes);
    int[] floatLabel = Inference.argmax(Inference.real(floatModel, x, n), classes);
    int[] truth = Arrays.copyOf(samples.labels(), n);

    err.printf("accuracy %s: %d samples in batches of %d, secure inference over loopback gRPC%n", model, n, b);
    err.flush();
    long[] secure = new long[n * classes];
    long bytes = 0;
    long rounds = 0;
    double millis = 0;
    int differ = 0;
    try (LoopbackLink link = m.loopback()) {
      for (int from = 0; from < n; from += b) {
        int k = Math.min(b, n - from);
        LocalModel.Run r = m.secure(link, Arrays.copyOfRange(q, from * cols, (from + k) * cols), k);
        System.arraycopy(r.scores().values(), 0, secure, from * classes, k * classes);
        bytes += r.bytes();
        rounds += r.rounds();
        millis += r.millis();
        int same = 0;
        for (int i = from; i < from + k; i++) {
          if (Arrays.equals(secure, i * classes, (i + 1) * classes, twin, i * classes, (i + 1) * classes)) {
            same++;
          } else {
            differ++;
          }
        }
        err.printf("  samples %d..%d: %d/%d score vectors equal the twin; %.1f MB, %d rounds, %.1f s"
            + " (so far %.1f MB, %.1f s)%n", from, from + k - 1, same, k, r.bytes() / 1e6, r.rounds(),
            r.millis() / 1000, bytes / 1e6, millis / 1000);
        err.flush();
      }
    }
    int[] secureLabel = Inference.argmax(secure, classes);
    int labelled = 0;
    int correct = 0;
    int twinCorrect = 0;
    int floatCorrect = 0;
    int agreeTwin = 0;
    int agreeFloat = 0;
    for (int i = 0; i < n; i++) {
      agreeTwin += secureLabel[i] == twinLabel[i] ? 1 : 0;
      agreeFloat += secureLabel[i] == floatLabel[i] ? 1 : 0;
      if (truth[i] >= 0) {
        labelled++;
        correct += secureLabel[i] == truth[i] ? 1 : 0;
        twinCorrect += twinLabel[i] == truth[i] ? 1 : 0;
        floatCorrect += floatLabel[i] == truth[i] ? 1 : 0;
      }
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("model", model);
    o.put("n", n);
    o.put("labelled", labelled);
    o.put("correct", correct);
    o.put("agree_with_fixed_point_twin", agreeTwin);
    o.put("agree_with_float", agreeFloat);
    o.put("bytes", bytes);
    o.put("rounds", rounds);
    o.put("millis", round1(millis));
    o.put("accuracy_fixed_point", twinCorrect);
    o.put("accuracy_float", floatCorrect);
    o.put("scores_equal_twin", n - differ);
    out.println(json(o));
    out.flush();
    if (differ > 0) {
      err.println("accuracy: " + differ + " of " + n + " secure score vectors differ from the fixed-point twin");
      err.flush();
      return 1;
    }
    return 0;
  }

  // --------------------------------------------------------------------------- helpers shared with infer, bench

  static final ObjectMapper JSON = new ObjectMapper();

  static String json(ObjectNode o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** x rounded to 0.1. */
  public static double round1(double x) {
    return Math.round(x * 10) / 10.0;
  }
}
