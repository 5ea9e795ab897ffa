package org.sirnn.nn.model;

import java.util.Map;
import org.sirnn.fixed.Argmax;
import org.sirnn.mpc.Party;
import org.sirnn.nn.ops.ClearKernels;
import org.sirnn.nn.ops.FixTensor;
import org.sirnn.nn.ops.Kernels;
import org.sirnn.nn.ops.QuantizedOps;
import org.sirnn.nn.ops.RealOps;
import org.sirnn.nn.ops.RealTensor;
import org.sirnn.nn.ops.SecureKernels;

/**
 * The three ways to run a model on a batch: float reference, cleartext fixed point (the twin) and secure two-party
 * fixed point. Inputs are batch x inputCols row-major; scores batch x outputCols.
 */
public final class Inference {
  private Inference() {}

  /** Float scores. */
  public static double[] real(FloatModel m, double[] input, int batch) {
    Architecture a = m.architecture();
    RealOps o = new RealOps(m.weights(), new RealTensor(input, batch, a.inputCols()));
    return a.forward(o, o.input()).v();
  }

  /** Fixed-point scores: signed integers {@code values} (null on the server) at {@code scale} fractional bits. */
  public record Scores(long[] values, int scale) {
    /** The scores as reals. */
    public double[] real() {
      double[] d = new double[values.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = Math.scalb((double) values[i], -scale);
      }
      return d;
    }
  }

  /** Fixed-point scores computed in the clear (the twin). */
  public static Scores clearFixed(ModelSpec spec, Map<String, long[]> weights, long[] input, int batch) {
    return run(new ClearKernels(), spec, weights, input, batch, false);
  }

  /**
   * The twin of {@link #secure} with {@code labelOnly}: each sample's label (the tree argmax of its fixed-point
   * scores, lowest index on ties), scale 0.
   */
  public static Scores clearFixed(ModelSpec spec, Map<String, long[]> weights, long[] input, int batch,
      boolean labelOnly) {
    return run(new ClearKernels(), spec, weights, input, batch, labelOnly);
  }

  /**
   * Secure scores: both parties call this with their own data (server: weights and null; client: null and the
   * input). The client gets the scores, the server null. Every op is one batched protocol call over all rows.
   */
  public static Scores secure(Party p, ModelSpec spec, Map<String, long[]> weights, long[] input, int batch) {
    return run(new SecureKernels(p), spec, weights, input, batch, false);
  }

  /**
   * As {@link #secure(Party, ModelSpec, Map, long[], int)}; with {@code labelOnly} the scores stay shared: a secure
   * argmax ({@link org.sirnn.fixed.Argmax}, layer "argmax") replaces their opening and the client gets one label per
   * sample (scale 0).
   */
  public static Scores secure(Party p, ModelSpec spec, Map<String, long[]> weights, long[] input, int batch,
      boolean labelOnly) {
    return run(new SecureKernels(p), spec, weights, input, batch, labelOnly);
  }

  /**
   * The scale the scores come out at: the metadata's wanted scale after the rescale rules, found by running the
   * plan in the clear on zero weights (scales do not depend on values).
   */
  public static int outputScale(ModelSpec spec) {
    Map<String, long[]> zeros = new java.util.HashMap<>();
    spec.tensors().forEach((k, t) -> zeros.put(k, new long[t.size()]));
    return clearFixed(spec, zeros, new long[Architecture.of(spec).inputCols()], 1).scale();
  }

  private static Scores run(Kernels k, ModelSpec spec, Map<String, long[]> weights, long[] input, int batch,
      boolean labelOnly) {
    Architecture a = Architecture.of(spec);
    if (input != null && input.length != batch * a.inputCols()) {
      throw new IllegalArgumentException(spec.name() + ": input has " + input.length + " values, expected " + batch
          + " x " + a.inputCols());
    }
    QuantizedOps o = new QuantizedOps(k, spec, weights, input, batch, a.inputCols());
    FixTensor scores = a.forward(o, o.input()); // the architecture opens one scope per layer
    if (labelOnly) {
      long[] label;
      try (Kernels.Scope sc = k.scope("argmax")) {
        label = k.argmax(scores.v(), spec.bits(), scores.rows(), scores.cols());
      }
      try (Kernels.Scope sc = k.scope("open")) {
        long[] v = k.revealToClient(label, Argmax.indexBits(scores.cols()));
        return v == null ? null : new Scores(v, 0);
      }
    }
    try (Kernels.Scope sc = k.scope("open")) {
      long[] v = o.revealToClient(scores);
      return v == null ? null : new Scores(v, scores.scale());
    }
  }

  /** Index of the largest score in each row (first on ties), compared exactly as longs. */
  public static int[] argmax(long[] scores, int classes) {
    return argmaxRows(scores.length, classes, (i, j) -> scores[i] > scores[j]);
  }

  /** Index of the largest score in each row (first on ties). */
  public static int[] argmax(double[] scores, int classes) {
    return argmaxRows(scores.length, classes, (i, j) -> scores[i] > scores[j]);
  }

  /** Whether the score at flat index i is strictly greater than the one at j. */
  @FunctionalInterface
  private interface Greater {
    boolean at(int i, int j);
  }

  private static int[] argmaxRows(int values, int classes, Greater greater) {
    int[] out = new int[values / classes];
    for (int r = 0; r < out.length; r++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (greater.at(r * classes + c, r * classes + best)) {
          best = c;
        }
      }
      out[r] = best;
    }
    return out;
  }
}
