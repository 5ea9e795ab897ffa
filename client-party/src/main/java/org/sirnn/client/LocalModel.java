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
import org.sirnn.nn.heads.HeadsAccuracy;
import org.sirnn.nn.heads.HeadsImage;
import org.sirnn.nn.heads.HeadsModel;
import org.sirnn.nn.heads.HeadsOutputLayout;
import org.sirnn.nn.heads.HeadsSecure;
import org.sirnn.nn.heads.HeadsWeights;
import org.sirnn.nn.heads.IntTensor;
import org.sirnn.nn.model.Architecture;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.ModelSession;
import org.sirnn.nn.model.ModelSpec;
import org.sirnn.nn.model.Npy;

/**
 * A model loaded from {@code DIR/NAME} for a local run: the public metadata the client half uses and the weights
 * the in-process server half uses. Google-30 (its own fixed-point program) has no spec; its weights are
 * {@code weights.txt}. Heads (SiRnn's RNNPool face detector, {@code DIR/heads/face2/*.json}) has no spec either: the
 * server half gets its weights ({@code heads}), the client half only {@link HeadsSecure#publicView} of them
 * ({@code headsPublic}, every value zeroed).
 */
public record LocalModel(String name, Path dir, ModelSpec spec, Map<String, long[]> weights,
    Google30Model.Weights google30Weights, HeadsModel heads, HeadsModel headsPublic) {

  /** The Heads model's name (directory {@code DIR/heads/face2}). */
  public static final String HEADS = "heads";

  /** Heads' input: a 240 x 320 image of signed 8-bit integers (q = trunc(pixel / 2), README "The network"). */
  public static final int HEADS_INPUT = HeadsImage.HEIGHT * HeadsImage.WIDTH;

  /** Fractional bits of Heads' 18000 outputs. */
  public static final int HEADS_OUTPUT_SCALE = 12;

  /**
   * Heap below which a full-image Heads inference (both halves in one JVM) refuses to start without
   * {@code --force}: about 12 GB (the full image was measured with -Xmx14g).
   */
  public static final long HEADS_MIN_HEAP = 12_000_000_000L;

  /** Without google30 or Heads parts (generic and google30 models). */
  public LocalModel(String name, Path dir, ModelSpec spec, Map<String, long[]> weights,
      Google30Model.Weights google30Weights) {
    this(name, dir, spec, weights, google30Weights, null, null);
  }

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
    if (name.equals(HEADS) && Files.isDirectory(dir.resolve("face2"))) {
      HeadsModel m = HeadsWeights.load(dir.resolve("face2"));
      return new LocalModel(name, dir, null, null, null, m, HeadsSecure.publicView(m));
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

  /**
   * Model names under {@code models}: directories with model.json, google30 with weights.txt and heads with
   * face2/.
   */
  public static List<String> available(Path models) {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(models)) {
      return names;
    }
    try (Stream<Path> dirs = Files.list(models)) {
      dirs.sorted().forEach(d -> {
        if (Files.isRegularFile(d.resolve(ModelFiles.SPEC)) || (d.getFileName().toString()
            .equals(Google30Model.NAME) && Files.isRegularFile(d.resolve("weights.txt"))) || (d.getFileName()
            .toString().equals(HEADS) && Files.isDirectory(d.resolve("face2")))) {
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

  /** True for Heads (the RNNPool face detector: one 240 x 320 image in, 18000 outputs out). */
  public boolean isHeads() {
    return heads != null;
  }

  public int inputCols() {
    return isHeads() ? HEADS_INPUT : google30() ? Google30Model.INPUT_COUNT : Architecture.of(spec).inputCols();
  }

  public int outputCols() {
    return isHeads() ? HeadsOutputLayout.SIZE : google30() ? Google30Model.CLASSES
        : Architecture.of(spec).outputCols();
  }

  /** Fractional bits of the scores. */
  public int outputScale() {
    return isHeads() ? HEADS_OUTPUT_SCALE : google30() ? 0 : Inference.outputScale(spec);
  }

  /** Class names (empty if the model has none). */
  public List<String> labels() {
    return google30() || isHeads() ? List.of() : spec.labels();
  }

  /** Input bitwidth (the range the client's integers must fit, signed). */
  public int inputBits() {
    return isHeads() ? 8 : google30() ? Google30Model.VALUE_BITS : spec.bits();
  }

  /** A Heads input: the client's int8 image (76800 values, row-major) and the float reference if the file has one. */
  public record HeadsInput(long[] image, double[] floatReference) {
    /** p95 |output / 2^12 - reference| (README "What a reimplementation must meet"), or NaN without a reference. */
    public double p95(long[] outputs) {
      if (floatReference == null) {
        return Double.NaN;
      }
      int[] o = new int[outputs.length];
      for (int i = 0; i < o.length; i++) {
        o[i] = Math.toIntExact(outputs[i]);
      }
      return HeadsAccuracy.p95(o, floatReference);
    }
  }

  /**
   * Reads a Heads input from a float .npy: a sample file of the shared data ({@code classroom.npy},
   * {@code group.npy}: shape (1, 94800), columns 0..17999 the float model's outputs, the rest the 240 x 320 image
   * as grey level - 117.312), or the image alone (76800 values, e.g. shape (240, 320)). The image is quantised as
   * the README fixes it ({@link HeadsImage#quantise}: q = int8(trunc(pixel / 2))). Other sizes are refused with a
   * message naming the file and the accepted layouts.
   */
  public static HeadsInput headsInput(Path npy) throws IOException {
    if (!Files.isRegularFile(npy)) {
      throw new IllegalArgumentException(npy + ": no such file");
    }
    Npy.Array a = Npy.read(npy);
    int n = a.values().length;
    HeadsImage img;
    if (n == HeadsOutputLayout.SIZE + HEADS_INPUT) {
      img = HeadsImage.read(npy);
    } else if (n == HEADS_INPUT) {
      img = new HeadsImage(null, a.values(), HeadsImage.HEIGHT, HeadsImage.WIDTH);
    } else {
      throw new IllegalArgumentException(npy + ": " + n + " values (shape " + java.util.Arrays.toString(a.shape())
          + "); heads takes a sample file of " + (HeadsOutputLayout.SIZE + HEADS_INPUT) + " values (1 x "
          + (HeadsOutputLayout.SIZE + HEADS_INPUT) + ": " + HeadsOutputLayout.SIZE + " float outputs, then the "
          + HeadsImage.HEIGHT + " x " + HeadsImage.WIDTH + " image) or the image alone (" + HEADS_INPUT
          + " values, grey level - 117.312)");
    }
    int[] q = img.quantise().data();
    long[] x = new long[q.length];
    for (int i = 0; i < q.length; i++) {
      x[i] = q[i];
    }
    return new HeadsInput(x, img.floatReference());
  }

  /**
   * Null if this JVM's heap is enough for a full Heads inference with both halves in process, else the message
   * to print (naming the heap and the command to use instead).
   */
  public static String headsHeapProblem() {
    long max = Runtime.getRuntime().maxMemory();
    if (max >= HEADS_MIN_HEAP) {
      return null;
    }
    return String.format("heads needs a large heap for one secure inference of a full image (both parties in this"
        + " process; measured with -Xmx14g), but this JVM may use only %.1f GB: run it as 'java -Xmx14g -jar"
        + " client-party.jar ...', or pass --force to try anyway", max / 1e9);
  }

  private static IntTensor image(long[] x) {
    if (x.length != HEADS_INPUT) {
      throw new IllegalArgumentException("heads takes " + HEADS_INPUT + " input values, got " + x.length);
    }
    int[] q = new int[x.length];
    for (int i = 0; i < q.length; i++) {
      if (x[i] < -128 || x[i] > 127) {
        throw new IllegalArgumentException("heads input " + i + " = " + x[i] + " is not a signed 8-bit integer");
      }
      q[i] = (int) x[i];
    }
    return new IntTensor(HeadsImage.HEIGHT, HeadsImage.WIDTH, 1, q);
  }

  private static long[] longs(int[] v) {
    long[] r = new long[v.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = v[i];
    }
    return r;
  }

  /** Heads' client half on an open session (setup, then the secure run with the public view only). */
  public static long[] headsClient(Party p, HeadsModel publicView, long[] x) {
    IntTensor img = image(x);
    p.setup();
    return longs(HeadsSecure.infer(p, publicView, img));
  }

  /** A loopback link whose server half serves this model (weights on the server side only). */
  public LoopbackLink loopback() throws IOException {
    FrameChannel.Options options = FrameChannel.Options.defaults();
    if (isHeads()) { // long local steps between messages on a full image: wait longer than the 60 s default
      options = new FrameChannel.Options(options.maxFrameBytes(), java.time.Duration.ofMinutes(30),
          java.time.Duration.ofMinutes(30));
    }
    return new LoopbackLink((hello, ch) -> {
      Party p = new Party(Party.Role.SERVER, ch);
      if (isHeads()) {
        p.setup();
        HeadsSecure.infer(p, heads, null);
      } else if (google30()) {
        p.setup();
        org.sirnn.nn.Google30Secure.infer(p, google30Weights, null, fused());
      } else {
        ModelSession.serve(p, spec, weights);
      }
    }, options, 0);
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
      if (isHeads()) {
        if (batch != 1) {
          throw new IllegalArgumentException("heads runs one image per session");
        }
        s = new Inference.Scores(headsClient(p, headsPublic, input), HEADS_OUTPUT_SCALE);
      } else if (google30()) {
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
    if (isHeads()) {
      return longs(HeadsSecure.twin(heads, image(input)));
    }
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
