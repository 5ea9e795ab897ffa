package org.sirnn.nn.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Converts the raw models of the project's shared data folder into {@link FloatModel}s with their
 * {@link LabelledSamples}, following each folder's README (weights moved to our x W convention, scalars folded
 * into weight vectors):
 * <ul>
 *   <li>{@link #google13}: EdgeML's Shallow-RNN keyword spotter ({@code google13-srnn/params/*.npy});</li>
 *   <li>{@link #usps}: EdgeML's low-rank FastGRNN on USPS digits ({@code usps-fastgrnn/*.json});</li>
 *   <li>{@link #industrial72StandIn}: a synthetic FastGRNN with the shape of SiRnn's proprietary Industrial-72
 *       model (no weights of it are public).</li>
 * </ul>
 * {@link #main} writes all three as model directories ({@link ModelFiles}: float weights and samples).
 */
public final class SharedDataImport {
  /** A float model with its labelled inputs. */
  public record Imported(FloatModel model, LabelledSamples samples) {}

  /** The 13 classes of google13, README order. */
  public static final List<String> GOOGLE13_LABELS = List.of("noise/other", "go", "no", "on", "up", "bed", "cat",
      "dog", "off", "one", "six", "two", "yes");

  /** Industrial-72 stand-in dimensions: 7 steps x 64 hidden (SiRnn's figures), the rest our choice. */
  public static final int IND_STEPS = 7;
  public static final int IND_HIDDEN = 64;
  public static final int IND_FEATURES = 6;
  public static final int IND_W_RANK = 0;
  public static final int IND_U_RANK = 16;
  public static final int IND_CLASSES = 2;
  public static final int IND_SAMPLES = 8;
  public static final long IND_SEED = 72L;

  private SharedDataImport() {}

  /**
   * google13: the Shallow-RNN (layer 0 over 6 bricks of 8 frames x 32 features, layer 1 over the 6 brick states,
   * both FastRNN with sigmoid cells, hidden 16) and its 100 samples (already normalised; labels = argmax of the
   * one-hot targets). {@code hk.npy} is layer k's bias; mixK = [sigmoid(betaK) x 16 | sigmoid(alphaK) x 16].
   *
   * @param folder the {@code google13-srnn} folder (with {@code params/})
   */
  public static Imported google13(Path folder) throws IOException {
    Path p = folder.resolve("params");
    int bricks = 6;
    int brickSteps = 8;
    int features = 32;
    int hidden = 16;
    int classes = 13;
    Map<String, double[]> w = new LinkedHashMap<>();
    for (int k = 0; k < 2; k++) {
      int in = k == 0 ? features : hidden;
      w.put("W" + k, npy(p, "W" + k, in, hidden));
      w.put("U" + k, npy(p, "U" + k, hidden, hidden));
      w.put("b" + k, npy(p, "h" + k, 1, hidden));
      double[] mix = new double[2 * hidden];
      Arrays.fill(mix, 0, hidden, sigmoid(npy(p, "beta" + k, 1, 1)[0]));
      Arrays.fill(mix, hidden, 2 * hidden, sigmoid(npy(p, "alpha" + k, 1, 1)[0]));
      w.put("mix" + k, mix);
    }
    w.put("fcW", npy(p, "fcW", hidden, classes));
    w.put("fcB", npy(p, "fcB", classes));
    Map<String, Integer> dims = new LinkedHashMap<>();
    dims.put("bricks", bricks);
    dims.put("brickSteps", brickSteps);
    dims.put("features", features);
    dims.put("hidden0", hidden);
    dims.put("hidden1", hidden);
    dims.put("classes", classes);
    FloatModel m = new FloatModel("google13", ShallowRnnNet.KIND, "EdgeML Shallow-RNN keyword spotter (two"
        + " FastRNN layers with sigmoid cells, hidden 16/16, 6 bricks x 8 frames x 32 log-Mel features), Google"
        + " Speech Commands, 12 keywords + noise/other; MIT, Microsoft", dims, w, GOOGLE13_LABELS);
    m.architecture();
    int n = 100;
    int cols = bricks * brickSteps * features;
    double[] x = npy(p, "x_sample", n, bricks, brickSteps, features);
    int[] labels = argmaxRows(npy(p, "target_sample", n, classes), classes);
    return new Imported(m, new LabelledSamples(x, n, cols, labels));
  }

  /**
   * usps: the low-rank FastGRNN (16 steps = image rows, 16 features, hidden 32, ranks 5/5, 10 classes) and its 10
   * digits. The JSON holds M for y = M x; we store W = M^T for x W. The per-step normalisation (x - mean) / std is
   * folded into norm_scale = 1/std and norm_offset = -mean/std; zeta and nu are used as stored (post-sigmoid).
   *
   * @param folder the {@code usps-fastgrnn} folder
   */
  public static Imported usps(Path folder) throws IOException {
    ObjectMapper json = new ObjectMapper();
    String where = ModelFiles.label(folder, "model.json");
    JsonNode j = json.readTree(folder.resolve("model.json").toFile());
    int steps = scalar(j, "TIME_STEPS", where);
    int features = scalar(j, "INPUT_DIMS", where);
    int hidden = scalar(j, "HIDDEN_DIMS", where);
    int classes = scalar(j, "NUM_CLASSES", where);
    int wRank = scalar(j, "USPS_WRANK", where);
    int uRank = scalar(j, "USPS_URANK", where);
    double[] mean = array(j, "USPS_mean", where, steps, features);
    double[] std = array(j, "USPS_stdDev", where, steps, features);
    double[] scale = new double[steps * features];
    double[] offset = new double[steps * features];
    for (int i = 0; i < scale.length; i++) {
      scale[i] = 1 / std[i];
      offset[i] = -mean[i] / std[i];
    }
    Map<String, double[]> w = new LinkedHashMap<>();
    w.put("norm_scale", scale);
    w.put("norm_offset", offset);
    w.put("W1", transpose(array(j, "USPS_W1", where, wRank, features), wRank, features));
    w.put("W2", transpose(array(j, "USPS_W2", where, hidden, wRank), hidden, wRank));
    w.put("U1", transpose(array(j, "USPS_U1", where, uRank, hidden), uRank, hidden));
    w.put("U2", transpose(array(j, "USPS_U2", where, hidden, uRank), hidden, uRank));
    w.put("Bg", array(j, "USPS_Bg", where, hidden));
    w.put("Bh", array(j, "USPS_Bh", where, hidden));
    w.put("zeta", new double[] {number(j, "USPS_sigmoid_zeta", where)});
    w.put("nu", new double[] {number(j, "USPS_sigmoid_nu", where)});
    w.put("FC", transpose(array(j, "FC_weights", where, classes, hidden), classes, hidden));
    w.put("FCb", array(j, "FCbias", where, classes));
    Map<String, Integer> dims = fastGrnnDims(steps, features, hidden, wRank, uRank, classes, 1);
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      names.add(Integer.toString(c));
    }
    FloatModel m = new FloatModel("usps", FastGrnnNet.KIND, "EdgeML low-rank FastGRNN on USPS digits"
        + " (16 rows x 16 pixels, hidden 32, ranks 5/5), per-step input normalisation folded in; MIT, Microsoft",
        dims, w, names);
    m.architecture();
    String in = ModelFiles.label(folder, "inputs.json");
    JsonNode i = json.readTree(folder.resolve("inputs.json").toFile());
    int n = field(i, "labels", in).size();
    double[] x = array(i, "input", in, n, steps, features);
    int[] labels = new int[n];
    for (int k = 0; k < n; k++) {
      labels[k] = field(i, "labels", in).get(k).asInt();
    }
    return new Imported(m, new LabelledSamples(x, n, steps * features, labels));
  }

  /** The usps folder's C reference scores (reference_scores_c_float32), n x classes. */
  public static double[] uspsReferenceScores(Path folder) throws IOException {
    JsonNode i = new ObjectMapper().readTree(folder.resolve("inputs.json").toFile());
    String in = ModelFiles.label(folder, "inputs.json");
    JsonNode shape = field(i, "reference_scores_c_float32", in).path("shape");
    return array(i, "reference_scores_c_float32", in, shape.path(0).asInt(), shape.path(1).asInt());
  }

  /**
   * A synthetic stand-in for SiRnn's proprietary Industrial-72 model: a FastGRNN with SiRnn's 7 steps and hidden
   * 64; features 6 (a bat-mounted IMU: 3-axis accelerometer + gyroscope), full W, U of rank 16 and 2 classes are
   * our choices (not published). Weights are uniform in +-1/sqrt(fan_in) (matrices: fan_in = rows; vectors:
   * 1/sqrt(hidden)) from a fixed-seed SplittableRandom (not a cryptographic use); Bg is shifted by +1 and zeta =
   * sigmoid(1), nu = sigmoid(-4), magnitudes typical of trained FastGRNNs. 8 synthetic samples with mean 0 and
   * variance 1 (Irwin-Hall sums of three uniforms), labels -1.
   */
  public static Imported industrial72StandIn() {
    SplittableRandom r = new SplittableRandom(IND_SEED);
    Map<String, Integer> dims = fastGrnnDims(IND_STEPS, IND_FEATURES, IND_HIDDEN, IND_W_RANK, IND_U_RANK,
        IND_CLASSES, 0);
    FloatModel skeleton = new FloatModel("industrial72-standin", FastGrnnNet.KIND, "", dims, Map.of(), null);
    Map<String, double[]> w = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : Architecture.of(skeleton.skeleton(16)).tensorShapes().entrySet()) {
      int[] s = e.getValue();
      int size = Npy.count(s);
      double bound = s.length == 2 ? 1 / Math.sqrt(s[0]) : 1 / Math.sqrt(IND_HIDDEN);
      double[] v = new double[size];
      for (int i = 0; i < size; i++) {
        v[i] = r.nextDouble(-bound, bound);
      }
      w.put(e.getKey(), v);
    }
    w.put("Bg", plus(w.get("Bg"), 1.0));
    w.put("zeta", new double[] {sigmoid(1.0)});
    w.put("nu", new double[] {sigmoid(-4.0)});
    List<String> labels = new ArrayList<>();
    for (int c = 0; c < IND_CLASSES; c++) {
      labels.add("class " + c);
    }
    FloatModel m = new FloatModel("industrial72-standin", FastGrnnNet.KIND,
        "synthetic stand-in for SiRnn's proprietary Industrial-72 model", dims, w, labels);
    m.architecture();
    int cols = IND_STEPS * IND_FEATURES;
    double[] x = new double[IND_SAMPLES * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = (r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5) * 2;
    }
    int[] labelsIn = new int[IND_SAMPLES];
    Arrays.fill(labelsIn, -1);
    return new Imported(m, new LabelledSamples(x, IND_SAMPLES, cols, labelsIn));
  }

  /**
   * Writes the three models as model directories (float weights and samples) under {@code out}:
   * {@code google13-srnn/}, {@code usps-fastgrnn/}, {@code industrial72-standin/}. Args: dataRoot (the shared
   * {@code data} folder) and out.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: SharedDataImport <shared data folder> <output folder>");
      System.exit(2);
    }
    Path data = Path.of(args[0]);
    Path out = Path.of(args[1]);
    write(out, google13(data.resolve("google13-srnn")));
    write(out, usps(data.resolve("usps-fastgrnn")));
    write(out, industrial72StandIn());
  }

  private static void write(Path out, Imported i) throws IOException {
    Path dir = out.resolve(i.model().name());
    ModelFiles.writeFloat(dir, i.model());
    ModelFiles.writeSamples(dir, i.samples());
    System.out.println(dir + ": " + i.model().weights().size() + " tensors, " + i.samples().n() + " samples");
  }

  private static Map<String, Integer> fastGrnnDims(int steps, int features, int hidden, int wRank, int uRank,
      int classes, int normalise) {
    Map<String, Integer> d = new LinkedHashMap<>();
    d.put("steps", steps);
    d.put("features", features);
    d.put("hidden", hidden);
    d.put("wRank", wRank);
    d.put("uRank", uRank);
    d.put("classes", classes);
    d.put("normalise", normalise);
    return d;
  }

  /** An .npy file of the folder, checked to have exactly the expected shape. */
  private static double[] npy(Path dir, String name, int... shape) throws IOException {
    Path f = dir.resolve(name + ".npy");
    Npy.Array a = Npy.read(f);
    if (!Arrays.equals(a.shape(), shape)) {
      throw new IllegalArgumentException(f + ": shape " + Arrays.toString(a.shape()) + ", expected "
          + Arrays.toString(shape));
    }
    return a.values();
  }

  private static JsonNode field(JsonNode j, String key, String where) {
    JsonNode v = j.get(key);
    if (v == null) {
      throw new IllegalArgumentException(where + ": missing '" + key + "'");
    }
    return v;
  }

  private static int scalar(JsonNode j, String key, String where) {
    JsonNode v = field(j, key, where);
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(where + ": '" + key + "' is not an int");
    }
    return v.asInt();
  }

  private static double number(JsonNode j, String key, String where) {
    JsonNode v = field(j, key, where);
    if (!v.isNumber()) {
      throw new IllegalArgumentException(where + ": '" + key + "' is not a number");
    }
    return v.asDouble();
  }

  /** A {"shape", "values"} array, checked to have exactly the expected shape. */
  private static double[] array(JsonNode j, String key, String where, int... shape) {
    JsonNode a = field(j, key, where);
    int[] got = new int[a.path("shape").size()];
    for (int i = 0; i < got.length; i++) {
      got[i] = a.path("shape").get(i).asInt();
    }
    JsonNode values = a.path("values");
    if (!Arrays.equals(got, shape) || values.size() != Npy.count(shape)) {
      throw new IllegalArgumentException(where + ": '" + key + "' has shape " + Arrays.toString(got) + " and "
          + values.size() + " values, expected " + Arrays.toString(shape));
    }
    double[] v = new double[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i).asDouble();
    }
    return v;
  }

  /** The transpose of a rows x cols row-major matrix. */
  static double[] transpose(double[] m, int rows, int cols) {
    double[] t = new double[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }

  private static int[] argmaxRows(double[] m, int cols) {
    int[] a = new int[m.length / cols];
    for (int r = 0; r < a.length; r++) {
      for (int c = 1; c < cols; c++) {
        if (m[r * cols + c] > m[r * cols + a[r]]) {
          a[r] = c;
        }
      }
    }
    return a;
  }

  private static double[] plus(double[] v, double d) {
    double[] o = v.clone();
    for (int i = 0; i < o.length; i++) {
      o[i] += d;
    }
    return o;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
