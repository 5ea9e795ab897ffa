package org.sirnn.fixed;

import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.MsbToWrap;
import org.sirnn.mpc.Party;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Zero and signed extension of shares from Z_2^m to Z_2^n, n >= m (SiRnn Section IV-A, Algorithm 1).
 *
 * <p>ZExt: w = wrap(x0, x1, 2^m) (millionaires'), its arithmetic shares over Z_2^(n-m) (B2A), output
 * x_b - 2^m * w_b mod 2^n. Exact: x = x0 + x1 - 2^m w over the integers. SExt: shift by 2^(m-1) into the unsigned
 * range, zero-extend, shift back (int(x) = ((x + 2^(m-1)) mod 2^m) - 2^(m-1)).
 *
 * <p>Cost: one wrap on m bits with its B2A into n - m bits folded into the millionaires' last step
 * ({@link Comparisons#wrapArithmetic}): 2 rounds for m &lt;= 4, 3 for m &lt;= 16, 5 beyond, e.g. SExt 16 -&gt; 32 in
 * 3 rounds (the wrap then a B2A took 6).
 */
public final class Extension {
  private Extension() {}

  /** Zero extension: shares of uint_m(x) over Z_2^n. */
  @SuppressWarnings("try")
  public static long[] zext(Party p, long[] x, int m, int n) {
    check(m, n);
    if (n == m) {
      return x.clone();
    }
    try (Traffic.Scope sc = p.scope("zext")) {
      long[] xm = Ring.reduced(x, m);
      return lift(xm, Comparisons.wrapArithmetic(p, xm, m, n - m), m, n);
    }
  }

  /**
   * Zero extension of values known to be below 2^(m-1) (public zero MSB): the wrap comes as additive shares from
   * one COT ({@link MsbToWrap#wrapNonNegativeArithmetic}, lambda + n - m bits, 2 rounds) instead of millionaires'
   * and B2A. Wrong if the claim is false.
   */
  @SuppressWarnings("try")
  public static long[] zextNonNegative(Party p, long[] x, int m, int n) {
    check(m, n);
    if (n == m) {
      return x.clone();
    }
    try (Traffic.Scope sc = p.scope("zext")) {
      long[] xm = Ring.reduced(x, m);
      return lift(xm, MsbToWrap.wrapNonNegativeArithmetic(p, xm, m, n - m), m, n);
    }
  }

  /** x - 2^m * wa over Z_2^n, wa the additive shares of the wrap. */
  private static long[] lift(long[] xm, long[] wa, int m, int n) {
    long mask = Ring.mask(n);
    long[] out = new long[xm.length];
    for (int i = 0; i < xm.length; i++) {
      out[i] = (xm[i] - (wa[i] << m)) & mask;
    }
    return out;
  }

  /** Signed extension: shares of int_m(x) mod 2^n. */
  @SuppressWarnings("try")
  public static long[] sext(Party p, long[] x, int m, int n) {
    check(m, n);
    if (n == m) {
      return x.clone();
    }
    try (Traffic.Scope sc = p.scope("sext")) {
      long half = 1L << (m - 1);
      long[] shifted = x.clone();
      if (p.isServer()) {
        for (int i = 0; i < shifted.length; i++) {
          shifted[i] = (shifted[i] + half) & Ring.mask(m);
        }
      }
      long[] z = zext(p, shifted, m, n);
      if (p.isServer()) {
        for (int i = 0; i < z.length; i++) {
          z[i] = (z[i] - half) & Ring.mask(n);
        }
      }
      return z;
    }
  }

  /** Extension of a FixArray to n bits, signed or unsigned as the array says; scale unchanged. */
  public static FixArray extend(Party p, FixArray x, int n) {
    long[] s = x.signed() ? sext(p, x.shares(), x.bitwidth(), n) : zext(p, x.shares(), x.bitwidth(), n);
    return new FixArray(s, n, x.scale(), x.signed());
  }

  private static void check(int m, int n) {
    Ring.checkBitwidth(m);
    Ring.checkBitwidth(n);
    if (n < m) {
      throw new IllegalArgumentException("extension from " + m + " to " + n + " bits: target must be >= source");
    }
  }
}
