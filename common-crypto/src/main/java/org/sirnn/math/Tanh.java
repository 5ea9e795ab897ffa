package org.sirnn.math;

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
 * the sign is restored by a multiplexer. For bw_out wider than s_out + 2 the reciprocal is taken with extra valid
 * bits and the product, t and the multiplexer run in bw_out bits, so no sign extension follows (the value |t| &lt;
 * 2^(s_out+1) is the same modulo either width): 3 rounds fewer at Google-30's 16 bits, scale 9.
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
      Exp.WithTop et = Exp.expNeg(p, negAbs, bwIn, sIn - 1, lw, sOut, lw);
      long[] e = et.e();
      long one = 1L << sOut;
      long[] den = Sigmoid.minus(Sharing.addPublic(p, e, one, lw), et.top(), lw);
      // for a wider output, w0 comes valid mod 2^(sOut + 1 + x) at no cost (Reciprocal's extra bits) so that the
      // product, t and the sign MUX are computed straight in bwOut bits: no sign extension at the end
      int vw = Math.max(lw, bwOut); // t and v are valid mod 2^vw
      int x1 = vw - lw;
      long[] w0 = Reciprocal.approximate(p, den, sOut, sOut, Reciprocal.defaultIndexBits(sOut), x1);
      long[] num = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        num[i] = ((p.isServer() ? one : 0) - e[i]) & Ring.mask(lw);
      }
      long[] prod = Multiplication.umultNonNegative(p, num, lw, w0, sOut + 1 + x1, sOut + vw);
      long[] t = Truncation.truncateReduce(p, prod, sOut + vw, sOut);
      long mask = Ring.mask(vw);
      long[] minusTwoT = new long[t.length];
      for (int i = 0; i < t.length; i++) {
        minusTwoT[i] = (-2 * t[i]) & mask;
      }
      long[] sel = Mux.select(p, msb, minusTwoT, vw);
      long[] v = new long[t.length];
      for (int i = 0; i < t.length; i++) {
        v[i] = (t[i] + sel[i]) & mask;
      }
      return Ring.reduced(v, bwOut);
    }
  }
}
