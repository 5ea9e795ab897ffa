package org.sirnn.client.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sirnn.math.MathFunction;
import org.sirnn.mpc.Party;
import org.sirnn.nn.Google30Model;
import org.sirnn.nn.Google30Secure;
import org.sirnn.nn.heads.HeadsModel;
import org.sirnn.nn.heads.HeadsOutputLayout;
import org.sirnn.nn.heads.HeadsSecure;
import org.sirnn.nn.heads.HeadsWeights;
import org.sirnn.math.MathSession;
import org.sirnn.nn.model.Architecture;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.ModelSession;
import org.sirnn.nn.model.ModelSpec;
import org.sirnn.proto.ModelInfo;

/**
 * The models the Inference API offers, by name, with their public metadata: input encoding, accepted shapes and
 * value range, and which session they run on server-party.
 *
 * <p>Until the neural networks arrive the models are the math functions: {@code sigmoid-q12}, {@code tanh-q12} and
 * {@code exp-q12} take a vector of n 16-bit two's-complement integers at scale 12 (value = integer / 4096), any n in
 * 1..{@value #MAX_VALUES}, and answer n integers at scale 12. They run on server-party's {@value MathSession#MODEL}
 * session. {@code exp-q12} computes e^x for x &lt;= 0 only, so it refuses positive inputs (the secure protocol would
 * read them as the exponent of their negation, SCI's semantics, which is not what a caller asking for e^x means).
 */
public final class ModelCatalog {

  /** Largest number of input values of the math models. */
  public static final int MAX_VALUES = 65_536;

  /**
   * One model.
   *
   * @param name API name
   * @param function the secure math function it evaluates
   * @param bits bitwidth of inputs and outputs
   * @param scaleIn fractional bits of the inputs
   * @param scaleOut fractional bits of the outputs
   * @param maxValues largest input vector
   * @param minInput smallest accepted input integer
   * @param maxInput largest accepted input integer
   * @param session model name of the server-party session that runs it
   * @param description one line for ListModels
   */
  public record Model(String name, MathFunction function, int bits, int scaleIn, int scaleOut, int maxValues,
      long minInput, long maxInput, String session, String description, int exactValues, ClientHalf half) {

    /** A math-function model: any length n in 1..maxValues, evaluated by MathSession. */
    public Model(String name, MathFunction function, int bits, int scaleIn, int scaleOut, int maxValues,
        long minInput, long maxInput, String session, String description) {
      this(name, function, bits, scaleIn, scaleOut, maxValues, minInput, maxInput, session, description, 0,
          (p, x) -> MathSession.evaluate(p, function, x, bits, scaleIn, scaleOut));
    }

    /** Public metadata for ListModels (input shape [0] means "any length n in 1..maxValues"). */
    public ModelInfo info() {
      return ModelInfo.newBuilder().setName(name).addInputShape(exactValues).setInputScale(scaleIn)
          .addOutputShape(0).setDescription(description).build();
    }
  }

  /** The client's half of one model's secure inference on an open session; returns the output integers. */
  @FunctionalInterface
  public interface ClientHalf {
    long[] run(Party p, long[] x);
  }

  /** The Google-30 keyword-spotting FastGRNN (SiRnn's benchmark): 99 x 32 signed 8-bit inputs, 30 scores. */
  public static Model google30() {
    return new Model(Google30Model.NAME, null, Google30Model.VALUE_BITS, 0, 0, Google30Model.INPUT_COUNT,
        -(1L << (Google30Model.VALUE_BITS - 1)), (1L << (Google30Model.VALUE_BITS - 1)) - 1, Google30Model.NAME,
        "FastGRNN keyword spotting (SiRnn's Google-30): input 99 steps x 32 features, step-major, signed 8-bit;"
            + " output 30 scores (8-bit), label = argmax", Google30Model.INPUT_COUNT, (p, x) -> {
              p.setup();
              return Google30Secure.infer(p, null, x).scores();
            });
  }

  /** Google-30 with the step's sigmoid and tanh fused (about 40% fewer rounds; scores within a few units). */
  public static Model google30Fused() {
    Model m = google30();
    return new Model(Google30Model.NAME_FUSED, null, m.bits(), 0, 0, m.maxValues(), m.minInput(), m.maxInput(),
        Google30Model.NAME_FUSED, m.description() + "; sigmoid and tanh fused into one pass per step",
        m.exactValues(), (p, x) -> {
          p.setup();
          return Google30Secure.infer(p, null, x, true).scores();
        });
  }

  /** The math models and Google-30. */
  public static ModelCatalog standard() {
    return standard(null);
  }

  /**
   * The math models, Google-30, every model whose public metadata ({@code NAME/model.json}) is in
   * {@code modelDir} (null: none), and Heads if {@code modelDir/heads/face2} exists. The client holds only metadata;
   * the weights stay on server-party (Heads: the face2 files are read and only their public view is kept, every
   * value zeroed, so a copy of face2 with zeroed values serves the client as well).
   */
  public static ModelCatalog standard(java.nio.file.Path modelDir) {
    List<Model> all = new java.util.ArrayList<>(mathModels().models());
    all.add(google30());
    all.add(google30Fused());
    if (modelDir != null && java.nio.file.Files.isDirectory(modelDir)) {
      try (java.util.stream.Stream<java.nio.file.Path> dirs = java.nio.file.Files.list(modelDir)) {
        for (java.nio.file.Path d : (Iterable<java.nio.file.Path>) dirs.sorted()::iterator) {
          if (java.nio.file.Files.isRegularFile(d.resolve("model.json"))) {
            all.add(fromSpec(ModelFiles.readSpec(d)));
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("reading model directory " + modelDir, e);
      }
      java.nio.file.Path face2 = modelDir.resolve(org.sirnn.client.LocalModel.HEADS).resolve("face2");
      if (java.nio.file.Files.isDirectory(face2)) {
        try {
          all.add(heads(HeadsSecure.publicView(HeadsWeights.load(face2))));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("reading " + face2, e);
        }
      }
    }
    return new ModelCatalog(all);
  }

  /**
   * Heads (SiRnn's RNNPool face detector) from its public view ({@link HeadsSecure#publicView}: shapes, scales and
   * weight types, no weight values): input exactly 76800 signed 8-bit integers, the 240 x 320 image row-major with
   * q = trunc(pixel / 2) (so scale -1: one step is 2 grey levels); output 18000 integers at scale 12 in the layout
   * of the shared README ("Output"). Runs on server-party's {@code heads} session. One inference takes about 10
   * minutes and tens of GB of traffic, so the service's --deadline and the caller's must allow for that, and both
   * processes need a heap of about 12 GB.
   */
  public static Model heads(HeadsModel publicView) {
    int n = org.sirnn.client.LocalModel.HEADS_INPUT;
    // bits is the ring of the answer (InferenceService reads the outputs as signed integers of this width and
    // hands the inputs over masked to it): the detection outputs' 20 bits; inputs are range-checked to int8
    int bits = org.sirnn.nn.heads.HeadsFixedBackend.DET_BITS;
    return new Model(org.sirnn.client.LocalModel.HEADS, null, bits, -1, org.sirnn.client.LocalModel.HEADS_OUTPUT_SCALE,
        n, -128, 127, org.sirnn.client.LocalModel.HEADS, "RNNPool face detector (SiRnn's Heads, SCUT-Head face-2):"
            + " input 240 x 320 image, row-major, " + n + " signed 8-bit integers (trunc(pixel / 2)); output "
            + HeadsOutputLayout.SIZE + " detection values at scale 12 (label meaningless); about 10 min per image",
        n, (p, x) -> {
          long[] q = new long[x.length];
          for (int i = 0; i < q.length; i++) {
            q[i] = org.sirnn.ring.Ring.signed(x[i], bits);
          }
          return org.sirnn.client.LocalModel.headsClient(p, publicView, q);
        });
  }

  /** A model given by its public metadata: one sample per call, scores at the model's output scale. */
  public static Model fromSpec(ModelSpec spec) {
    Architecture a = Architecture.of(spec);
    long min = -(1L << (spec.bits() - 1));
    long max = (1L << (spec.bits() - 1)) - 1;
    String description = spec.description() + "; input: " + a.inputCols() + " signed " + spec.bits()
        + "-bit integers at scale " + spec.inputScale() + "; output: " + a.outputCols() + " scores";
    return new Model(spec.name(), null, spec.bits(), spec.inputScale(), Inference.outputScale(spec), a.inputCols(), min,
        max, spec.name(), description, a.inputCols(), (p, x) -> ModelSession.infer(p, spec, x, 1).values());
  }

  private final Map<String, Model> models;

  public ModelCatalog(List<Model> models) {
    Map<String, Model> m = new LinkedHashMap<>();
    for (Model model : models) {
      if (m.put(model.name(), model) != null) {
        throw new IllegalArgumentException("duplicate model name " + model.name());
      }
    }
    this.models = Collections.unmodifiableMap(m);
  }

  /** The math models: sigmoid-q12, tanh-q12, exp-q12. */
  public static ModelCatalog mathModels() {
    int bits = 16;
    int scale = 12;
    long min = -(1L << (bits - 1));
    long max = (1L << (bits - 1)) - 1;
    String shape = "; input: shape [n], 1 <= n <= " + MAX_VALUES + ", 16-bit signed integers at scale 12 (x / 4096)"
        + "; output: n integers at scale 12";
    return new ModelCatalog(List.of(
        new Model("sigmoid-q12", MathFunction.SIGMOID, bits, scale, scale, MAX_VALUES, min, max, MathSession.MODEL,
            "secure sigmoid 1/(1+e^-x) per element" + shape),
        new Model("tanh-q12", MathFunction.TANH, bits, scale, scale, MAX_VALUES, min, max, MathSession.MODEL,
            "secure tanh per element" + shape),
        new Model("exp-q12", MathFunction.EXP, bits, scale, scale, MAX_VALUES, min, 0, MathSession.MODEL,
            "secure e^x per element for x <= 0" + shape.replace("integers at scale 12 (x / 4096)",
                "integers <= 0 at scale 12 (x / 4096)"))));
  }

  public Optional<Model> find(String name) {
    return Optional.ofNullable(models.get(name));
  }

  public List<Model> models() {
    return List.copyOf(models.values());
  }

  public List<String> names() {
    return List.copyOf(models.keySet());
  }
}
