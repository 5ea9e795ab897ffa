package org.sirnn.fixed;

import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.Party;
import org.sirnn.ring.Ring;

/**
 * The floor shift every fixed-point layer rescales with: shares of floor(int_bwIn(x) / 2^s) mod 2^bwOut for signed
 * bwIn-bit x. With y = x + 2^(bwIn-1) (non-negative), SiRnn's truncate-and-reduce TR(y, s) (Section IV-A, Algorithm
 * 4) gives floor(x / 2^s) + 2^(bwIn-s-1) exactly in bwIn - s bits; the offset is removed locally, then the result
 * is reduced (bwOut &lt;= bwIn - s, free) or sign-extended (Section III-B, SExt). Cost: one TR (one wrap on s bits
 * with its B2A folded in, {@link Comparisons#wrapArithmetic}); when the output is wider, the TR's wrap and the
 * SExt's wrap of the whole input in one millionaires' call instead (see {@link #shiftAndExtend}): e.g. 16 -&gt; 16
 * bits by 6 in 3 rounds (TR then SExt took 11 before the millionaires' final OT). Twin:
 * {@code org.sirnn.clear.FixedOps.floorShift}.
 */
public final class Rescale {
  private Rescale() {}

  /** Shares of floor(int_bwIn(x) / 2^s) mod 2^bwOut; s = 0 only re-sizes (reduce or sign-extend). */
  public static long[] floorShift(Party p, long[] x, int bwIn, int s, int bwOut) {
    if (s < 0 || s >= bwIn) {
      throw new IllegalArgumentException("rescale: shift " + s + " outside 0.." + (bwIn - 1));
    }
    Ring.checkBitwidth(bwOut);
    int k = bwIn - s;
    if (s > 0 && bwOut > k) {
      return shiftAndExtend(p, x, bwIn, s, bwOut);
    }
    long[] r;
    if (s == 0) {
      r = x.clone();
    } else {
      long[] y = offset(p, x, bwIn);
      r = Truncation.truncateReduce(p, y, bwIn, s);
      if (p.isServer()) {
        for (int e = 0; e < r.length; e++) {
          r[e] = (r[e] - (1L << (k - 1))) & Ring.mask(k);
        }
      }
    }
    if (bwOut <= k) {
      for (int e = 0; e < r.length; e++) {
        r[e] &= Ring.mask(bwOut);
      }
      return r;
    }
    return Extension.sext(p, r, k, bwOut);
  }

  /**
   * TR and SExt in one millionaires' call, for bwOut &gt; bwIn - s = k: with y = x + 2^(bwIn-1), y_b = u_b 2^s + v_b,
   * c = wrap(v0, v1, 2^s) and W = wrap(y0, y1, 2^bwIn), floor(y / 2^s) = u0 + u1 + c - 2^k W over the integers, so
   * floor(x / 2^s) = u0 + u1 + c - 2^k W - 2^(k-1) mod 2^bwOut. Both wraps are independent and come, as additive
   * shares mod 2^bwOut, from one {@link Comparisons#wrapsArithmetic} call: the rounds of one wrap on bwIn bits (3 at
   * 16 bits) instead of a wrap on s bits and then one on k bits.
   */
  private static long[] shiftAndExtend(Party p, long[] x, int bwIn, int s, int bwOut) {
    int k = bwIn - s;
    int n = x.length;
    long[] y = offset(p, x, bwIn);
    long[] v = new long[n];
    for (int e = 0; e < n; e++) {
      v[e] = y[e] & Ring.mask(s);
    }
    long[][] w = Comparisons.wrapsArithmetic(p, new long[][] {v, y}, new int[] {s, bwIn}, bwOut);
    long mask = Ring.mask(bwOut);
    long half = p.isServer() ? 1L << (k - 1) : 0;
    long[] out = new long[n];
    for (int e = 0; e < n; e++) {
      out[e] = ((y[e] >>> s) + w[0][e] - (w[1][e] << k) - half) & mask;
    }
    return out;
  }

  /** y = x + 2^(bwIn-1) mod 2^bwIn (the server adds the offset): the non-negative image of signed x. */
  private static long[] offset(Party p, long[] x, int bwIn) {
    long[] y = new long[x.length];
    long add = p.isServer() ? 1L << (bwIn - 1) : 0;
    for (int e = 0; e < y.length; e++) {
      y[e] = (x[e] + add) & Ring.mask(bwIn);
    }
    return y;
  }
}
