package org.sirnn.nn.runtime;

import java.time.Duration;
import java.util.Locale;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.ExpParams;
import org.sirnn.clear.math.RsqrtParams;
import org.sirnn.clear.math.SigmoidParams;
import org.sirnn.clear.math.TanhParams;
import org.sirnn.math.MathFunction;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.nn.ops.SecureKernels;
import org.sirnn.nn.ops.SplitKernels;
import org.sirnn.nn.ops.Workers;
import org.sirnn.nn.quant.Quantiser;
import org.sirnn.ring.Ring;

/**
 * One SiRnn math function as a served model: n values in (the batch), f of each out, all {@code bits} wide, input
 * at scale {@code scaleIn}, output at {@code scaleOut}. The client secret-shares its values, both parties run the
 * secure function ({@link MathFunction#evaluate}), and the result is opened to the client only; the server has no
 * weights. The twin is {@link ClearMath}. The fingerprint covers function, bitwidth and scales.
 */
public final class MathFunctionModel implements ServedModel {
  private final MathFunction function;
  private final int bits;
  private final int scaleIn;
  private final int scaleOut;
  private final ModelPlan plan;

  /**
   * @param name the model's name (e.g. sigmoid-q12)
   * @param maxInput largest accepted input integer (e.g. 0 for exp, which is defined for x &lt;= 0)
   * @param maxValues most values one session takes
   */
  public MathFunctionModel(String name, MathFunction function, int bits, int scaleIn, int scaleOut, long maxInput,
      int maxValues, String description) {
    Ring.checkBitwidth(bits);
    this.function = function;
    this.bits = bits;
    this.scaleIn = scaleIn;
    this.scaleOut = scaleOut;
    long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
    byte[] fp = PlanFingerprint.of("math").with("function", function).with("bits", bits).with("scaleIn", scaleIn)
        .with("scaleOut", scaleOut).digest();
    this.plan = new ModelPlan(name, description, new int[] {1}, min, maxInput, scaleIn, 1, scaleOut, null, maxValues,
        fp, Duration.ZERO, 0);
  }

  /** f at the given bitwidth and scales, any signed input, up to {@code maxValues} values (e.g. for eval). */
  public static MathFunctionModel of(MathFunction f, int bits, int scaleIn, int scaleOut, int maxValues) {
    long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
    String name = f.name().toLowerCase(Locale.ROOT) + "-b" + bits + "-s" + scaleIn + "-" + scaleOut;
    return new MathFunctionModel(name, f, bits, scaleIn, scaleOut, max, maxValues, "secure " + f.name()
        .toLowerCase(Locale.ROOT) + " per element, " + bits + "-bit, scale " + scaleIn + " -> " + scaleOut);
  }

  public MathFunction function() {
    return function;
  }

  @Override
  public ModelPlan plan() {
    return plan;
  }

  @Override
  public boolean hasWeights() {
    return true;
  }

  @Override
  public long[] runClient(Party p, long[] input, int batch) {
    long[] xs = new long[input.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = input[i] & Ring.mask(bits);
    }
    long[] y = evaluate(p, Sharing.share(p, Party.Role.CLIENT, xs, xs.length, bits));
    return Ring.signedView(Sharing.openTo(p, Party.Role.CLIENT, y, bits), bits);
  }

  @Override
  public void runServer(Party p, int batch) {
    long[] y = evaluate(p, Sharing.share(p, Party.Role.CLIENT, null, batch, bits));
    Sharing.openTo(p, Party.Role.CLIENT, y, bits);
  }

  /** The function of the shares, split across the session's workers ({@link Workers}) when there are several. */
  private long[] evaluate(Party p, long[] share) {
    int workers = SecureKernels.effectiveWorkers(p, Workers.of(p));
    if (workers == 1) {
      return function.evaluate(p, share, bits, scaleIn, scaleOut);
    }
    return new SplitKernels(new SecureKernels(p, 1), workers).map(share,
        (k, x) -> function.evaluate(((SecureKernels) k).party(), x, bits, scaleIn, scaleOut));
  }

  @Override
  public long[] twin(long[] input, int batch) {
    long[] y = new long[input.length];
    for (int i = 0; i < y.length; i++) {
      long x = input[i] & Ring.mask(bits);
      long v = switch (function) {
        case EXP -> ClearMath.expNeg(x, new ExpParams(bits, scaleIn, bits, scaleOut));
        case SIGMOID -> ClearMath.sigmoid(x, new SigmoidParams(bits, scaleIn, bits, scaleOut));
        case TANH -> ClearMath.tanh(x, new TanhParams(bits, scaleIn, bits, scaleOut));
        case RSQRT -> ClearMath.rsqrt(x, new RsqrtParams(bits, scaleIn, bits, scaleOut));
      };
      y[i] = Ring.signed(v, bits);
    }
    return y;
  }

  /** The exact function in double precision (e^x, 1/(1+e^-x), tanh, 1/sqrt(x)). */
  @Override
  public double[] reference(double[] input, int batch) {
    double[] y = new double[input.length];
    for (int i = 0; i < y.length; i++) {
      double x = input[i];
      y[i] = switch (function) {
        case EXP -> Math.exp(x);
        case SIGMOID -> 1 / (1 + Math.exp(-x));
        case TANH -> Math.tanh(x);
        case RSQRT -> 1 / Math.sqrt(x);
      };
    }
    return y;
  }

  @Override
  public long[] encode(double[] input) {
    return Quantiser.quantise(input, scaleIn, bits);
  }
}
