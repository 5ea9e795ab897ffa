package org.sirnn.nn.heads;

import org.sirnn.ring.Ring;

/**
 * L2 normalisation per pixel with SiRnn's reciprocal square root (Section V-C, Fig. 6), replacing EdgeML's
 * bisection (README "L2Norm(X, D)"; docs/heads.md). With si = ScaleIn, the EdgeML output is x / ||x|| at scale
 * -1 - si (11, 9, 11 for D1..D3) in int16; here:
 * <ol>
 *   <li>n2 = sum_c x_c^2: one signed extension 16 -&gt; 24 bits and one SMult (16 x 24 -&gt; 40 bits) per element,
 *       local sums;</li>
 *   <li>R = rsqrt(n2) with bwIn = 40, sIn = 2 - 2 si (so n2 / 2^sIn is about 1 for the typical ||x|| of EdgeML's
 *       bisection range), sOut = 12 (SCI's g = 6, one Goldschmidt iteration), bwOut = 32 (R &lt; 2^27);</li>
 *   <li>y = floor(x R / 2^(sOut + sIn / 2 + 1 + si)): one SMult (16 x 32 -&gt; 48 bits) and one floor shift into
 *       16 bits at scale -1 - si.</li>
 * </ol>
 * A pixel with x = 0 gives y = 0 whatever R is. Rounds: two SMults, one rsqrt, one rescale.
 */
public final class FixedL2Norm {
  /** Ring of the sum of squares (rsqrt input). */
  public static final int SQ_BITS = 40;
  /** rsqrt output scale and width. */
  public static final int R_SCALE = 12;
  public static final int R_BITS = 32;

  private FixedL2Norm() {}

  public static FxMap apply(FxKernels fk, FxMap x, int si, int so) {
    int c = x.c();
    int npix = x.h() * x.w();
    int b = x.bits();
    if (2 * b - 1 + Ring.ceilLog2(c) >= SQ_BITS) {
      throw new IllegalArgumentException("L2Norm: " + c + " channels of " + b + " bits overflow " + SQ_BITS);
    }
    long[] xw = fk.rescale(x.v(), b, 0, SQ_BITS - b, "L2Norm extension"); // SExt (floor shift by 0)
    long[] sq = fk.smult(x.v(), b, xw, SQ_BITS - b, SQ_BITS);
    long[] n2 = new long[npix];
    long m = org.sirnn.ring.Ring.mask(SQ_BITS);
    for (int p = 0; p < npix; p++) {
      long acc = 0;
      for (int k = 0; k < c; k++) {
        acc += sq[p * c + k];
      }
      n2[p] = acc & m;
    }
    int sIn = 2 - 2 * si;
    long[] r = fk.rsqrt(n2, SQ_BITS, sIn, R_BITS, R_SCALE);
    long[] rr = new long[npix * c];
    for (int p = 0; p < npix; p++) {
      for (int k = 0; k < c; k++) {
        rr[p * c + k] = r[p];
      }
    }
    int pb = b + R_BITS;
    long[] y = fk.smult(x.v(), b, rr, R_BITS, pb);
    int shift = R_SCALE + sIn / 2 + 1 + si;
    return new FxMap(x.h(), x.w(), c, fk.rescale(y, pb, shift, 16, "L2Norm"), 16);
  }
}
