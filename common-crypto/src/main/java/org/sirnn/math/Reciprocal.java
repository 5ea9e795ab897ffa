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
 */
public final class Reciprocal {
  private Reciprocal() {}

  /**
   * @param den shares of v in [2^s, 2^(s+1)) (scale s), at least s + 1 bits wide
   * @return shares of w0 over Z_2^(sOut+1), scale sOut
   */
  @SuppressWarnings("try")
  public static long[] approximate(Party p, long[] den, int s, int sOut, int g) {
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
      long[] e = Truncation.truncateReduce(p, frac, s, s - g);
      long[][] tables = p.isServer() ? constants(g) : null;
      long[][] c = LookupTable.lookupMany(p, e, g, tables, new int[] {g + 4, 2 * g + 3});
      long[] c0f = Multiplication.umultHinted(p, c[0], g + 4, true, f, s - g, false, s + 4);
      long[] c0fExt = Extension.zextNonNegative(p, c0f, s + 4, s + g + 4);
      long mask = Ring.mask(s + g + 4);
      long[] w = new long[n];
      for (int i = 0; i < n; i++) {
        w[i] = ((c[1][i] << (s - g + 1)) - c0fExt[i]) & mask;
      }
      return Truncation.truncateReduce(p, w, s + g + 4, s + g + 3 - sOut);
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
