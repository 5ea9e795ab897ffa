package org.sirnn.math;

import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.RsqrtParams;
import org.sirnn.clear.math.RsqrtTables;
import org.sirnn.fixed.Extension;
import org.sirnn.fixed.LookupTable;
import org.sirnn.fixed.Msnzb;
import org.sirnn.fixed.Multiplication;
import org.sirnn.fixed.Truncation;
import org.sirnn.mpc.Mux;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Reciprocal square root on shared fixed-point values (SiRnn Section V-C, Figure 6; SCI MathFunctions::sqrt with
 * inverse = true), bit for bit equal to {@link ClearMath#rsqrt(long, RsqrtParams)}: y ~ 2^s_out / sqrt(x / 2^s_in)
 * for the unsigned value x_l of the low bw - 1 input bits (the input's MSB is ignored, as in the twin).
 *
 * <p>With bw = bw_in, s = s_out, g = {@link ClearMath#rsqrtLutBits}(s), hw = floor(bw / 2), sas =
 * {@link ClearMath#rsqrtShift}, and k = MSNZB(x_l) (0 for x_l = 0), the twin's values are ax = x_l 2^(bw-2-k),
 * B = (k - s_in) mod 2, C = 2^c or 0 ({@link ClearMath#rsqrtDenormalizer}). Steps:
 * <ol>
 *   <li><b>Range reduction</b> ({@link Msnzb#normalise}) of x' = 2 x_l + 1 over bw bits (local: the doubling drops
 *       the input's MSB). x' is never 0, so its index k' is k + 1 for x_l &gt; 0 and 0 only for x_l = 0, and the
 *       mantissa ax' = x' 2^(bw-1-k') = 2 ax + 2^(bw-1-k') lies in [2^(bw-1), 2^bw): its MSB is public. The same
 *       LUT on k' returns B (g + 1 bits, its low bit is an XOR share of B), D = 2^(bw-1-k') (bw + 2 bits), the bits
 *       of the exponent c of C and, when some C is 0, a zero flag.
 *   <li>2 ax over bw + 2 bits = ZExt(ax' - 2^(bw-1)) + 2^(bw-1) - D: the extended value has a public zero MSB,
 *       so its wrap is MSB-to-wrap with a public MSB (lambda + 2 bits) instead of a millionaires'.
 *   <li>e = TR(2 ax mod 2^(bw-1), bw - g - 1), g bits: the top g fraction bits of the normalised input.
 *   <li>One LUT on (e &lt;&lt; 1) | B = 2e + B (local, g + 1 bits) returns Y0 ({@link RsqrtTables}) and its square
 *       Ysq = Y0^2, both with one spare top bit (g + 4 and 2g + 6 bits) so that their MSB is publicly 0.
 *   <li>2X = 2 ax + MUX(B, 2 ax) over bw + 2 bits; b0 = TR(2X, bw - 1 - s), s + 3 bits (the twin's b0 &lt;
 *       2^(s+2), so the MSB is 0).
 *   <li>b1 = TR(UMult(Ysq, b0), 2g + 4) from the product mod 2^(2g+s+7) (the twin's product, mod 2^(2g+s+6), is
 *       below 2^(2g+s+6) as Y0 &lt;= 2^(g+2)), s + 3 bits; Yc = 3 2^s - b1 mod 2^(s+3) (b1 &lt;= 3 2^s, checked per
 *       table, so Yc &lt; 2^(s+2)); x1 = TR(UMult(Y0, Yc) mod 2^(s+g+5), g + 3), s + 2 bits, below 2^(s+1).
 *   <li>Only for s &gt;= 15, the second Goldschmidt step with the twin's widths (Ysq2, b2, Yc2, x2).
 *   <li><b>De-normalisation</b>: the twin's x_last C is a left shift by c, done as a barrel shifter (one MUX per
 *       bit of c, bits from the LUT of step 1; a MUX by the zero flag when some C is 0) on x_last zero-extended to
 *       L = min(s + 1 + hw, bw_out + sas) bits; r = TR(., sas), then reduced to bw_out bits or zero-extended (r &lt;
 *       2^(W-1) with W = s + 1 + hw - sas).
 * </ol>
 * Every product operand is non-negative with a spare zero MSB by construction (listed above), so all wraps of the
 * one-iteration path except those of the truncations come from MSB-to-wrap; the claims are exact, a false one
 * would give wrong results with probability 1/2. The second iteration (s &gt;= 15) uses millionaires' for its
 * operands without such a bound.
 *
 * <p>Cost at bw = 16, s_in = s_out = 12 (g = 6, one iteration), measured per instance with both directions
 * counted: 3.33 KB (paper: 6.0 KB; SCI: 5.9 KB) in 83 rounds. Of it: range reduction 835 B (MSNZB index of the
 * 16-bit x' 595 B, one packed LUT of 16 entries, four 16-bit shift MUXes); the LUT of 2^(g+1) = 128 entries of
 * 28 bits 480 B; the two products 18 x 15 -&gt; 31 and 10 x 15 -&gt; 23 bits 1142 B (all four wraps from
 * MSB-to-wrap); five truncations 662 B (wraps on 9, 3, 16, 9 and 1 bits); the B MUX and three 17-bit shift MUXes
 * for C 145 B; two extensions 65 B.
 */
public final class Rsqrt {
  /** Digit width of the MSNZB inside the range reduction. */
  public static final int MSNZB_DIGIT_BITS = 8;

  /** Largest input width: x' needs a bw-bit ring inside an (bw+1)-bit normalisation, 2X a (bw+2)-bit ring. */
  public static final int MAX_INPUT_BITS = 62;

  private Rsqrt() {}

  /**
   * Shares of rsqrt(x / 2^sIn) at scale sOut in bwOut bits, equal to {@link ClearMath#rsqrt(long, RsqrtParams)}
   * with {@code new RsqrtParams(bwIn, sIn, bwOut, sOut)}.
   *
   * @param x this party's additive shares of the bwIn-bit input (its MSB is ignored)
   * @throws IllegalArgumentException for parameters {@link RsqrtParams} rejects, or bwIn above
   *     {@value #MAX_INPUT_BITS}
   */
  @SuppressWarnings("try")
  public static long[] rsqrt(Party p, long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    RsqrtParams prm = new RsqrtParams(bwIn, sIn, bwOut, sOut);
    if (bwIn > MAX_INPUT_BITS) {
      throw new IllegalArgumentException("rsqrt: bwIn must be in " + (sOut + 2) + ".." + MAX_INPUT_BITS
          + " (the range reduction works on bwIn + 2 bits), got " + bwIn);
    }
    int bw = bwIn;
    int s = sOut;
    int g = prm.lutBits();
    long[] lut = RsqrtTables.table(g);
    checkTable(lut, g, s);
    int n = x.length;
    if (n == 0) {
      return new long[0];
    }
    boolean server = p.isServer();
    try (Traffic.Scope sc = p.scope("rsqrt")) {
      // 1. range reduction of x' = 2 x_l + 1 (never 0), with B, D, the bits of c and the zero flag on k'
      int wide = bw + 2;
      long[] xp = new long[n];
      for (int i = 0; i < n; i++) {
        xp[i] = (2 * x[i] + (server ? 1 : 0)) & Ring.mask(bw);
      }
      Denorm dn = Denorm.of(bw, sIn);
      int iota = Msnzb.normaliseIndexBits(bw + 1);
      int[] widths = new int[2 + dn.stages + (dn.anyZero ? 1 : 0)];
      widths[0] = g + 1;
      widths[1] = wide;
      for (int t = 2; t < widths.length; t++) {
        widths[t] = 1;
      }
      long[][] tables = server ? kTables(bw, sIn, iota, dn, widths.length) : null;
      Msnzb.Normalised nm = Msnzb.normalise(p, xp, bw + 1, MSNZB_DIGIT_BITS, tables, widths);
      long[] bArith = nm.lookups()[0];
      long[] d = nm.lookups()[1];
      long[] bXor = new long[n];
      for (int i = 0; i < n; i++) {
        bXor[i] = bArith[i] & 1;
      }

      // 2. 2 ax over bw + 2 bits: ZExt(ax' - 2^(bw-1)) (public zero MSB) + 2^(bw-1) - D
      long half = 1L << (bw - 1);
      long[] low = Sharing.addPublic(p, nm.mantissa(), -half, bw);
      long[] ext = Extension.zextNonNegative(p, low, bw, wide);
      long[] twoAx = new long[n];
      for (int i = 0; i < n; i++) {
        twoAx[i] = (ext[i] + (server ? half : 0) - d[i]) & Ring.mask(wide);
      }

      // 3. e = bits bw-g-1 .. bw-2 of 2 ax
      long[] e = Truncation.truncateReduce(p, Ring.reduced(twoAx, bw - 1), bw - 1, bw - g - 1);

      // 4. LUT on 2e + B: Y0 (g + 4 bits) and Ysq = Y0^2 (2g + 6 bits)
      long[] idx = new long[n];
      for (int i = 0; i < n; i++) {
        idx[i] = (2 * e[i] + bArith[i]) & Ring.mask(g + 1);
      }
      long[][] y = LookupTable.lookupMany(p, idx, g + 1, server ? y0Tables(lut, g) : null,
          new int[] {g + 4, 2 * g + 6});
      long[] y0 = y[0];
      long[] ysq = y[1];

      // 5. b0 = TR(2X, bw - 1 - s) with 2X = 2 ax (1 + B)
      long[] sel = Mux.select(p, bXor, twoAx, wide);
      long[] twoX = new long[n];
      for (int i = 0; i < n; i++) {
        twoX[i] = (twoAx[i] + sel[i]) & Ring.mask(wide);
      }
      long[] b0 = Truncation.truncateReduce(p, twoX, wide, bw - 1 - s);

      // 6. the Goldschmidt step: b1, Yc, x1
      int p1 = 2 * g + s + 7;
      long[] b1 = Truncation.truncateReduce(p,
          Multiplication.umultNonNegative(p, ysq, 2 * g + 6, b0, s + 3, p1), p1, 2 * g + 4);
      long[] yc = threeMinus(p, b1, s, s + 3);
      int p2 = s + g + 5;
      long[] xc = Truncation.truncateReduce(p, Multiplication.umultNonNegative(p, y0, g + 4, yc, s + 3, p2), p2,
          g + 3);
      int xcBits = s + 2;
      boolean xcSpareMsb = true;

      // 7. the second iteration (s >= 15), the twin's widths
      if (prm.iterations() == 2) {
        long[] ysq2 = Truncation.truncateReduce(p,
            Multiplication.umultNonNegative(p, yc, s + 3, yc, s + 3, 2 * s + 3), 2 * s + 3, s + 2);
        long[] b2 = Truncation.truncateReduce(p,
            Multiplication.umultHinted(p, ysq2, s + 1, false, b1, s + 3, true, 2 * s + 2), 2 * s + 2, s);
        long[] yc2 = threeMinus(p, b2, s, s + 2);
        xc = Truncation.truncateReduce(p,
            Multiplication.umultHinted(p, xc, s + 2, true, yc2, s + 2, false, 2 * s + 2), 2 * s + 2, s + 1);
        xcBits = s + 1;
        xcSpareMsb = false;
      }

      // 8. de-normalisation: x_last 2^c (0 when C = 0) by a barrel shifter on L bits, then TR by sas
      int hw = bw / 2;
      int sas = ClearMath.rsqrtShift(bw, sIn);
      int resultBits = prm.resultBits();
      int l = Math.min(s + 1 + hw, bwOut + sas);
      long[][] lk = nm.lookups();
      if (dn.anyZero) {
        long[] zero = lk[2 + dn.stages];
        long[] kill = Mux.select(p, zero, xc, xcBits);
        for (int i = 0; i < n; i++) {
          xc[i] = (xc[i] - kill[i]) & Ring.mask(xcBits);
        }
      }
      long[] v;
      if (l <= xcBits) {
        v = Ring.reduced(xc, l);
      } else {
        v = xcSpareMsb ? Extension.zextNonNegative(p, xc, xcBits, l) : Extension.zext(p, xc, xcBits, l);
      }
      for (int b = 0; b < dn.stages; b++) {
        long factor = (1L << (1 << b)) - 1;
        long[] scaled = new long[n];
        for (int i = 0; i < n; i++) {
          scaled[i] = (v[i] * factor) & Ring.mask(l);
        }
        long[] add = Mux.select(p, lk[2 + b], scaled, l);
        for (int i = 0; i < n; i++) {
          v[i] = (v[i] + add[i]) & Ring.mask(l);
        }
      }
      long[] r = Truncation.truncateReduce(p, v, l, sas);
      int rBits = l - sas;
      if (bwOut <= rBits) {
        return Ring.reduced(r, bwOut);
      }
      // here rBits = W < bwOut, and r < 2^(W-1) as x_last < 2^(s+1) and C <= 2^(hw-1)
      return Extension.zextNonNegative(p, r, resultBits, bwOut);
    }
  }

  /** (3 2^s - v) mod 2^w. */
  private static long[] threeMinus(Party p, long[] v, int s, int w) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = ((p.isServer() ? 3L << s : 0) - v[i]) & Ring.mask(w);
    }
    return out;
  }

  /** The public de-normalisation layout: shift stages for c and whether some k gives C = 0. */
  private record Denorm(int stages, boolean anyZero) {
    static Denorm of(int bw, int sIn) {
      int maxC = 0;
      boolean zero = false;
      for (int k = 0; k <= bw - 2; k++) {
        long c = ClearMath.rsqrtDenormalizer(k, bw, sIn);
        if (c == 0) {
          zero = true;
        } else {
          maxC = Math.max(maxC, 63 - Long.numberOfLeadingZeros(c));
        }
      }
      return new Denorm(32 - Integer.numberOfLeadingZeros(maxC), zero);
    }
  }

  /**
   * The server's tables on k' = MSNZB(2 x_l + 1) (k = k' - 1, or 0 for k' = 0): B_k, D = 2^(bw-1-k'), the bits
   * of c with C_k = 2^c, and the flag C_k = 0.
   */
  private static long[][] kTables(int bw, int sIn, int iota, Denorm dn, int count) {
    int size = 1 << iota;
    long[][] t = new long[count][size];
    for (int kp = 0; kp < size && kp <= bw - 1; kp++) {
      int k = Math.max(kp - 1, 0);
      t[0][kp] = ClearMath.rsqrtParity(k, sIn);
      t[1][kp] = 1L << (bw - 1 - kp);
      long c = ClearMath.rsqrtDenormalizer(k, bw, sIn);
      int exp = c == 0 ? 0 : 63 - Long.numberOfLeadingZeros(c);
      for (int b = 0; b < dn.stages; b++) {
        t[2 + b][kp] = (exp >>> b) & 1;
      }
      if (dn.anyZero) {
        t[2 + dn.stages][kp] = c == 0 ? 1 : 0;
      }
    }
    return t;
  }

  /** Y0 and Ysq = Y0^2 over the index (e &lt;&lt; 1) | B. */
  private static long[][] y0Tables(long[] lut, int g) {
    long[][] t = new long[2][lut.length];
    for (int j = 0; j < lut.length; j++) {
      t[0][j] = lut[j];
      t[1][j] = (lut[j] * lut[j]) & Ring.mask(2 * g + 5);
    }
    return t;
  }

  /**
   * The table facts the non-negativity claims rest on: Y0 &lt;= 2^(g+2) (so the twin's Ysq b0 product never wraps
   * and Y0 Yc &lt; 2^(s+g+4)), and b1 &lt;= 3 2^s for every b0 the entry can meet (so Yc = 3 2^s - b1 needs no
   * reduction mod 2^(s+2) and stays below 2^(s+2)). Entry (e, B) meets b0 &lt; (1 + B) 2^s (1 + (e + 1) / 2^g).
   */
  static void checkTable(long[] lut, int g, int s) {
    for (int j = 0; j < lut.length; j++) {
      long y0 = lut[j];
      if (y0 > 1L << (g + 2)) {
        throw new IllegalStateException("rsqrt LUT entry " + j + " = " + y0 + " exceeds 2^(g+2)");
      }
      long e = j >>> 1;
      long b = j & 1;
      // largest b0 in the bucket: floor(X / 2^(bw-2-s)) with X < (1 + B) 2^(bw-2) (2^g + e + 1) / 2^g
      long b0Max = (((1 + b) << s) * ((1L << g) + e + 1) - 1) >>> g;
      long b1Max = (y0 * y0 * b0Max) >>> (2 * g + 4); // below 2^48: y0 <= 2^9, b0 < 2^30
      if (b1Max > 3L << s) {
        throw new IllegalStateException("rsqrt LUT entry " + j + " gives b1 up to " + b1Max + " > 3 2^" + s);
      }
    }
  }
}
