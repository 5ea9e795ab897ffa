package org.sirnn.nn.heads;

/**
 * The integer primitives of the EdgeML C reference (README "Conventions of the integer code"):
 * <ul>
 *   <li>{@link #div}: C integer division, rounding toward zero (Java's {@code /} on longs does the same);</li>
 *   <li>{@link #wrap}, {@link #int8}, {@link #int16}: a store into a narrower signed type, which gcc wraps (two's
 *       complement), never saturates;</li>
 *   <li>{@link #sat16}: the one saturation of the network (the doubling before tanh);</li>
 *   <li>{@link #clamp}: the ReLU6-style limits;</li>
 *   <li>{@link #inverseSqrtBisect}: the bisection integer inverse square root of L2Norm.</li>
 * </ul>
 * Because sums and products are exact modulo 2^bits, computing them in 64 bits and wrapping before each division
 * or store equals the C code's 32-bit arithmetic.
 */
public final class EdgeIntOps {
  private EdgeIntOps() {}

  /** C division {@code a / b} for b != 0: the quotient rounded toward zero. */
  public static long div(long a, long b) {
    return a / b;
  }

  /** The value of {@code v} stored into a signed {@code bits}-bit integer (1..64), wrapping. */
  public static long wrap(long v, int bits) {
    if (bits >= 64) {
      return v;
    }
    int s = 64 - bits;
    return (v << s) >> s;
  }

  /** {@code (int8_t) v}. */
  public static int int8(long v) {
    return (byte) v;
  }

  /** {@code (int16_t) v}. */
  public static int int16(long v) {
    return (short) v;
  }

  /** {@code v} saturated to [-32768, 32767]. */
  public static int sat16(long v) {
    return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
  }

  /** {@code v} clamped to [lo, hi]. */
  public static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /**
   * The integer inverse square root of L2Norm (README "L2Norm" step 2): by bisection with low = 1,
   * high = 2^(scaleOut - 1); while low + 1 < high, mid = (low + high) / 2 replaces high if
   * q * mid * mid > 2^(-2 scaleIn - 2) (64-bit), else low. Returns low: the largest m in [1, 2^(scaleOut-1) - 1]
   * with q m^2 <= bound, or 1 if there is none.
   */
  public static int inverseSqrtBisect(long q, int scaleIn, int scaleOut) {
    int e = -2 * scaleIn - 2;
    if (e < 0 || e > 62 || scaleOut < 1 || scaleOut > 31) {
      throw new IllegalArgumentException("L2Norm scales out of range: in " + scaleIn + ", out " + scaleOut);
    }
    long bound = 1L << e;
    int low = 1;
    int high = 1 << (scaleOut - 1);
    while (low + 1 < high) {
      int mid = (low + high) / 2;
      if (q * mid * mid > bound) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return low;
  }
}
