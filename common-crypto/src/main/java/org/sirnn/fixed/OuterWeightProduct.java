package org.sirnn.fixed;

import java.util.Arrays;
import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.Party;
import org.sirnn.net.Traffic;
import org.sirnn.ot.CorrelatedOt;
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
 * plus 2. Communication about n (xBits (lambda + t (l - xBits / 2)) + lambda + t (l - xBits)) bits.
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
      int k = Math.min(xBits, l);
      int segs = k + (wrap != null ? 1 : 0);
      long[] y = new long[n * t];
      if (p.isServer()) {
        int m = w.length / t;
        long[] wl = new long[w.length];
        for (int i = 0; i < w.length; i++) {
          wl[i] = Ring.signed(w[i], wBits) & mask;
        }
        CorrelatedOt.Segment[] s = new CorrelatedOt.Segment[segs];
        for (int b = 0; b < segs; b++) {
          boolean isWrap = b == k;
          int width = isWrap ? l - xBits : l - b;
          long wm = Ring.mask(width);
          long[][] deltas = new long[t][n];
          for (int j = 0; j < t; j++) {
            for (int i = 0; i < n; i++) {
              long wv = wl[(i % m) * t + j];
              deltas[j][i] = (isWrap ? (1 - 2 * (wrap[i] & 1)) * wv : wv) & wm;
            }
          }
          int[] widths = new int[t];
          Arrays.fill(widths, width);
          s[b] = new CorrelatedOt.Segment(deltas, widths);
        }
        long[][][] r = p.cot().sendSegments(s);
        for (int i = 0; i < n; i++) {
          int row = (i % m) * t;
          for (int j = 0; j < t; j++) {
            long wv = wl[row + j];
            long acc = wv * xs[i];
            for (int b = 0; b < k; b++) {
              acc -= r[b][j][i] << b;
            }
            if (wrap != null) {
              acc -= ((wrap[i] & 1) * wv - r[k][j][i]) << xBits;
            }
            acc -= wv << (xBits - 1);
            y[i * t + j] = acc & mask;
          }
        }
      } else {
        CorrelatedOt.Shape[] shapes = new CorrelatedOt.Shape[segs];
        for (int b = 0; b < segs; b++) {
          int[] widths = new int[t];
          Arrays.fill(widths, b == k ? l - xBits : l - b);
          shapes[b] = new CorrelatedOt.Shape(n, widths);
        }
        long[] choices = new long[(int) (((long) n * segs + 63) >>> 6)];
        int at = 0;
        for (int b = 0; b < k; b++) {
          for (int i = 0; i < n; i++, at++) {
            choices[at >>> 6] |= ((xs[i] >>> b) & 1L) << (at & 63);
          }
        }
        if (wrap != null) {
          for (int i = 0; i < n; i++, at++) {
            choices[at >>> 6] |= (wrap[i] & 1L) << (at & 63);
          }
        }
        long[][][] got = p.cot().receiveSegments(choices, shapes);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < t; j++) {
            long acc = 0;
            for (int b = 0; b < k; b++) {
              acc += got[b][j][i] << b;
            }
            if (wrap != null) {
              acc -= got[k][j][i] << xBits;
            }
            y[i * t + j] = acc & mask;
          }
        }
      }
      return y;
    }
  }
}
