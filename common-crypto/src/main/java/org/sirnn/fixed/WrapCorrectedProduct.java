package org.sirnn.fixed;

import org.sirnn.mpc.Chunks;
import org.sirnn.mpc.Party;
import org.sirnn.ot.CorrelatedOt;
import org.sirnn.ring.Ring;

/**
 * The online part of F_UMult^{m,n,l} (SiRnn Section IV-C, Algorithm 3) in one correlated-OT exchange: given shares
 * of x (m bits) and y (n bits) and this party's bits of the two wrap selectors, shares of
 * x*y = x0 y0 + x1 y1 + (x0 y1 + x1 y0) - 2^m w_x y - 2^n w_y x mod 2^l.
 *
 * <p>The cross terms are {@link CrossTerm}'s bit segments and the two wrap multiplexers (SiRnn Appendix A, F_MUX)
 * are two more segments of the <em>same</em> extension in each direction, so the whole product after the wraps costs
 * one overlapped exchange: 2 rounds (the separate cross term and two MUXes took 6).
 *
 * <p>A selector is shared in one of two ways. {@link Selector#XOR}: w = w0 XOR w1 (a millionaires' wrap); the MUX
 * sends the correlation y_b (1 - 2 w_b). {@link Selector#OR}: w = m0 OR m1, the wrap of an operand whose MSB is
 * publicly 0 (SiRnn Section IV-E, MSB-to-Wrap, with m_b the MSB of share b): w y_b = m_b y_b + (1 - m_b) m_(1-b) y_b,
 * so the MUX sends the correlation y_b (1 - m_b) with the peer choosing m_(1-b) - the wrap itself is never computed,
 * which saves MSB-to-wrap's 2 rounds and its OT. In both cases party b outputs w_b y_b - r + (received).
 *
 * <p>Communication per element: the cross terms' min(m, n) (lambda + l) bits about, plus lambda + (l - m) and
 * lambda + (l - n) bits for the MUXes, each way.
 */
final class WrapCorrectedProduct {
  private WrapCorrectedProduct() {}

  /** How a wrap selector is shared. */
  enum Selector {
    /** w = w0 XOR w1. */
    XOR,
    /** w = m0 OR m1 (the wrap of a value with a public zero MSB, m_b = MSB of share b). */
    OR
  }

  /**
   * Shares of uint_m(x) uint_n(y) mod 2^l from reduced shares x (m bits), y (n bits) and this party's selector bits
   * {@code wx} (null when l &lt;= m) and {@code wy} (null when l &lt;= n). One exchange, 2 rounds.
   */
  static long[] product(Party p, long[] x, int m, long[] y, int n, int l, long[] wx, Selector sx, long[] wy,
      Selector sy) {
    long perInstance = 2L * 6 * (Math.min(Math.min(m, n), l) + 2) * Long.BYTES;
    return Chunks.map(x.length, Chunks.size(perInstance), (from, to) -> productChunk(p, Chunks.slice(x, from, to), m,
        Chunks.slice(y, from, to), n, l, Chunks.slice(wx, from, to), sx, Chunks.slice(wy, from, to), sy));
  }

  private static long[] productChunk(Party p, long[] x, int m, long[] y, int n, int l, long[] wx, Selector sx,
      long[] wy, Selector sy) {
    int len = x.length;
    boolean xIsMultiplier = m <= n;
    long[] mult = xIsMultiplier ? x : y;
    long[] other = xIsMultiplier ? y : x;
    int k = Math.min(xIsMultiplier ? m : n, l);
    int total = k + (wx != null ? 1 : 0) + (wy != null ? 1 : 0);
    CorrelatedOt.Segment[] segs = BitDecomposedProduct.segments(new long[][] {other}, k, l, total);
    CorrelatedOt.Shape[] shapes = BitDecomposedProduct.shapes(len, 1, k, l, total);
    int at = k;
    if (wx != null) { // w_x * y in l - m bits
      segs[at] = muxSegment(y, wx, sx, l - m);
      shapes[at++] = new CorrelatedOt.Shape(len, new int[] {l - m});
    }
    if (wy != null) { // w_y * x in l - n bits
      segs[at] = muxSegment(x, wy, sy, l - n);
      shapes[at] = new CorrelatedOt.Shape(len, new int[] {l - n});
    }
    CorrelatedOt.Both both = p.cot().exchange(segs, BitDecomposedProduct.choices(mult, len, k, wx, wy), shapes);
    long[][] acc = BitDecomposedProduct.weightedSum(both.asReceiver(), k, +1, 1, len);
    BitDecomposedProduct.accumulate(both.asSender(), k, -1, acc);
    long[] out = acc[0];
    at = k;
    if (wx != null) {
      subtractMux(out, y, wx, both.asSender()[at][0], both.asReceiver()[at][0], m);
      at++;
    }
    if (wy != null) {
      subtractMux(out, x, wy, both.asSender()[at][0], both.asReceiver()[at][0], n);
    }
    for (int e = 0; e < len; e++) {
      out[e] += x[e] * y[e];
    }
    Ring.reduce(out, l);
    return out;
  }

  /** The sender's MUX correlation: v_b (1 - 2 w_b) for XOR selectors, v_b (1 - w_b) for OR selectors. */
  private static CorrelatedOt.Segment muxSegment(long[] v, long[] w, Selector s, int width) {
    long mask = Ring.mask(width);
    long c = s == Selector.XOR ? 2 : 1;
    long[] d = new long[v.length];
    for (int e = 0; e < v.length; e++) {
      d[e] = (v[e] * (1 - c * (w[e] & 1))) & mask;
    }
    return new CorrelatedOt.Segment(new long[][] {d}, new int[] {width});
  }

  /** out -= 2^shift (w_b v_b - r + got): this party's share of the MUX w * v, shifted into place. */
  private static void subtractMux(long[] out, long[] v, long[] w, long[] r, long[] got, int shift) {
    for (int e = 0; e < out.length; e++) {
      out[e] -= ((w[e] & 1) * v[e] - r[e] + got[e]) << shift;
    }
  }
}
