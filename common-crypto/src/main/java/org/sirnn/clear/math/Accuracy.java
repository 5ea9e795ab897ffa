package org.sirnn.clear.math;

/**
 * Exhaustive accuracy measurement of the cleartext twins over all 2^16 inputs of bitwidth 16, the way SiRnn
 * Section V-D proves its bounds (there against MPFR; here against IEEE double, via {@link StrictMath} so the
 * numbers are the same on every JVM).
 *
 * <p>Two metrics, both in units of the output's last place 2^-scaleOut:
 * <ul>
 *   <li><b>real</b>: |y - f(x) * 2^scaleOut| with f in double precision (the distance to the exact result). The
 *       paper's ULP error is the number of representable values between the output and the exact result, which
 *       is floor(real) (values in the half-open interval from y to f(x) 2^scaleOut);
 *   <li><b>sci</b>: |y - trunc(f(x) * 2^scaleOut)|, the proxy used by SCI's test programs
 *       ({@code tests/test_ring_*.cpp}).
 * </ul>
 * Inputs: exp over x &lt;= 0 only; sigmoid and tanh over every input; rsqrt over x &gt; 0 with x / 2^scaleIn
 * &gt;= 0.1 (the paper's epsilon). Outputs are read as signed 16-bit values (sigmoid as unsigned; they agree for
 * scaleOut &lt;= 14).
 */
public final class Accuracy {
  private Accuracy() {}

  /** Input and output bitwidth of the measurement. */
  public static final int BITWIDTH = 16;

  /** The smallest rsqrt input the paper covers (its epsilon). */
  public static final double RSQRT_EPSILON = 0.1;

  /** The four functions with the paper's scale ranges and proven bounds (SiRnn Section V-D). */
  public enum Function {
    /** e^x for x &lt;= 0; scales 8..14; bound 3. */
    EXP(8, 14, 3),
    /** sigmoid; scales 8..14; bound 3. */
    SIGMOID(8, 14, 3),
    /** tanh; scales 8..14; bound 4. */
    TANH(8, 14, 4),
    /** 1/sqrt(x) for x &gt;= 0.1; scales 4..13; bound 4. */
    RSQRT(4, 13, 4);

    /** Smallest input and output scale covered by the paper. */
    public final int minScale;
    /** Largest input and output scale covered by the paper. */
    public final int maxScale;
    /** The paper's maximum ULP error over that range. */
    public final int paperBound;

    Function(int minScale, int maxScale, int paperBound) {
      this.minScale = minScale;
      this.maxScale = maxScale;
      this.paperBound = paperBound;
    }
  }

  /**
   * Maximum errors of one function at one scale pair.
   *
   * @param maxReal max |y - f(x) 2^scaleOut|
   * @param maxSci max |y - trunc(f(x) 2^scaleOut)|
   * @param worstX the input (signed) where maxReal occurs first
   * @param inputs how many inputs were measured
   * @param skipped inputs in the domain whose exact output does not fit the signed 16-bit output (not measured)
   */
  public record Cell(Function function, int scaleIn, int scaleOut, double maxReal, long maxSci, long worstX,
      int inputs, int skipped) {}

  /** Measures one function at one scale pair over every 16-bit input of its domain. */
  public static Cell measure(Function f, int scaleIn, int scaleOut) {
    int n = 1 << BITWIDTH;
    long[] x = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    long[] y = new long[n];
    switch (f) {
      case EXP -> ClearMath.expNeg(x, y, new ExpParams(BITWIDTH, scaleIn, BITWIDTH, scaleOut));
      case SIGMOID -> ClearMath.sigmoid(x, y, new SigmoidParams(BITWIDTH, scaleIn, BITWIDTH, scaleOut));
      case TANH -> ClearMath.tanh(x, y, new TanhParams(BITWIDTH, scaleIn, BITWIDTH, scaleOut));
      case RSQRT -> ClearMath.rsqrt(x, y, new RsqrtParams(BITWIDTH, scaleIn, BITWIDTH, scaleOut));
      default -> throw new AssertionError(f);
    }
    double inScale = Math.scalb(1.0, scaleIn);
    double outScale = Math.scalb(1.0, scaleOut);
    double maxReal = -1;
    long maxSci = 0;
    long worst = 0;
    int inputs = 0;
    int skipped = 0;
    for (int i = 0; i < n; i++) {
      long xi = (short) i;
      double xr = xi / inScale;
      double exact;
      switch (f) {
        case EXP -> {
          if (xi > 0) {
            continue;
          }
          exact = StrictMath.exp(xr);
        }
        case SIGMOID -> exact = 1.0 / (1.0 + StrictMath.exp(-1 * xr));
        case TANH -> exact = StrictMath.tanh(xr);
        case RSQRT -> {
          if (xi <= 0 || xr < RSQRT_EPSILON) {
            continue;
          }
          exact = 1.0 / StrictMath.sqrt(xr);
        }
        default -> throw new AssertionError(f);
      }
      double scaled = exact * outScale;
      if (Math.abs(scaled) >= 32768) {
        skipped++;
        continue;
      }
      long yi = f == Function.SIGMOID ? y[i] & 0xFFFF : (short) y[i];
      double real = Math.abs(yi - scaled);
      long sci = Math.abs(yi - (long) scaled);
      inputs++;
      if (real > maxReal) {
        maxReal = real;
        worst = xi;
      }
      maxSci = Math.max(maxSci, sci);
    }
    return new Cell(f, scaleIn, scaleOut, maxReal, maxSci, worst, inputs, skipped);
  }

  /** Measures the whole grid of the paper's scale range: result[scaleIn - min][scaleOut - min]. */
  public static Cell[][] grid(Function f) {
    int m = f.maxScale - f.minScale + 1;
    Cell[][] out = new Cell[m][m];
    for (int si = 0; si < m; si++) {
      for (int so = 0; so < m; so++) {
        out[si][so] = measure(f, f.minScale + si, f.minScale + so);
      }
    }
    return out;
  }
}
