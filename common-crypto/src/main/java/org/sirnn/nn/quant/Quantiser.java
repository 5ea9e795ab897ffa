package org.sirnn.nn.quant;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sirnn.nn.model.Architecture;
import org.sirnn.nn.model.FloatModel;
import org.sirnn.nn.model.ModelSpec;
import org.sirnn.nn.model.TensorSpec;
import org.sirnn.nn.ops.RealOps;
import org.sirnn.nn.ops.RealTensor;

/**
 * Quantises a float model to SiRnn-style fixed point with power-of-two scales (as SeeDot does): every weight tensor
 * gets the finest scale at which its largest magnitude fits its bitwidth, and every op the finest scale at which the
 * largest magnitude it produced on calibration inputs, times 2^margin, fits the activation bitwidth. Sigmoid and tanh
 * outputs (in [0, 1] and [-1, 1]) get scale bits - 2. The effective scales then follow the rescale rules of
 * {@link org.sirnn.nn.ops.QuantizedOps}. Documented in docs/models.md.
 */
public final class Quantiser {
  private Quantiser() {}

  /**
   * @param bits activation bitwidth (e.g. 16)
   * @param weightBits bitwidth of every weight tensor (e.g. 16)
   * @param marginBits headroom for activations beyond the calibration range (e.g. 1: twice the largest value seen)
   */
  public record Options(int bits, int weightBits, int marginBits) {
    public static Options defaults() {
      return new Options(16, 16, 1);
    }
  }

  /** A quantised model: its public metadata and the server's integer weights. */
  public record Quantised(ModelSpec spec, Map<String, long[]> weights) {}

  /** Calibrates on {@code calibration} (rows = samples) and quantises. */
  public static Quantised quantise(FloatModel m, RealTensor calibration, Options o) {
    Architecture arch = m.architecture();
    RealOps real = new RealOps(m.weights(), calibration);
    arch.forward(real, real.input());
    Map<String, Double> ranges = real.ranges();
    Map<String, TensorSpec> tensors = new LinkedHashMap<>();
    Map<String, long[]> ints = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : arch.tensorShapes().entrySet()) {
      double[] w = m.weights().get(e.getKey());
      int scale = scaleFor(maxAbs(w), o.weightBits(), 0);
      tensors.put(e.getKey(), new TensorSpec(e.getValue(), o.weightBits(), scale));
      ints.put(e.getKey(), quantise(w, scale, o.weightBits()));
    }
    Map<String, Integer> ops = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : ranges.entrySet()) {
      String op = e.getKey();
      if (op.equals("input")) {
        continue;
      }
      int s = real.boundedOps().contains(op) ? o.bits() - 2 : scaleFor(e.getValue(), o.bits(), o.marginBits());
      ops.put(op, s);
    }
    int inputScale = scaleFor(ranges.getOrDefault("input", 1.0), o.bits(), o.marginBits());
    ModelSpec spec = new ModelSpec(m.name(), m.kind(), m.description(), m.dims(), o.bits(), inputScale, tensors, ops,
        m.labels(), m.program());
    return new Quantised(spec, ints);
  }

  /** The client's input encoding: round(x 2^inputScale), saturated to the activation bitwidth. */
  public static long[] quantiseInput(ModelSpec spec, double[] x) {
    return quantise(x, spec.inputScale(), spec.bits());
  }

  /** round(v 2^scale) saturated to signed bits. */
  public static long[] quantise(double[] v, int scale, int bits) {
    long hi = (1L << (bits - 1)) - 1;
    long lo = -(1L << (bits - 1));
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      long q = Math.round(Math.scalb(v[i], scale));
      out[i] = Math.max(lo, Math.min(hi, q));
    }
    return out;
  }

  /**
   * The finest scale s with max 2^(s + margin) &lt; 2^(bits - 1), i.e. the value and its headroom fit a signed
   * bits-bit integer; capped at bits + 8 for tiny ranges (all zero included).
   */
  static int scaleFor(double max, int bits, int marginBits) {
    int cap = bits + 8;
    if (!(max > 0)) {
      return cap;
    }
    int e = Math.getExponent(max) + 1; // 2^(e-1) <= max < 2^e
    return Math.min(cap, bits - 1 - e - marginBits);
  }

  static double maxAbs(double[] v) {
    double m = 0;
    for (double d : v) {
      m = Math.max(m, Math.abs(d));
    }
    return m;
  }
}
