package org.sirnn.math;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.ExpParams;
import org.sirnn.ring.Ring;

/**
 * The denominator fix of sigmoid and tanh (SiRnn Section V-B; {@link ClearMath#sigmoidDenominator}) as a threshold
 * on the exponential's input: den = 2^s + E(t), E = e^(-t) from {@link Exp}, loses one ulp when its bit L - 1 is set,
 * which happens exactly when E(t) = 2^s, i.e. for the smallest t (t = 0 and, for fine input scales, a few more).
 * Because E is non-increasing in t, that set is a prefix [0, tau) of the inputs t in [0, 2^(bwIn-1)]; this class
 * finds tau from the public tables by evaluating the twin on every such t, and reports no threshold when the set is
 * not a prefix (then the caller computes the bit from den itself). With tau the bit is 1{t &lt; tau} = MSB(t - tau),
 * which depends on t alone and so can ride in the exponential's first millionaires' call instead of following it.
 * Public values only: both parties compute the same tau.
 */
final class DenominatorTop {
  /** Widest input for which the twin is evaluated on every t (2^15 + 1 evaluations at 16 bits, once per setting). */
  static final int MAX_BITS = 16;

  /** Marker for "the set is not a prefix" (or the input is too wide to check). */
  static final int NONE = -1;

  private static final Map<String, Integer> CACHE = new ConcurrentHashMap<>();

  private DenominatorTop() {}

  /**
   * tau with bit_(denBits-1)(2^sOut + E(t) mod 2^denBits) = 1{t &lt; tau} for every t in [0, 2^(bwIn-1)], where
   * E(t) = {@link ClearMath#expNeg} of -t with {@code new ExpParams(bwIn, sIn, expBits, sOut)}; {@link #NONE} when no
   * such tau exists or bwIn exceeds {@value #MAX_BITS}.
   */
  static int threshold(int bwIn, int sIn, int expBits, int sOut, int denBits) {
    if (bwIn > MAX_BITS) {
      return NONE;
    }
    String key = bwIn + "/" + sIn + "/" + expBits + "/" + sOut + "/" + denBits;
    return CACHE.computeIfAbsent(key, k -> scan(bwIn, sIn, expBits, sOut, denBits));
  }

  private static int scan(int bwIn, int sIn, int expBits, int sOut, int denBits) {
    ExpParams prm = new ExpParams(bwIn, sIn, expBits, sOut);
    long maskIn = Ring.mask(bwIn);
    long maskDen = Ring.mask(denBits);
    long half = 1L << (bwIn - 1);
    int tau = NONE;
    for (long t = 0; t <= half; t++) {
      long e = ClearMath.expNeg((-t) & maskIn, prm);
      long top = ((((1L << sOut) + e) & maskDen) >>> (denBits - 1)) & 1;
      if (tau == NONE && top == 0) {
        tau = (int) t;
      } else if (tau != NONE && top == 1) {
        return NONE; // not a prefix
      }
    }
    return tau == NONE ? NONE : tau;
  }
}
