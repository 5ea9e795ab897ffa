package org.sirnn.fixed;

import org.sirnn.mpc.Millionaire;
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
 * <p>Rounds: one millionaires' call for both wraps (2 + ceil(log2 ceil(max(m, n)/4)); none for operands with a
 * public zero MSB, see {@link #umultNonNegative}) + 2 for the cross terms and both multiplexers in one exchange
 * ({@link WrapCorrectedProduct}). SMult 16 x 16 -&gt; 32: 4 + 2 = 6 rounds (two wraps, a cross term and two MUXes one
 * after the other took 13).
 */
public final class Multiplication {
  private Multiplication() {}

  /** Shares of uint_m(x) * uint_n(y) mod 2^l. */
  public static long[] umult(Party p, long[] x, int m, long[] y, int n, int l) {
    return umultHinted(p, x, m, false, y, n, false, l);
  }

  /**
   * Shares of uint_m(x) * uint_n(y) mod 2^l for operands known to be below 2^(m-1) and 2^(n-1) (MSB zero, as LUT
   * outputs and normalised values in the math functions are): their wraps are m0 OR m1 of the shares' MSBs (SiRnn
   * Section IV-E, MSB-to-Wrap with a public zero MSB) and go straight into the multiplexers
   * ({@link WrapCorrectedProduct.Selector#OR}), so the product is one exchange, 2 rounds. The result is wrong if
   * the claim is false, so callers pass only values that are non-negative by construction.
   */
  public static long[] umultNonNegative(Party p, long[] x, int m, long[] y, int n, int l) {
    return umultHinted(p, x, m, true, y, n, true, l);
  }

  /**
   * Unsigned product where either operand may carry the public-zero-MSB claim ({@code xNonNeg}, {@code yNonNeg}):
   * claimed operands need no wrap protocol (their MSBs select, see {@link #umultNonNegative}), the others get theirs
   * from one millionaires' call for both. Rounds: that call (none when both are claimed) + 2.
   */
  @SuppressWarnings("try")
  public static long[] umultHinted(Party p, long[] x, int m, boolean xNonNeg, long[] y, int n, boolean yNonNeg,
      int l) {
    check(x, y, m, n, l);
    try (Traffic.Scope sc = p.scope("umult")) {
      long[] xr = Ring.reduced(x, m);
      long[] yr = Ring.reduced(y, n);
      boolean needX = l > m;
      boolean needY = l > n;
      long[][] w = wraps(p, xr, m, needX && !xNonNeg, yr, n, needY && !yNonNeg);
      long[] wx = !needX ? null : xNonNeg ? msbs(xr, m) : w[0];
      long[] wy = !needY ? null : yNonNeg ? msbs(yr, n) : w[1];
      return WrapCorrectedProduct.product(p, xr, m, yr, n, l, wx, selector(xNonNeg), wy, selector(yNonNeg));
    }
  }

  /**
   * Unsigned product with the operands' wraps already known as XOR shares ({@code wx} of x's m-bit shares, null when
   * l &lt;= m; {@code wy} likewise), e.g. from the truncation that split an operand off
   * ({@link Truncation#truncateReduceWithWrap}): one exchange, 2 rounds.
   */
  @SuppressWarnings("try")
  public static long[] umultKnownWraps(Party p, long[] x, int m, long[] wx, long[] y, int n, long[] wy, int l) {
    check(x, y, m, n, l);
    if ((l > m) != (wx != null) || (l > n) != (wy != null)) {
      throw new IllegalArgumentException("umult: pass an operand's wrap exactly when l exceeds its width");
    }
    try (Traffic.Scope sc = p.scope("umult")) {
      return WrapCorrectedProduct.product(p, Ring.reduced(x, m), m, Ring.reduced(y, n), n, l, wx,
          WrapCorrectedProduct.Selector.XOR, wy, WrapCorrectedProduct.Selector.XOR);
    }
  }

  /** Shares of int_m(x) * int_n(y) mod 2^l. Rounds: one millionaires' for both wraps + 2. */
  @SuppressWarnings("try")
  public static long[] smult(Party p, long[] x, int m, long[] y, int n, int l) {
    check(x, y, m, n, l);
    try (Traffic.Scope sc = p.scope("smult")) {
      long[] xs = Sharing.addPublic(p, Ring.reduced(x, m), 1L << (m - 1), m);
      long[] ys = Sharing.addPublic(p, Ring.reduced(y, n), 1L << (n - 1), n);
      long[][] w = wraps(p, xs, m, true, ys, n, true);
      long[] wx = w[0];
      long[] wy = w[1];
      long[] prod = WrapCorrectedProduct.product(p, xs, m, ys, n, l, l > m ? wx : null,
          WrapCorrectedProduct.Selector.XOR, l > n ? wy : null, WrapCorrectedProduct.Selector.XOR);
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

  /**
   * XOR shares of wrap(x0, x1, 2^m) (when {@code needX}) and wrap(y0, y1, 2^n) (when {@code needY}) from one
   * millionaires' call over both (the narrower operand's comparison padded with zero bits, which keeps its result),
   * so two wraps cost the rounds of one on max(m, n) bits; zeros for the wraps not asked for.
   */
  @SuppressWarnings("try")
  static long[][] wraps(Party p, long[] xr, int m, boolean needX, long[] yr, int n, boolean needY) {
    int len = xr.length;
    long[][] out = {new long[len], new long[len]};
    if (!needX && !needY) {
      return out;
    }
    try (Traffic.Scope sc = p.scope("wrap")) {
      int nx = needX ? len : 0;
      long[] in = new long[nx + (needY ? len : 0)];
      boolean server = p.isServer();
      for (int i = 0; i < in.length; i++) {
        boolean isX = i < nx;
        long v = isX ? xr[i] : yr[i - nx];
        long mask = Ring.mask(isX ? m : n);
        in[i] = server ? ~v & mask : v & mask;
      }
      int bits = Math.max(needX ? m : 1, needY ? n : 1);
      long[] lt = Millionaire.lessThan(p, Party.Role.SERVER, in, bits);
      if (needX) {
        System.arraycopy(lt, 0, out[0], 0, len);
      }
      if (needY) {
        System.arraycopy(lt, nx, out[1], 0, len);
      }
      return out;
    }
  }

  /** This party's MSBs of its m-bit shares: the OR-shared wrap of a value with a public zero MSB. */
  private static long[] msbs(long[] xr, int m) {
    long[] b = new long[xr.length];
    for (int i = 0; i < xr.length; i++) {
      b[i] = (xr[i] >>> (m - 1)) & 1;
    }
    return b;
  }

  private static WrapCorrectedProduct.Selector selector(boolean nonNegative) {
    return nonNegative ? WrapCorrectedProduct.Selector.OR : WrapCorrectedProduct.Selector.XOR;
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
