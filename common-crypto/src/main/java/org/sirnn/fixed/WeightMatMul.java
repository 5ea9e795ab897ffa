package org.sirnn.fixed;

import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Matrix product Y = W X where the server knows the weights W (d1 x d2, wBits wide) in the clear and X (d2 x d3,
 * xBits wide) is shared: the layer product of every network (SiRnn Section IV-C / Appendix D2 with one operand
 * known to one party, SCI's MultMode "Alice has B"). The client never sees W.
 *
 * <p>With X0 + X1 = X + 2^xBits w_X over the integers: W X = W X0 + W X1 - 2^xBits W w_X (mod 2^l). W X0 is local
 * to the server. W X1 is a batched cross term: the client is correlated-OT receiver with one OT per bit i of every
 * element X1[k][j]; each such OT carries d1 correlations W[r][k] (r < d1) of l - i bits. W w_X uses one more OT per
 * element of X: the server sends the d1 correlations (1 - 2 w0) W[r][k] in l - xBits bits, the client chooses with
 * w1. Signed X: X = X' - 2^(xBits-1) with X' = X + 2^(xBits-1), and the server subtracts 2^(xBits-1) sum_k W[r][k].
 *
 * <p>Cost: one wrap on xBits bits per element of X (log xBits rounds), then one OT extension of
 * d2 d3 (min(xBits, l) + 1) OTs carrying d1 correlations each (2 rounds): about
 * d2 d3 (xBits (lambda + d1 (l - xBits/2)) + lambda + d1 (l - xBits)) bits.
 *
 * <p>The OT part, W X0 and the wrap and offset terms are {@link BitDecomposedProduct#knownFactor} (instance
 * e = (kk, j), correlation row); what stays here is the layout of W over the instances and the sum over kk.
 */
public final class WeightMatMul {
  private WeightMatMul() {}

  /**
   * @param p this party
   * @param w the weights, row-major d1 x d2 (server only; the client passes null)
   * @param wSigned read weights as two's-complement wBits-bit integers
   * @param x this party's shares of X, row-major d2 x d3, xBits wide
   * @param xSigned read X as signed
   * @param l output bitwidth: shares of W X mod 2^l, row-major d1 x d3
   */
  @SuppressWarnings("try")
  public static long[] multiply(Party p, long[] w, int wBits, boolean wSigned, long[] x, int xBits, boolean xSigned,
      int d1, int d2, int d3, int l) {
    Ring.checkBitwidth(wBits);
    Ring.checkBitwidth(xBits);
    Ring.checkBitwidth(l);
    if (x.length != d2 * d3) {
      throw new IllegalArgumentException("matmul: X has " + x.length + " shares, expected " + d2 + "x" + d3);
    }
    if (p.isServer() && (w == null || w.length != d1 * d2)) {
      throw new IllegalArgumentException("matmul: W must be " + d1 + "x" + d2);
    }
    try (Traffic.Scope sc = p.scope("matmul")) {
      long mask = Ring.mask(l);
      long[] xs = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        xs[i] = x[i] & Ring.mask(xBits);
      }
      if (xSigned) {
        xs = Sharing.addPublic(p, xs, 1L << (xBits - 1), xBits);
      }
      long[] wrap = l > xBits ? Comparisons.wrap(p, xs, xBits) : null;
      int elems = d2 * d3;
      long[][] corr = null;
      if (p.isServer()) {
        long[] wl = new long[w.length]; // weights as l-bit ring elements
        for (int i = 0; i < w.length; i++) {
          wl[i] = (wSigned ? Ring.signed(w[i], wBits) : w[i] & Ring.mask(wBits)) & mask;
        }
        // one OT per element e = (kk, j) of X, carrying the d1 correlations W[row][kk]
        corr = new long[d1][elems];
        for (int row = 0; row < d1; row++) {
          for (int kk = 0; kk < d2; kk++) {
            java.util.Arrays.fill(corr[row], kk * d3, kk * d3 + d3, wl[row * d2 + kk]);
          }
        }
      }
      // plane[row][e]: the terms of Y[row][j] that belong to element e = (kk, j) of X
      long[][] plane = BitDecomposedProduct.knownFactor(p, corr, xs, wrap, xBits, xSigned, d1, l);
      long[] y = new long[d1 * d3];
      for (int row = 0; row < d1; row++) {
        long[] pl = plane[row];
        for (int j = 0; j < d3; j++) {
          long acc = 0;
          for (int kk = 0; kk < d2; kk++) {
            acc += pl[kk * d3 + j];
          }
          y[row * d3 + j] = acc & mask;
        }
      }
      return y;
    }
  }
}
