package org.sirnn.fixed;

import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.MsbToWrap;
import org.sirnn.mpc.Mux;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Element-wise (Hadamard) product of two shared vectors of unequal bitwidths, m-bit x and n-bit y, into an l-bit
 * ring with l <= m + n (SiRnn Section IV-C, Algorithm 3, F_UMult^{m,n,l} and F_SMult^{m,n,l}).
 *
 * <p>Unsigned: over the integers x0 + x1 = x + 2^m w_x and y0 + y1 = y + 2^n w_y, so
 * x*y = x0 y0 + x1 y1 + (x0 y1 + x1 y0) - 2^m w_x y - 2^n w_y x  (mod 2^l, since l <= m + n): local products, the
 * two cross terms (overlapped COTs), two wraps, and two multiplexers w_x * (y mod 2^(l-m)) and
 * w_y * (x mod 2^(l-n)) in the narrower rings. Signed: with x' = x + 2^(m-1) and y' = y + 2^(n-1),
 * int(x) int(y) = x'y' - 2^(m-1) y' - 2^(n-1) x' + 2^(m+n-2), where y' and x' are lifted to l bits with the same
 * wraps (y' = y'0 + y'1 - 2^n w_y'), so SMult costs what UMult costs.
 *
 * <p>Rounds: 2 wraps (log m, log n) + 2 (cross terms) + 2 (muxes).
 */
public final class Multiplication {
  private Multiplication() {}

  /** Shares of uint_m(x) * uint_n(y) mod 2^l. */
  @SuppressWarnings("try")
  public static long[] umult(Party p, long[] x, int m, long[] y, int n, int l) {
    check(x, y, m, n, l);
    try (Traffic.Scope sc = p.scope("umult")) {
      long[] wx = l > m ? Comparisons.wrap(p, Ring.reduced(x, m), m) : new long[x.length];
      long[] wy = l > n ? Comparisons.wrap(p, Ring.reduced(y, n), n) : new long[y.length];
      return productWithWraps(p, Ring.reduced(x, m), m, Ring.reduced(y, n), n, l, wx, wy);
    }
  }

  /**
   * Shares of uint_m(x) * uint_n(y) mod 2^l for operands known to be below 2^(m-1) and 2^(n-1) (MSB zero, as LUT
   * outputs and normalised values in the math functions are): the wraps come from MSB-to-wrap with a public zero
   * MSB (SiRnn Section IV-E, lambda + 2 bits each) instead of millionaires'. The result is wrong if the claim is
   * false, so callers pass only values that are non-negative by construction.
   */
  public static long[] umultNonNegative(Party p, long[] x, int m, long[] y, int n, int l) {
    return umultHinted(p, x, m, true, y, n, true, l);
  }

  /**
   * Unsigned product where either operand may carry the public-zero-MSB claim ({@code xNonNeg}, {@code yNonNeg}):
   * claimed operands get their wrap from MSB-to-wrap, the others from millionaires'.
   */
  @SuppressWarnings("try")
  public static long[] umultHinted(Party p, long[] x, int m, boolean xNonNeg, long[] y, int n, boolean yNonNeg,
      int l) {
    check(x, y, m, n, l);
    try (Traffic.Scope sc = p.scope("umult")) {
      long[] xr = Ring.reduced(x, m);
      long[] yr = Ring.reduced(y, n);
      long[] wx = l <= m ? new long[x.length]
          : xNonNeg ? MsbToWrap.wrapNonNegative(p, xr, m) : Comparisons.wrap(p, xr, m);
      long[] wy = l <= n ? new long[y.length]
          : yNonNeg ? MsbToWrap.wrapNonNegative(p, yr, n) : Comparisons.wrap(p, yr, n);
      return productWithWraps(p, xr, m, yr, n, l, wx, wy);
    }
  }

  /** Shares of int_m(x) * int_n(y) mod 2^l. */
  @SuppressWarnings("try")
  public static long[] smult(Party p, long[] x, int m, long[] y, int n, int l) {
    check(x, y, m, n, l);
    try (Traffic.Scope sc = p.scope("smult")) {
      long[] xs = Sharing.addPublic(p, Ring.reduced(x, m), 1L << (m - 1), m);
      long[] ys = Sharing.addPublic(p, Ring.reduced(y, n), 1L << (n - 1), n);
      long[] wx = Comparisons.wrap(p, xs, m);
      long[] wy = Comparisons.wrap(p, ys, n);
      long[] prod = productWithWraps(p, xs, m, ys, n, l, wx, wy);
      long mask = Ring.mask(l);
      // - 2^(m-1) y' - 2^(n-1) x' with y' = y'0 + y'1 - 2^n w_y' (and alike for x'); 2^(m-1) 2^n w_y' is
      // 2^(m+n-1) w_y': zero mod 2^l unless l = m + n, where only the XOR share bit matters
      for (int i = 0; i < x.length; i++) {
        long v = prod[i] - (ys[i] << (m - 1)) - (xs[i] << (n - 1));
        if (l == m + n) {
          v += ((wx[i] ^ wy[i]) & 1L) << (l - 1);
        }
        if (p.isServer()) {
          v += m + n - 2 < 64 ? 1L << (m + n - 2) : 0;
        }
        prod[i] = v & mask;
      }
      return prod;
    }
  }

  /** Signed or unsigned product of two FixArrays into an l-bit result; scales add. */
  public static FixArray multiply(Party p, FixArray x, FixArray y, int l) {
    boolean signed = x.signed() || y.signed();
    long[] s = signed ? smult(p, x.shares(), x.bitwidth(), y.shares(), y.bitwidth(), l)
        : umult(p, x.shares(), x.bitwidth(), y.shares(), y.bitwidth(), l);
    return new FixArray(s, l, x.scale() + y.scale(), signed);
  }

  private static long[] productWithWraps(Party p, long[] x, int m, long[] y, int n, int l, long[] wx, long[] wy) {
    int len = x.length;
    long mask = Ring.mask(l);
    long[] cross = CrossTerm.twoWay(p, x, m, y, n, l);
    long[] muxY = l > m ? Mux.select(p, wx, Ring.reduced(y, l - m), l - m) : new long[len];
    long[] muxX = l > n ? Mux.select(p, wy, Ring.reduced(x, l - n), l - n) : new long[len];
    long[] out = new long[len];
    for (int i = 0; i < len; i++) {
      long v = x[i] * y[i] + cross[i];
      if (l > m) {
        v -= muxY[i] << m;
      }
      if (l > n) {
        v -= muxX[i] << n;
      }
      out[i] = v & mask;
    }
    return out;
  }

  private static void check(long[] x, long[] y, int m, int n, int l) {
    Ring.checkBitwidth(m);
    Ring.checkBitwidth(n);
    Ring.checkBitwidth(l);
    if (l > m + n) {
      throw new IllegalArgumentException("product of " + m + "- and " + n + "-bit values into " + l
          + " bits: extend an operand first (l must be <= m + n)");
    }
    if (x.length != y.length) {
      throw new IllegalArgumentException("element-wise product of " + x.length + " and " + y.length + " elements");
    }
  }
}
