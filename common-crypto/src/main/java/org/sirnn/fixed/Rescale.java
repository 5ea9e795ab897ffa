package org.sirnn.fixed;

import org.sirnn.mpc.Party;
import org.sirnn.ring.Ring;

/**
 * The floor shift every fixed-point layer rescales with: shares of floor(int_bwIn(x) / 2^s) mod 2^bwOut for signed
 * bwIn-bit x. With y = x + 2^(bwIn-1) (non-negative), SiRnn's truncate-and-reduce TR(y, s) (Section IV-A, Algorithm
 * 4) gives floor(x / 2^s) + 2^(bwIn-s-1) exactly in bwIn - s bits; the offset is removed locally, then the result
 * is reduced (bwOut &lt;= bwIn - s, free) or sign-extended (Section III-B, SExt). Cost: one TR (one wrap on s bits)
 * plus one SExt when the output is wider. Twin: {@code org.sirnn.clear.FixedOps.floorShift}.
 */
public final class Rescale {
  private Rescale() {}

  /** Shares of floor(int_bwIn(x) / 2^s) mod 2^bwOut; s = 0 only re-sizes (reduce or sign-extend). */
  public static long[] floorShift(Party p, long[] x, int bwIn, int s, int bwOut) {
    if (s < 0 || s >= bwIn) {
      throw new IllegalArgumentException("rescale: shift " + s + " outside 0.." + (bwIn - 1));
    }
    Ring.checkBitwidth(bwOut);
    long[] r;
    int k;
    if (s == 0) {
      r = x.clone();
      k = bwIn;
    } else {
      k = bwIn - s;
      long[] y = x.clone();
      if (p.isServer()) {
        for (int e = 0; e < y.length; e++) {
          y[e] = (y[e] + (1L << (bwIn - 1))) & Ring.mask(bwIn);
        }
      }
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
}
