package org.sirnn.fixed;

import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Exact (not probabilistic) truncations of shares over Z_2^l (SiRnn Section IV-B, Lemma 1, Appendix C).
 *
 * <p>Write x_b = u_b * 2^s + v_b. Truncate-and-reduce TR(x, s) = u0 + u1 + c mod 2^(l-s) with c = wrap(v0, v1,
 * 2^s): the wrap on s bits with its B2A into l-s bits folded into the millionaires' last step
 * ({@link Comparisons#wrapArithmetic}): 2 rounds for s &lt;= 4, 3 for s &lt;= 16, 5 beyond (the wrap then a B2A
 * took 2 + ceil(log2 ceil(s/4)) + 2, e.g. 6 for s = 14). The logical
 * right shift is TR followed by a zero extension from l-s back to l bits (the shifted value is below 2^(l-s)), the
 * arithmetic shift adds 2^(l-1) first and subtracts 2^(l-s-1) after, and division by 2^s rounding toward zero is
 * ARS(x + MSB(x) * (2^s - 1), s).
 */
public final class Truncation {
  private Truncation() {}

  /** TR: shares of uint(x) >> s over Z_2^(l-s); 1 <= l - s. */
  @SuppressWarnings("try")
  public static long[] truncateReduce(Party p, long[] x, int l, int s) {
    check(l, s);
    int k = l - s;
    long[] out = new long[x.length];
    if (s == 0) {
      System.arraycopy(x, 0, out, 0, x.length);
      return out;
    }
    try (Traffic.Scope sc = p.scope("trunc-reduce")) {
      long low = Ring.mask(s);
      long[] v = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        v[i] = x[i] & low;
      }
      long[] c = Comparisons.wrapArithmetic(p, v, s, k);
      long mask = Ring.mask(k);
      for (int i = 0; i < x.length; i++) {
        out[i] = (((x[i] & Ring.mask(l)) >>> s) + c[i]) & mask;
      }
      return out;
    }
  }

  /**
   * TR together with XOR shares of its wrap c = wrap(v0, v1, 2^s) of the low parts v_b = x_b mod 2^s, from the same
   * millionaires' call ({@link Comparisons#wrapBoth}): {TR shares over Z_2^(l-s), c's XOR shares}. A caller that
   * also multiplies the low part x mod 2^s gets that operand's wrap for free. Requires 1 &lt;= s and l - s &lt;= 63.
   */
  @SuppressWarnings("try")
  public static long[][] truncateReduceWithWrap(Party p, long[] x, int l, int s) {
    check(l, s);
    if (s == 0) {
      throw new IllegalArgumentException("truncate-reduce with wrap needs a shift of at least 1");
    }
    int k = l - s;
    try (Traffic.Scope sc = p.scope("trunc-reduce")) {
      long low = Ring.mask(s);
      long[] v = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        v[i] = x[i] & low;
      }
      long[][] c = Comparisons.wrapBoth(p, v, s, k);
      long mask = Ring.mask(k);
      long[] out = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        out[i] = (((x[i] & Ring.mask(l)) >>> s) + c[1][i]) & mask;
      }
      return new long[][] {out, c[0]};
    }
  }

  /** Logical right shift: shares of uint(x) >> s over Z_2^l. */
  @SuppressWarnings("try")
  public static long[] logicalShift(Party p, long[] x, int l, int s) {
    check(l, s);
    if (s == 0) {
      return x.clone();
    }
    try (Traffic.Scope sc = p.scope("lrs")) {
      return Extension.zext(p, truncateReduce(p, x, l, s), l - s, l);
    }
  }

  /** Arithmetic right shift: shares of floor(int(x) / 2^s) over Z_2^l. */
  @SuppressWarnings("try")
  public static long[] arithmeticShift(Party p, long[] x, int l, int s) {
    check(l, s);
    if (s == 0) {
      return x.clone();
    }
    try (Traffic.Scope sc = p.scope("ars")) {
      long[] y = Sharing.addPublic(p, x, 1L << (l - 1), l);
      long[] z = logicalShift(p, y, l, s);
      return Sharing.addPublic(p, z, -(1L << (l - s - 1)), l);
    }
  }

  /** Division by 2^s rounding toward zero (C semantics), as SiRnn's networks rescale: shares over Z_2^l. */
  @SuppressWarnings("try")
  public static long[] divPow2(Party p, long[] x, int l, int s) {
    check(l, s);
    if (s == 0) {
      return x.clone();
    }
    try (Traffic.Scope sc = p.scope("divpow2")) {
      long[] msb = Comparisons.msbArithmetic(p, x, l, l);
      long bias = (1L << s) - 1;
      long[] y = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = (x[i] + msb[i] * bias) & Ring.mask(l);
      }
      return arithmeticShift(p, y, l, s);
    }
  }

  private static void check(int l, int s) {
    Ring.checkBitwidth(l);
    if (s < 0 || s >= l) {
      throw new IllegalArgumentException("shift " + s + " must be in 0.." + (l - 1) + " for " + l + "-bit values");
    }
  }
}
