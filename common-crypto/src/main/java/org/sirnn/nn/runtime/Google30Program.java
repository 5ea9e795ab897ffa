package org.sirnn.nn.runtime;

import java.time.Duration;
import org.sirnn.mpc.Party;
import org.sirnn.nn.Google30Model;
import org.sirnn.nn.Google30Network;
import org.sirnn.nn.ops.ClearKernels;
import org.sirnn.nn.ops.SecureKernels;

/**
 * SiRnn's Google-30 keyword-spotting FastGRNN, fixed point exactly as its README fixes it (one utterance of 99 x
 * 32 signed 8-bit features, 30 scores at scale 0), and {@code google30-fused}: the same weights with each step's
 * sigmoid and tanh in one fused pass: one program ({@link Google30Network}) run as secure inference over
 * {@link SecureKernels} and as the twin over {@link ClearKernels}. The plan's
 * fingerprint covers the shapes, the README's scales and the sigmoid/tanh parameters, and the fused flag (and, for
 * a label-only plan, the reveal mode: {@link ModelPlan#revealingLabel}).
 */
public final class Google30Program extends WeightedModel<Google30Model.Weights> {
  private final boolean fused;
  private final boolean labelOnly;

  /**
   * @param weights the weights (server), or null (client)
   * @param fused the step's sigmoid and tanh fused
   */
  public Google30Program(Google30Model.Weights weights, boolean fused) {
    this(weights, fused, fused ? Google30Model.NAME_FUSED : Google30Model.NAME, ModelPlan.Reveal.SCORES);
  }

  /**
   * @param name the model's name (its directory)
   * @param reveal the scores, or only the label ({@link ModelPlan#revealingLabel}: a secure argmax replaces the
   *     opening of the 30 scores; the twin then returns the label too)
   */
  public Google30Program(Google30Model.Weights weights, boolean fused, String name, ModelPlan.Reveal reveal) {
    super(reveal == ModelPlan.Reveal.LABEL ? plan(name, fused).revealingLabel() : plan(name, fused), weights);
    this.fused = fused;
    this.labelOnly = reveal == ModelPlan.Reveal.LABEL;
  }

  private static ModelPlan plan(String name, boolean fused) {
    byte[] fp = PlanFingerprint.of("google30")
        .with("steps", Google30Model.STEPS).with("features", Google30Model.FEATURES)
        .with("tensors", Google30Model.TENSORS).with("bits", Google30Model.VALUE_BITS)
        .with("zeta", Google30Network.ZETA).with("nu", Google30Network.NU).with("one", Google30Network.ONE)
        .with("sigmoid", Google30Network.SIGMOID).with("tanh", Google30Network.TANH)
        .with("fused", fused ? Google30Network.SIGMOID_TANH : "no").digest();
    String description = "FastGRNN keyword spotting (SiRnn's Google-30): input 99 steps x 32 features, step-major,"
        + " signed 8-bit; output 30 scores (8-bit), label = argmax" + (fused ? "; sigmoid and tanh fused into one"
        + " pass per step" : "");
    return new ModelPlan(name, description, new int[] {Google30Model.STEPS, Google30Model.FEATURES}, -128, 127,
        0, Google30Model.CLASSES, 0, null, 1, fp, Duration.ZERO, 0);
  }

  @Override
  public long[] runClient(Party p, long[] input, int batch) {
    return Google30Network.run(new SecureKernels(p), null, input, fused, labelOnly);
  }

  @Override
  public void runServer(Party p, int batch) {
    Google30Network.run(new SecureKernels(p), weights(), null, fused, labelOnly);
  }

  @Override
  public long[] twin(long[] input, int batch) {
    return Google30Network.run(new ClearKernels(), weights(), input, fused, labelOnly);
  }

  /** Google-30 is defined on integers: real inputs must be whole numbers in the int8 range. */
  @Override
  public long[] encode(double[] input) {
    long[] x = new long[input.length];
    for (int i = 0; i < x.length; i++) {
      if (input[i] != Math.rint(input[i]) || input[i] < -128 || input[i] > 127) {
        throw new IllegalArgumentException(plan().name() + " takes signed 8-bit integer inputs; value " + i + " is "
            + input[i]);
      }
      x[i] = (long) input[i];
    }
    return x;
  }
}
