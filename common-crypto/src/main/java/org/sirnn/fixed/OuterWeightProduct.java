package org.sirnn.fixed;

import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.Party;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Per-element products with server-known weight rows: y[i t + j] = x[i] * w[r(i)][j] mod 2^l, where x is shared
 * (xBits, signed), row r(i) = i mod m of the server's m x t weight table (wBits, signed). This is SiRnn's
 * matrix multiplication with one operand known to P0 (Section IV-C, Appendix D2) with d2 = d3 = 1 and a weight
 * column that differs per element, batched over all elements: the depthwise 3x3 convolution of an MBConv block
 * takes each activation times its channel's 9 taps in one call, then sums shifted products locally.
 *
 * <p>Protocol (as {@code org.sirnn.fixed.WeightMatMul}): X' = X + 2^(xBits-1) (unsigned), one wrap on xBits bits
 * (when l &gt; xBits), then one correlated-OT extension of n (xBits + 1) OTs, the OT for bit b of element i carrying
 * the t correlations w[r(i)][j] in l - b bits (the wrap OT: (1 - 2 w0) w in l - xBits bits). Rounds: the wrap's
 * plus 2. Communication about n (xBits (lambda + t (l - xBits / 2)) + lambda + t (l - xBits)) bits. The protocol
 * after the wrap is {@link BitDecomposedProduct#knownFactor} with instance i and correlation j; what stays here is
 * the row r(i) of each instance and the element-major output order.
 */
public final class OuterWeightProduct {
  private OuterWeightProduct() {}

  /**
   * @param w the server's m x t weights row-major (the client passes null)
   * @return this party's shares of the n t products, element-major
   */
  @SuppressWarnings("try")
  public static long[] multiply(Party p, long[] x, int xBits, long[] w, int wBits, int t, int l) {
    int n = x.length;
    try (Traffic.Scope sc = p.scope("outer-weight-product")) {
      long mask = Ring.mask(l);
      long[] xs = new long[n];
      long half = 1L << (xBits - 1);
      for (int i = 0; i < n; i++) {
        xs[i] = (x[i] + (p.isServer() ? half : 0)) & Ring.mask(xBits);
      }
      long[] wrap = l > xBits ? Comparisons.wrap(p, xs, xBits) : null;
      long[][] corr = null;
      if (p.isServer()) {
        int m = w.length / t;
        long[] wl = new long[w.length];
        for (int i = 0; i < w.length; i++) {
          wl[i] = Ring.signed(w[i], wBits) & mask;
        }
        // one OT per element i, carrying the t correlations w[r(i)][j]
        corr = new long[t][n];
        for (int j = 0; j < t; j++) {
          for (int i = 0; i < n; i++) {
            corr[j][i] = wl[(i % m) * t + j];
          }
        }
      }
      // plane[j][i]: this party's share of x[i] w[r(i)][j]
      long[][] plane = BitDecomposedProduct.knownFactor(p, corr, xs, wrap, xBits, true, t, l);
      long[] y = new long[n * t];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < t; j++) {
          y[i * t + j] = plane[j][i] & mask;
        }
      }
      return y;
    }
  }
}
