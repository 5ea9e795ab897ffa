package org.sirnn.nn.runtime;

import java.time.Duration;
import java.util.Map;
import org.sirnn.mpc.Party;
import org.sirnn.nn.model.Architecture;
import org.sirnn.nn.model.FloatModel;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.model.ModelSpec;
import org.sirnn.nn.quant.Quantiser;

/**
 * A model given by public metadata ({@code model.json}, {@link ModelSpec}) whose {@link Architecture} is one layer
 * program over {@link org.sirnn.nn.ops.Ops}, run as float reference, fixed-point twin and secure inference
 * ({@link Inference}): google13, usps, industrial72-standin and every imported ONNX model. The fingerprint is the
 * metadata's ({@link ModelSpec#fingerprint}: kind, dims, bits, scales, tensor shapes).
 */
public final class LayerProgramModel extends WeightedModel<Map<String, long[]>> {
  /** Most samples one session takes. */
  public static final int MAX_BATCH = 4096;

  private final ModelSpec spec;
  private final FloatModel floatModel;
  private final boolean labelOnly;

  /**
   * @param weights the integer weights (server), or null (client: metadata only)
   * @param floatModel the float weights for the reference, or null
   */
  public LayerProgramModel(ModelSpec spec, Map<String, long[]> weights, FloatModel floatModel) {
    this(spec, weights, floatModel, ModelPlan.Reveal.SCORES);
  }

  /**
   * @param reveal what the client learns: the scores, or only the label ({@link ModelPlan#revealingLabel}: a secure
   *     argmax replaces the opening; the twin then returns the labels too)
   */
  public LayerProgramModel(ModelSpec spec, Map<String, long[]> weights, FloatModel floatModel,
      ModelPlan.Reveal reveal) {
    super(reveal == ModelPlan.Reveal.LABEL ? plan(spec).revealingLabel() : plan(spec), weights);
    this.spec = spec;
    this.floatModel = floatModel;
    this.labelOnly = reveal == ModelPlan.Reveal.LABEL;
  }

  private static ModelPlan plan(ModelSpec spec) {
    Architecture a = Architecture.of(spec);
    long max = (1L << (spec.bits() - 1)) - 1;
    String description = (spec.description() == null || spec.description().isEmpty() ? spec.kind()
        : spec.description()) + "; input: " + a.inputCols() + " signed " + spec.bits() + "-bit integers at scale "
        + spec.inputScale() + "; output: " + a.outputCols() + " scores";
    int[] shape = spec.program() != null ? spec.program().inputShape() : new int[] {a.inputCols()};
    return new ModelPlan(spec.name(), description, shape, -max - 1, max,
        spec.inputScale(), a.outputCols(), Inference.outputScale(spec), spec.labels(), MAX_BATCH, spec.fingerprint(),
        Duration.ZERO, 0);
  }

  public ModelSpec spec() {
    return spec;
  }

  @Override
  public long[] runClient(Party p, long[] input, int batch) {
    return Inference.secure(p, spec, null, input, batch, labelOnly).values();
  }

  @Override
  public void runServer(Party p, int batch) {
    Inference.secure(p, spec, weights(), null, batch, labelOnly);
  }

  @Override
  public long[] twin(long[] input, int batch) {
    return Inference.clearFixed(spec, weights(), input, batch, labelOnly).values();
  }

  @Override
  public double[] reference(double[] input, int batch) {
    return floatModel == null ? null : Inference.real(floatModel, input, batch);
  }

  /**
   * Softmax over each sample's scores (as reals) when the imported plan ends in a Softmax; null when the plan
   * reveals only the label.
   */
  @Override
  public double[] probabilities(long[] outputs) {
    if (labelOnly || spec.program() == null || !"softmax".equals(spec.program().post())) {
      return null;
    }
    int c = plan().outputCols();
    double[] p = new double[outputs.length];
    for (int r = 0; r < outputs.length / c; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, Math.scalb((double) outputs[r * c + j], -plan().outputScale()));
      }
      double sum = 0;
      for (int j = 0; j < c; j++) {
        p[r * c + j] = Math.exp(Math.scalb((double) outputs[r * c + j], -plan().outputScale()) - max);
        sum += p[r * c + j];
      }
      for (int j = 0; j < c; j++) {
        p[r * c + j] /= sum;
      }
    }
    return p;
  }

  @Override
  public long[] encode(double[] input) {
    return Quantiser.quantiseInput(spec, input);
  }
}
