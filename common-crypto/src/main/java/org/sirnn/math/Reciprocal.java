package org.sirnn.math;

import org.sirnn.clear.math.ReciprocalTables;
import org.sirnn.fixed.Extension;
import org.sirnn.fixed.LookupTable;
import org.sirnn.fixed.Multiplication;
import org.sirnn.fixed.Truncation;
import org.sirnn.mpc.Party;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Reciprocal initial approximation for 1 <= v < 2 (SiRnn Section V-B, Figure 5, after Ito et al.; SCI
 * reciprocal_approximation): v = 1.e f with e the top g fraction bits; a lookup table on e returns two constants
 * c0 (g + 4 bits) and c1 (2g + 3 bits) packed in one entry; w' = c1 2^(s-g+1) - c0 f at scale s + g + 3, and
 * w0 = TR(w', s + g + 3 - s_out) at scale s_out in s_out + 1 bits. With no Goldschmidt iteration (s_out <= 18, the
 * paper's setting for sigmoid and tanh) w0 is the reciprocal.
 *
 * <p>Rounds: the truncation giving e also gives the XOR wrap of f's shares (f is its low part,
 * {@link Truncation#truncateReduceWithWrap}); the LUT returns c0 in the whole ring of w' (c0 &lt; 2^(g+4)), so
 * c0 f is one product exchange with no wrap protocol and no extension: TR (3) + LUT (2) + product (2) + TR (3). At
 * s = 14 that is 12 rounds measured inside sigmoid less the overlaps, where a separate millionaires' for f's wrap and
 * a zero extension of c0 f took 5 more.
 */
public final class Reciprocal {
  private Reciprocal() {}

  /**
   * @param den shares of v in [2^s, 2^(s+1)) (scale s), at least s + 1 bits wide
   * @return shares of w0 over Z_2^(sOut+1), scale sOut
   */
  public static long[] approximate(Party p, long[] den, int s, int sOut, int g) {
    return approximate(p, den, s, sOut, g, 0);
  }

  /**
   * As {@link #approximate(Party, long[], int, int, int)}, but the shares of w0 are over Z_2^(sOut+1+extraBits)
   * (same value, below 2^sOut) at no extra round: c1 comes out of the LUT with extraBits more bits, c0 f is
   * extended that much further, and w' is formed mod 2^(s+g+4+extraBits). This is exact because
   * w' = c1 2^(s-g+1) - c0 f lies in (0, 2^(s+g+3)) for g &gt;= 2 (c1 2^(s-g+1) &gt;= 2^(s+g+2) &gt; 2^(s+3) &gt;
   * c0 f), so it has the same value modulo every 2^j with j &gt;= s+g+3. The fused sigmoid/tanh ({@link SigmoidTanh})
   * uses the wider shares directly as a wider operand, saving extensions.
   *
   * @param extraBits 0 for the plain approximation; s + g + 4 + extraBits must not exceed 64
   */
  @SuppressWarnings("try")
  public static long[] approximate(Party p, long[] den, int s, int sOut, int g, int extraBits) {
    if (extraBits < 0 || s + g + 4 + extraBits > 64) {
      throw new IllegalArgumentException("reciprocal: extra bits " + extraBits + " outside 0.." + (60 - s - g));
    }
    int x1 = extraBits;
    if (g < 2 || g > 8 || s - g < 1) {
      throw new IllegalArgumentException("reciprocal: LUT index bits g = " + g + " must be in 2..8 and below the"
          + " input scale " + s);
    }
    try (Traffic.Scope sc = p.scope("reciprocal")) {
      int n = den.length;
      long[] frac = new long[n];
      long[] f = new long[n];
      for (int i = 0; i < n; i++) {
        frac[i] = den[i] & Ring.mask(s);
        f[i] = den[i] & Ring.mask(s - g);
      }
      int lw = s + g + 4 + x1; // the ring of w'
      long[] c0f;
      long[][] c;
      long[][] tables = p.isServer() ? constants(g) : null;
      if (lw + 2 * g + 3 + x1 <= 64) {
        // e with the wrap of f's shares (f is frac's low part) from one call; c0 looked up straight into the ring of
        // w' (its value is below 2^(g+4)), so c0 f mod 2^lw needs no wrap of c0 and no extension afterwards
        long[][] ew = Truncation.truncateReduceWithWrap(p, frac, s, s - g);
        c = LookupTable.lookupMany(p, ew[0], g, tables, new int[] {lw, 2 * g + 3 + x1});
        c0f = Multiplication.umultKnownWraps(p, c[0], lw, null, f, s - g, ew[1], lw);
      } else {
        long[] e = Truncation.truncateReduce(p, frac, s, s - g);
        c = LookupTable.lookupMany(p, e, g, tables, new int[] {g + 4, 2 * g + 3 + x1});
        long[] narrow = Multiplication.umultHinted(p, c[0], g + 4, true, f, s - g, false, s + 4);
        c0f = Extension.zextNonNegative(p, narrow, s + 4, lw);
      }
      long mask = Ring.mask(lw);
      long[] w = new long[n];
      for (int i = 0; i < n; i++) {
        w[i] = ((c[1][i] << (s - g + 1)) - c0f[i]) & mask;
      }
      return Truncation.truncateReduce(p, w, s + g + 4 + x1, s + g + 3 - sOut);
    }
  }

  /** The two constant tables c0 = A0(e) and c1 = A1(e) over the 2^g values of e (ReciprocalTables' entries). */
  private static long[][] constants(int g) {
    long[][] t = new long[2][1 << g];
    for (int e = 0; e < (1 << g); e++) {
      t[0][e] = ReciprocalTables.a0(e, g);
      t[1][e] = ReciprocalTables.a1(e, g);
    }
    return t;
  }

  /** The paper's LUT size for an output scale: g = ceil((s_out - 2) / 2). */
  public static int defaultIndexBits(int sOut) {
    return (sOut - 2 + 1) / 2;
  }
}
