package org.sirnn.math;

import org.sirnn.fixed.Extension;
import org.sirnn.fixed.Multiplication;
import org.sirnn.fixed.Truncation;
import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.Mux;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Sigmoid on shared fixed-point values (SiRnn Section V-B, Figure 4; SCI MathFunctions::sigmoid). With
 * E = e^(-|x|) from {@link Exp}: sigmoid(x) = 1 / (1 + E) for x >= 0 and E / (1 + E) for x < 0. Steps: MSB of x,
 * -|x| by one multiplexer, E at scale s_out in s_out + 2 bits, den = 1 + E (minus one ulp when den = 2, i.e.
 * x = 0, so den stays in [1, 2); the bit comes with E, {@link DenominatorTop}), R = 1/den by {@link Reciprocal} (no Goldschmidt iteration up to scale 18),
 * num = E or 1 by a multiplexer, y = TR(num R, s_out), zero-extended to bw_out. The output is non-negative.
 */
public final class Sigmoid {
  private Sigmoid() {}

  /** Shares of sigmoid(x / 2^sIn) at scale sOut in bwOut bits; x is a bwIn-bit two's-complement value. */
  @SuppressWarnings("try")
  public static long[] sigmoid(Party p, long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    checkScales(sOut, "sigmoid");
    int lw = sOut + 2;
    try (Traffic.Scope sc = p.scope("sigmoid")) {
      long[] msb = Comparisons.msb(p, x, bwIn);
      long[] negAbs = negativeAbs(p, x, msb, bwIn);
      Exp.WithTop et = Exp.expNeg(p, negAbs, bwIn, sIn, lw, sOut, lw);
      long[] e = et.e();
      long one = 1L << sOut;
      long[] den = minus(Sharing.addPublic(p, e, one, lw), et.top(), lw);
      // R = w0 (s_out + 1 bits, below 2^s_out); the product mod 2^(2 s_out + 2) needs no extension of it
      long[] r = Reciprocal.approximate(p, den, sOut, sOut, Reciprocal.defaultIndexBits(sOut));
      long[] eMinusOne = Sharing.addPublic(p, e, -one, lw);
      long[] num = Sharing.addPublic(p, Mux.select(p, msb, eMinusOne, lw), one, lw);
      long[] prod = Multiplication.umultNonNegative(p, num, lw, r, sOut + 1, 2 * sOut + 2);
      long[] y = Truncation.truncateReduce(p, prod, 2 * sOut + 2, sOut);
      return bwOut <= lw ? Ring.reduced(y, bwOut) : Extension.zextNonNegative(p, y, lw, bwOut);
    }
  }

  /** Shares of -|x| over Z_2^bw: -x + MUX(msb, 2x). */
  static long[] negativeAbs(Party p, long[] x, long[] msb, int bw) {
    long mask = Ring.mask(bw);
    long[] twice = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      twice[i] = (2 * x[i]) & mask;
    }
    long[] sel = Mux.select(p, msb, twice, bw);
    long[] out = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (sel[i] - x[i]) & mask;
    }
    return out;
  }

  /**
   * den - top over Z_2^l, top the additive shares of bit_{l-1}(den) from {@link Exp} (keeps a value of exactly 2.0
   * below 2).
   */
  static long[] minus(long[] den, long[] top, int l) {
    long[] out = new long[den.length];
    for (int i = 0; i < den.length; i++) {
      out[i] = (den[i] - top[i]) & Ring.mask(l);
    }
    return out;
  }

  static void checkScales(int sOut, String what) {
    if (sOut < 5 || sOut > 18) {
      throw new IllegalArgumentException(what + ": output scale " + sOut + " not supported (5..18: the reciprocal"
          + " lookup table needs 2 <= ceil((s_out - 2) / 2) <= 8 and no Goldschmidt iteration)");
    }
  }
}
