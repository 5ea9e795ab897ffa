package org.sirnn.math;

import org.sirnn.clear.math.ExpTables;
import org.sirnn.fixed.Extension;
import org.sirnn.fixed.LookupTable;
import org.sirnn.fixed.Multiplication;
import org.sirnn.fixed.Truncation;
import org.sirnn.mpc.Party;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Exponential of a non-positive fixed-point input, rExp (SiRnn Section V-A, Figure 3; SCI lookup_table_exp):
 * t = -x is split into 8-bit digits (the last may be shorter); one lookup table per digit gives
 * e^(-digit_i 2^(8i) / 2^s_in) at scale s_out in s_out + 2 bits; the looked-up values are multiplied in a binary
 * product tree of unsigned (s_out+2) x (s_out+2) -> 2 s_out + 2 products, each truncated by s_out back to s_out + 2
 * bits (all operands are non-negative, so wraps come from MSB-to-wrap); the result is zero-extended to bw_out.
 *
 * <p>Cost at 16 bits (two digits): one digit decomposition, two LUTs of 256 entries, one product, one truncation,
 * one extension; about 2 KB per instance.
 */
public final class Exp {
  /** Digit width of the decomposition (the 1-out-of-N OT carries N <= 256). */
  public static final int DIGIT_BITS = 8;

  private Exp() {}

  /**
   * Shares of e^(x / 2^sIn) at scale sOut in bwOut bits, for x <= 0 given as a bwIn-bit two's-complement value.
   */
  @SuppressWarnings("try")
  public static long[] expNeg(Party p, long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    Ring.checkBitwidth(bwIn);
    Ring.checkBitwidth(bwOut);
    int lw = sOut + 2;
    if (bwOut < lw) {
      throw new IllegalArgumentException("exp: output bitwidth " + bwOut + " must be at least scale + 2 = " + lw);
    }
    int k = (bwIn + DIGIT_BITS - 1) / DIGIT_BITS;
    int last = bwIn - DIGIT_BITS * (k - 1);
    if (k > 1 && last < 2) {
      throw new IllegalArgumentException("exp: input bitwidth " + bwIn + " leaves a 1-bit top digit; use a width"
          + " that is not 1 mod 8");
    }
    try (Traffic.Scope sc = p.scope("exp")) {
      long[] t = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        t[i] = (-x[i]) & Ring.mask(bwIn);
      }
      long[][] v = new long[k][];
      for (int i = 0; i < k; i++) {
        int size = i < k - 1 ? DIGIT_BITS : last;
        long[] digit = digit(p, t, bwIn, i, size);
        long[] table = p.isServer() ? ExpTables.expDigitTable(i, DIGIT_BITS, size, sIn, sOut) : null;
        v[i] = LookupTable.lookup(p, digit, size, table, lw);
      }
      for (int step = 1; step < k; step *= 2) {
        for (int j = 0; j + step < k; j += 2 * step) {
          long[] prod = Multiplication.umultNonNegative(p, v[j], lw, v[j + step], lw, 2 * sOut + 2);
          v[j] = Truncation.truncateReduce(p, prod, 2 * sOut + 2, sOut);
        }
      }
      return Extension.zextNonNegative(p, v[0], lw, bwOut);
    }
  }

  /** Shares of digit i (size bits) of the bwIn-bit t: TR(t, 8i) reduced to size bits (digit 0 is local). */
  private static long[] digit(Party p, long[] t, int bwIn, int i, int size) {
    long[] shifted = i == 0 ? t : Truncation.truncateReduce(p, t, bwIn, DIGIT_BITS * i);
    long[] d = new long[t.length];
    for (int e = 0; e < t.length; e++) {
      d[e] = shifted[e] & Ring.mask(size);
    }
    return d;
  }
}
