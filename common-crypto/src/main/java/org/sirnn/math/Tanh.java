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
 * Tanh on shared fixed-point values (SiRnn Section V-B; SCI MathFunctions::tanh): tanh(|x|) = (1 - E) / (1 + E)
 * with E = e^(-2|x|), obtained from {@link Exp} by reading the input at scale s_in - 1 (which doubles it for free);
 * the sign is restored by a multiplexer and the result sign-extended to bw_out.
 */
public final class Tanh {
  private Tanh() {}

  /** Shares of tanh(x / 2^sIn) at scale sOut in bwOut bits; x is a bwIn-bit two's-complement value. */
  @SuppressWarnings("try")
  public static long[] tanh(Party p, long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    Sigmoid.checkScales(sOut, "tanh");
    int lw = sOut + 2;
    try (Traffic.Scope sc = p.scope("tanh")) {
      long[] msb = Comparisons.msb(p, x, bwIn);
      long[] negAbs = Sigmoid.negativeAbs(p, x, msb, bwIn);
      long[] e = Exp.expNeg(p, negAbs, bwIn, sIn - 1, lw, sOut);
      long one = 1L << sOut;
      long[] den = Sharing.addPublic(p, e, one, lw);
      den = Sigmoid.minusTopBit(p, den, lw);
      long[] w0 = Reciprocal.approximate(p, den, sOut, sOut, Reciprocal.defaultIndexBits(sOut));
      long[] num = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        num[i] = ((p.isServer() ? one : 0) - e[i]) & Ring.mask(lw);
      }
      long[] prod = Multiplication.umultNonNegative(p, num, lw, w0, sOut + 1, sOut + lw);
      long[] t = Truncation.truncateReduce(p, prod, sOut + lw, sOut);
      long[] minusTwoT = new long[t.length];
      for (int i = 0; i < t.length; i++) {
        minusTwoT[i] = (-2 * t[i]) & Ring.mask(lw);
      }
      long[] sel = Mux.select(p, msb, minusTwoT, lw);
      long[] v = new long[t.length];
      for (int i = 0; i < t.length; i++) {
        v[i] = (t[i] + sel[i]) & Ring.mask(lw);
      }
      return bwOut <= lw ? Ring.reduced(v, bwOut) : Extension.sext(p, v, lw, bwOut);
    }
  }
}
