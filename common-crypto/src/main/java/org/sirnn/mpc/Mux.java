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
  @SuppressWarnings("try")
  public static long[] select(Party p, long[] b, long[] y, int l) {
    Ring.checkBitwidth(l);
    if (b.length != y.length) {
      throw new IllegalArgumentException("mux: " + b.length + " selectors for " + y.length + " values");
    }
    int n = y.length;
    try (Traffic.Scope sc = p.scope("mux")) {
      long mask = Ring.mask(l);
      long[] delta = new long[n];
      for (int i = 0; i < n; i++) {
        delta[i] = (y[i] - 2 * (b[i] & 1) * y[i]) & mask;
      }
      long[][][] both = p.cot().sendAndReceive(new long[][] {delta}, new int[] {l}, BitVectors.pack(b, n), n,
          new int[] {l});
      long[] r = both[0][0];
      long[] got = both[1][0];
      long[] z = new long[n];
      for (int i = 0; i < n; i++) {
        z[i] = ((b[i] & 1) * y[i] - r[i] + got[i]) & mask;
      }
      return z;
    }
  }
}
