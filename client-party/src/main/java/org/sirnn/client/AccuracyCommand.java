package org.sirnn.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.sirnn.net.Traffic;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.model.Npy;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.NpyRows;
import org.sirnn.nn.runtime.ServedModel;
import org.sirnn.nn.runtime.OtOption;
import org.sirnn.nn.runtime.ThreadsOption;
import org.sirnn.nn.runtime.WireOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;


/**
 * {@code accuracy NAME [--models DIR] [--batch B] [--limit N]}: secure inference of every labelled sample of a model
 * ({@code samples.npy} of shape [n, ...the model's input], {@code labels.json}) with an in-process server party over
 * loopback gRPC ({@link LocalRun}), one session per batch of B samples. Each secure score vector is compared with the cleartext fixed-point
 * twin (on the same quantised inputs) and each prediction with the float reference's. Progress goes to standard error; standard output gets one JSON line
 * {@code {"model", "n", "labelled", "correct", "agree_with_fixed_point_twin", "agree_with_float", "bytes", "rounds",
 * "millis", "accuracy_fixed_point", "accuracy_float", "scores_equal_twin", "predictions"}} ({@code predictions}: the
 * secure label of each sample in order; the float fields only for models with a float reference) where {@code correct},
 * {@code accuracy_fixed_point} and {@code accuracy_float} count the samples (with a known label) that the secure
 * run, the twin and the float model classify correctly. Exit code 1 if any secure score vector differs from the
 * twin's, 2 on a usage or model error.

 */
@Command(name = "accuracy", mixinStandardHelpOptions = true,
    description = "Secure inference over all bundled labelled samples of a model (in-process server party over"
        + " loopback gRPC), compared with the fixed-point twin and the float model; one JSON line on stdout.")
public final class AccuracyCommand implements Callable<Integer> {
  @Mixin
  OtOption ot = new OtOption();

  @Mixin
  ThreadsOption threads = new ThreadsOption();

  @Mixin
  WireOption wire = new WireOption();

  private static final String SAMPLES = "samples.npy";
  private static final String LABELS = "labels.json";

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
    ModelRepository repo;
    ServedModel m;
    double[] x;
    int[] truth;
    int n;
    int b;
    try {
      repo = ModelRepository.open(models, ModelRepository.Holder.BOTH);
      m = repo.get(model);
      Path dir = repo.dir(model);
      Path file = dir == null ? null : dir.resolve(SAMPLES);
      if (file == null || !Files.isRegularFile(file)) {
        throw new IllegalArgumentException((file == null ? model : file) + ": no labelled samples (" + SAMPLES
            + " and " + LABELS + " in the model's directory)");
      }
      int cols = m.plan().inputCols();
      Npy.Array a = Npy.read(file);
      int rows = NpyRows.count(a, cols, file.toString());
      truth = readLabels(dir.resolve(LABELS), rows);
      if (limit != null && limit < 1) {
        throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
      }
      n = limit == null ? rows : Math.min(limit, rows);
      b = batch == null ? Math.min(n, m.plan().maxBatch()) : batch;
      if (b < 1 || b > m.plan().maxBatch()) {
        throw new IllegalArgumentException("--batch must be in 1.." + m.plan().maxBatch() + ", got " + b);
      }
      x = Arrays.copyOf(a.values(), n * cols);
    } catch (IllegalArgumentException | IOException e) {
      err.println("accuracy: " + e.getMessage());
      err.flush();
      return 2;
    }
    int cols = m.plan().inputCols();
    int classes = m.plan().outputCols(); // outputs per sample (1 when the plan reveals only the label)
    long[] q = m.encode(x);
    long[] twin = m.twin(q, n);
    int[] twinLabel = m.plan().labelsOf(twin);
    double[] real = m.reference(x, n);
    int[] floatLabel = real == null ? null : Inference.argmax(real, m.plan().classes());

    err.printf("accuracy %s: %d samples in batches of %d, secure inference over loopback gRPC%n", model, n, b);
    err.flush();
    long[] secure = new long[n * classes];
    long bytes = 0;
    long rounds = 0;
    double millis = 0;
    long[] setup = new long[4]; // bytes sent, received, rounds, nanos of the sessions' setup scopes
    int differ = 0;
    try (LocalRun run = LocalRun.start(repo, model, ot.backend(), threads.threads(), wire.goal(), null)) {
      for (int from = 0; from < n; from += b) {
        int k = Math.min(b, n - from);
        LocalRun.Result r = run.run(Arrays.copyOfRange(q, from * cols, (from + k) * cols));
        System.arraycopy(r.outputs(), 0, secure, from * classes, k * classes);
        bytes += r.bytes();
        rounds += r.rounds();
        millis += r.millis();
        setup[0] += r.offline().bytesSent();
        setup[1] += r.offline().bytesReceived();
        setup[2] += r.offline().rounds();
        setup[3] += r.offline().nanos();
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
    int[] secureLabel = m.plan().labelsOf(secure);
    int labelled = 0;
    int correct = 0;
    int twinCorrect = 0;
    int floatCorrect = 0;
    int agreeTwin = 0;
    int agreeFloat = 0;
    for (int i = 0; i < n; i++) {
      agreeTwin += secureLabel[i] == twinLabel[i] ? 1 : 0;
      agreeFloat += floatLabel != null && secureLabel[i] == floatLabel[i] ? 1 : 0;
      if (truth[i] >= 0) {
        labelled++;
        correct += secureLabel[i] == truth[i] ? 1 : 0;
        twinCorrect += twinLabel[i] == truth[i] ? 1 : 0;
        floatCorrect += floatLabel != null && floatLabel[i] == truth[i] ? 1 : 0;
      }
    }
    ObjectNode o = JsonOutput.object();
    o.put("model", model);
    o.put("n", n);
    o.put("labelled", labelled);
    o.put("correct", correct);
    o.put("agree_with_fixed_point_twin", agreeTwin);
    if (floatLabel != null) {
      o.put("agree_with_float", agreeFloat);
    }
    o.put("bytes", bytes);
    o.put("rounds", rounds);
    o.put("millis", JsonOutput.round1(millis));
    JsonOutput.putSplit(o, bytes, rounds, millis, new Traffic.Stats(setup[0], setup[1], setup[2], setup[3], 1));
    o.put("accuracy_fixed_point", twinCorrect);
    if (floatLabel != null) {
      o.put("accuracy_float", floatCorrect);
    }
    o.put("scores_equal_twin", n - differ);
    ArrayNode p = o.putArray("predictions");
    Arrays.stream(secureLabel).forEach(p::add);
    out.println(JsonOutput.text(o));
    out.flush();
    if (differ > 0) {
      err.println("accuracy: " + differ + " of " + n + " secure score vectors differ from the fixed-point twin");
      err.flush();
      return 1;
    }
    return 0;
  }

  /** labels.json: a JSON array of one integer label per sample (-1: unknown). */
  private static int[] readLabels(Path file, int rows) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": missing (the samples need their labels, -1 if unknown)");
    }
    JsonNode a = new ObjectMapper().readTree(file.toFile());
    if (!a.isArray() || a.size() != rows) {
      throw new IllegalArgumentException(file + ": expected a JSON array of " + rows + " labels (one per sample)");
    }
    int[] labels = new int[rows];
    for (int i = 0; i < rows; i++) {
      if (!a.get(i).canConvertToInt() || a.get(i).asInt() < -1) {
        throw new IllegalArgumentException(file + ": label " + i + " = " + a.get(i) + " (an integer >= -1)");
      }
      labels[i] = a.get(i).asInt();
    }
    return labels;
  }
}
