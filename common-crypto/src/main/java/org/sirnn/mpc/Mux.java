package org.sirnn.mpc;

import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Multiplexer z = b * y for an XOR-shared bit b and an additively shared l-bit y (SiRnn Appendix A, F_MUX).
 *
 * <p>b*y = b0*y0 + b1*y1 + b1*(y0 - 2*b0*y0) + b0*(y1 - 2*b1*y1): each party computes its own product locally and
 * the two cross terms are correlated OTs in opposite directions (each party sender with correlation
 * y_i - 2*b_i*y_i, receiver with choice b_i), run overlapped.
 *
 * <p>Cost: 2 * (lambda + l) bits per element, 2 rounds.
 */
public final class Mux {
  private Mux() {}

  /**
   * @param b this party's XOR shares of the selector bits (one per long)
   * @param y this party's shares of the values, l bits
   * @return this party's shares of b*y over Z_2^l
   */
  public static long[] select(Party p, long[] b, long[] y, int l) {
    return selectAll(p, b, new long[][] {y}, new int[] {l})[0];
  }

  /**
   * Several multiplexers on one selector: z_c = b * y_c for every value vector c (widths[c] bits), the correlations
   * of all vectors riding on the same correlated OTs (SiRnn's batched COT: one choice bit carries k messages).
   *
   * <p>Cost: 2 * (lambda + sum of widths) bits per element, 2 rounds (one MUX's rounds, whatever k).
   *
   * @param b this party's XOR shares of the selector bits (one per long)
   * @param ys this party's shares of the value vectors, each as long as b; vector c of widths[c] bits
   * @return this party's shares of b*y_c over Z_2^widths[c], per vector
   */
  @SuppressWarnings("try")
  public static long[][] selectAll(Party p, long[] b, long[][] ys, int[] widths) {
    if (ys.length == 0 || ys.length != widths.length) {
      throw new IllegalArgumentException("mux: " + ys.length + " value vectors for " + widths.length + " widths");
    }
    int n = b.length;
    for (int c = 0; c < ys.length; c++) {
      Ring.checkBitwidth(widths[c]);
      if (ys[c].length != n) {
        throw new IllegalArgumentException("mux: " + n + " selectors for " + ys[c].length + " values");
      }
    }
    try (Traffic.Scope sc = p.scope("mux")) {
      long[][] delta = new long[ys.length][n];
      for (int c = 0; c < ys.length; c++) {
        long mask = Ring.mask(widths[c]);
        long[] y = ys[c];
        for (int i = 0; i < n; i++) {
          delta[c][i] = (y[i] - 2 * (b[i] & 1) * y[i]) & mask;
        }
      }
      long[][][] both = p.cot().sendAndReceive(delta, widths, BitVectors.pack(b, n), n, widths);
      long[][] z = new long[ys.length][n];
      for (int c = 0; c < ys.length; c++) {
        long mask = Ring.mask(widths[c]);
        long[] y = ys[c];
        long[] r = both[0][c];
        long[] got = both[1][c];
        for (int i = 0; i < n; i++) {
          z[c][i] = ((b[i] & 1) * y[i] - r[i] + got[i]) & mask;
        }
      }
      return z;
    }
  }
}
