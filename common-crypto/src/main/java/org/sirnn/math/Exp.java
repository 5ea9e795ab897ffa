package org.sirnn.math;

import org.sirnn.clear.math.ExpTables;
import org.sirnn.fixed.Extension;
import org.sirnn.fixed.LookupTable;
import org.sirnn.fixed.Multiplication;
import org.sirnn.fixed.Truncation;
import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.Millionaire;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Exponential of a non-positive fixed-point input, rExp (SiRnn Section V-A, Figure 3; SCI lookup_table_exp):
 * t = -x is split into 8-bit digits (the last may be shorter); one lookup table per digit gives
 * e^(-digit_i 2^(8i) / 2^s_in) at scale s_out in s_out + 2 bits; the looked-up values are multiplied in a binary
 * product tree of unsigned (s_out+2) x (s_out+2) -> 2 s_out + 2 products, each truncated by s_out back to s_out + 2
 * bits (all operands are non-negative, so wraps come from MSB-to-wrap); the result is zero-extended to bw_out.
 *
 * <p>The truncations TR(t, 8i) that give digits 1.. are independent and share one millionaires' call (additive
 * output), which for sigmoid and tanh also carries their denominator fix ({@link DenominatorTop}).
 *
 * <p>Cost at 16 bits (two digits): one truncation for digit 1, two LUTs of 256 entries in one batch of OTs
 * ({@link LookupTable#lookupEach}: 2 rounds for both), one product (2 rounds: its operands have a public zero MSB),
 * one truncation, one extension; about 2 KB per instance.
 */
public final class Exp {
  /** Digit width of the decomposition (the 1-out-of-N OT carries N <= 256). */
  public static final int DIGIT_BITS = 8;

  private Exp() {}

  /**
   * Shares of e^(x / 2^sIn) at scale sOut in bwOut bits, for x <= 0 given as a bwIn-bit two's-complement value.
   */
  public static long[] expNeg(Party p, long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    return expNeg(p, x, bwIn, sIn, bwOut, sOut, 0).e();
  }

  /** E and, when asked for, additive shares of the denominator's top bit ({@link DenominatorTop}). */
  record WithTop(long[] e, long[] top) {}

  /**
   * {@link #expNeg(Party, long[], int, int, int, int)} that also returns additive shares over Z_2^denBits of
   * bit_(denBits-1)(2^sOut + E mod 2^denBits), the bit sigmoid's and tanh's denominator fix subtracts
   * ({@code denBits} = 0: none). When {@link DenominatorTop} finds its threshold tau, the bit is MSB(t - tau) and
   * its wrap joins the digits' truncations in the same millionaires' call (no rounds of its own); otherwise it is
   * the MSB of the denominator, computed after E.
   */
  @SuppressWarnings("try")
  static WithTop expNeg(Party p, long[] x, int bwIn, int sIn, int bwOut, int sOut, int denBits) {
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
    int tau = denBits == 0 ? DenominatorTop.NONE : DenominatorTop.threshold(bwIn, sIn, bwOut, sOut, denBits);
    try (Traffic.Scope sc = p.scope("exp")) {
      int n = x.length;
      long[] t = new long[n];
      for (int i = 0; i < n; i++) {
        t[i] = (-x[i]) & Ring.mask(bwIn);
      }
      long[][] digits = new long[k][];
      long[] top = digitsAndTop(p, t, bwIn, k, last, tau, denBits, digits);
      // every full-width digit's LUT in one batch of OTs (each instance reads its digit's table), a shorter top
      // digit in a second batch
      long[][] v = new long[k][];
      int full = last == DIGIT_BITS ? k : k - 1;
      lookupDigits(p, digits, 0, full, DIGIT_BITS, sIn, sOut, lw, v);
      if (full < k) {
        lookupDigits(p, digits, full, k, last, sIn, sOut, lw, v);
      }
      for (int step = 1; step < k; step *= 2) {
        for (int j = 0; j + step < k; j += 2 * step) {
          long[] prod = Multiplication.umultNonNegative(p, v[j], lw, v[j + step], lw, 2 * sOut + 2);
          v[j] = Truncation.truncateReduce(p, prod, 2 * sOut + 2, sOut);
        }
      }
      long[] e = Extension.zextNonNegative(p, v[0], lw, bwOut);
      if (denBits > 0 && tau == DenominatorTop.NONE) {
        long[] den = Sharing.addPublic(p, Ring.reduced(e, denBits), 1L << sOut, denBits);
        top = Comparisons.msbArithmetic(p, den, denBits, denBits);
      }
      return new WithTop(e, top);
    }
  }

  /**
   * Fills digits[0..k) of the bwIn-bit t (digit 0 local) and returns the top-bit shares 1{t &lt; tau} over
   * Z_2^denBits (zeros for tau = 0, null without a threshold): the wraps of every digit's truncation TR(t, 8i) and,
   * with a threshold, the carry of MSB(t - tau) all come from one millionaires' call with additive output (the
   * narrower comparisons padded with zero bits).
   */
  private static long[] digitsAndTop(Party p, long[] t, int bwIn, int k, int last, int tau, int denBits,
      long[][] digits) {
    int n = t.length;
    boolean topHere = tau > 0;
    int groups = (k - 1) + (topHere ? 1 : 0);
    long[] top = tau == 0 ? new long[n] : null;
    if (groups == 0) {
      digits[0] = Ring.reduced(t, k == 1 ? last : DIGIT_BITS);
      return top;
    }
    boolean server = p.isServer();
    long[] in = new long[groups * n];
    long[] flip = topHere ? new long[groups * n] : null;
    int widest = 1;
    int outBits = Math.max(1, denBits);
    for (int i = 1; i < k; i++) { // wrap of the low 8i bits of t's shares, for digit i
      int w = DIGIT_BITS * i;
      widest = Math.max(widest, w);
      outBits = Math.max(outBits, Math.min(DIGIT_BITS, bwIn - w));
      long mask = Ring.mask(w);
      int base = (i - 1) * n;
      for (int e = 0; e < n; e++) {
        in[base + e] = server ? ~t[e] & mask : t[e] & mask;
      }
    }
    if (topHere) { // MSB(t - tau): carry of the low bwIn - 1 bits, the shares' MSBs XORed in
      int w = bwIn - 1;
      widest = Math.max(widest, w);
      long mask = Ring.mask(w);
      int base = (k - 1) * n;
      for (int e = 0; e < n; e++) {
        long z = (t[e] - (server ? tau : 0)) & Ring.mask(bwIn);
        in[base + e] = server ? ~z & mask : z & mask;
        flip[base + e] = (z >>> (bwIn - 1)) & 1;
      }
    }
    long[] c;
    try (Traffic.Scope sc = p.scope("trunc-reduce")) {
      c = Millionaire.lessThanArithmetic(p, Party.Role.SERVER, in, widest, flip, outBits);
    }
    digits[0] = Ring.reduced(t, k == 1 ? last : DIGIT_BITS);
    for (int i = 1; i < k; i++) {
      long mask = Ring.mask(i < k - 1 ? DIGIT_BITS : last);
      int shift = DIGIT_BITS * i;
      int base = (i - 1) * n;
      long[] d = new long[n];
      for (int e = 0; e < n; e++) {
        d[e] = ((t[e] >>> shift) + c[base + e]) & mask;
      }
      digits[i] = d;
    }
    if (topHere) {
      top = java.util.Arrays.copyOfRange(c, (k - 1) * n, k * n);
      Ring.reduce(top, denBits);
    }
    return top;
  }

  /** Looks up digits [from, to) (each m bits wide) in their own tables with one {@link LookupTable#lookupEach}. */
  private static void lookupDigits(Party p, long[][] digits, int from, int to, int m, int sIn, int sOut, int lw,
      long[][] v) {
    long[][] tables = null;
    if (p.isServer()) {
      tables = new long[to - from][];
      for (int i = 0; i < tables.length; i++) {
        tables[i] = ExpTables.expDigitTable(from + i, DIGIT_BITS, m, sIn, sOut);
      }
    }
    LookupTable.lookupRows(p, digits, from, to, m, tables, (row, j) -> row, lw, v);
  }
}
