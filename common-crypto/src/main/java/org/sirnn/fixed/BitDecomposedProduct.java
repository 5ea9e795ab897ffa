package org.sirnn.fixed;

import org.sirnn.mpc.Party;
import org.sirnn.ot.CorrelatedOt;
import org.sirnn.ring.Ring;

/**
 * The COT-based product with a bit-decomposed multiplier, shared by {@link CrossTerm}, {@link WeightMatMul},
 * {@link OuterWeightProduct} and {@link SharedMatMul} (SiRnn Section III-D, the (2 choose 1)-COT_l, and Section IV-C,
 * Algorithm 4; Appendix D2 for the matrix form).
 *
 * <p>To share x * m mod 2^l where the sender holds x (as c correlations per instance, e.g. a weight row) and the
 * receiver holds the k-bit multiplier m = sum_i 2^i m_i: one COT per multiplier bit i, choice m_i, correlation x
 * shortened to l - i bits (its higher bits vanish after the shift by 2^i). The receiver gets r_i + m_i x, the sender
 * r_i; the receiver's share is sum_i 2^i (r_i + m_i x) and the sender's -sum_i 2^i r_i (mod 2^l). All bit
 * positions are segments of one OT extension (2 rounds; callers may append more segments to the same extension).
 * Communication per instance (one multiplier element with its c correlations): sum_{i < k} (lambda + c (l - i))
 * bits = k lambda + c (k l - k (k-1) / 2), lambda = 128, per direction used.
 *
 * <p>This class holds only the parts that do not depend on the caller's layout: the sender's per-bit segments from
 * a correlation matrix {@code corr[c][e]} (correlation c of instance e), the receiver's shapes and choice bits
 * (bit i of instance e at i n + e, segment by segment), and the weighted sum sum_i ±2^i perBit[i][c][e] of the OT
 * outputs. How instances and correlations map to matrix entries, and which extra segments (the wrap multiplexers)
 * follow the k bit segments, stays with each caller; {@link #knownFactor} is the whole product with a
 * server-known factor plus its wrap correction, which WeightMatMul and OuterWeightProduct share. Hot loops run on
 * long[] only.
 */
final class BitDecomposedProduct {
  private BitDecomposedProduct() {}

  /**
   * The sender's segments 0..k-1 in a new array of {@code total >= k} slots (the rest left for the caller's extra
   * segments): segment i carries every correlation {@code corr[c][e]} reduced to l - i bits.
   */
  static CorrelatedOt.Segment[] segments(long[][] corr, int k, int l, int total) {
    CorrelatedOt.Segment[] segs = new CorrelatedOt.Segment[total];
    for (int i = 0; i < k; i++) {
      long mask = Ring.mask(l - i);
      long[][] deltas = new long[corr.length][];
      for (int c = 0; c < corr.length; c++) {
        long[] src = corr[c];
        long[] d = new long[src.length];
        for (int e = 0; e < src.length; e++) {
          d[e] = src[e] & mask;
        }
        deltas[c] = d;
      }
      segs[i] = new CorrelatedOt.Segment(deltas, filled(corr.length, l - i));
    }
    return segs;
  }

  /**
   * The sender's multiplexer segment for a wrap bit w[e]: correlation (1 - 2 w[e]) corr[c][e] in {@code width}
   * bits, so that the receiver's choice w'[e] yields shares of (w[e] xor w'[e]) corr[c][e] (SiRnn's MUX from COT).
   */
  static CorrelatedOt.Segment muxSegment(long[][] corr, long[] w, int width) {
    long mask = Ring.mask(width);
    long[][] deltas = new long[corr.length][];
    for (int c = 0; c < corr.length; c++) {
      long[] src = corr[c];
      long[] d = new long[src.length];
      for (int e = 0; e < src.length; e++) {
        d[e] = (1 - 2 * (w[e] & 1)) * src[e] & mask;
      }
      deltas[c] = d;
    }
    return new CorrelatedOt.Segment(deltas, filled(corr.length, width));
  }

  /** The receiver's shapes 0..k-1 (n instances, c correlations of l - i bits) in a new array of total slots. */
  static CorrelatedOt.Shape[] shapes(int n, int c, int k, int l, int total) {
    CorrelatedOt.Shape[] shapes = new CorrelatedOt.Shape[total];
    for (int i = 0; i < k; i++) {
      shapes[i] = new CorrelatedOt.Shape(n, filled(c, l - i));
    }
    return shapes;
  }

  /**
   * The receiver's choice bits: bit i of mult[e] at position i n + e (i &lt; k), then the low bit of every entry of
   * each non-null tail, in order (the choices of the caller's extra segments).
   */
  static long[] choices(long[] mult, int n, int k, long[]... tails) {
    long total = (long) n * k;
    for (long[] t : tails) {
      total += t == null ? 0 : t.length;
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(total + " OTs exceed one extension");
    }
    long[] w = new long[(int) ((total + 63) >>> 6)];
    int at = 0;
    for (int i = 0; i < k; i++) {
      for (int e = 0; e < n; e++, at++) {
        w[at >>> 6] |= ((mult[e] >>> i) & 1L) << (at & 63);
      }
    }
    for (long[] t : tails) {
      if (t != null) {
        for (long bit : t) {
          w[at >>> 6] |= (bit & 1L) << (at & 63);
          at++;
        }
      }
    }
    return w;
  }

  /**
   * Adds sign * sum_{i &lt; k} 2^i perBit[i][c][e] to acc[c][e] (mod 2^64; the caller reduces mod 2^l): sign +1 for
   * the receiver's outputs, -1 for the sender's.
   */
  static void accumulate(long[][][] perBit, int k, int sign, long[][] acc) {
    for (int i = 0; i < k; i++) {
      addShifted(acc, perBit[i], i, sign);
    }
  }

  /** Adds sign * 2^shift v[c][e] to acc[c][e] (mod 2^64), e.g. one multiplexer segment's outputs. */
  static void addShifted(long[][] acc, long[][] v, int shift, int sign) {
    for (int c = 0; c < acc.length; c++) {
      long[] x = v[c];
      long[] a = acc[c];
      if (sign > 0) {
        for (int e = 0; e < a.length; e++) {
          a[e] += x[e] << shift;
        }
      } else {
        for (int e = 0; e < a.length; e++) {
          a[e] -= x[e] << shift;
        }
      }
    }
  }

  /** {@link #accumulate} into a new c x n matrix. */
  static long[][] weightedSum(long[][][] perBit, int k, int sign, int c, int n) {
    long[][] acc = new long[c][n];
    accumulate(perBit, k, sign, acc);
    return acc;
  }

  /**
   * The product with a factor the server knows (SiRnn Section IV-C with one operand known to P0, SCI's "Alice has
   * B"): for a shared unsigned xBits-bit x (this party's shares {@code xs} in [0, 2^xBits) and XOR shares
   * {@code wrap} of the wrap bit of x0 + x1, null when l &lt;= xBits) and the server's c x n correlations
   * {@code corr[c][e]} (l-bit ring elements; null on the client), returns this party's shares, per (c, e), of
   * corr[c][e] (x[e] - h) mod 2^64 (to be reduced mod 2^l), h = 2^(xBits-1) if {@code offset} else 0. With
   * x0 + x1 = x + 2^xBits w: W x = W x0 + W x1 - 2^xBits W w, W x0 local, W x1 by the k = min(xBits, l) bit
   * segments above, W w by one more OT per instance (the {@link #muxSegment} of W with the server's wrap share, in
   * l - xBits bits, chosen with the client's). One OT extension, 2 rounds: n (k lambda + c (k l - k (k-1)/2) +
   * [l &gt; xBits] (lambda + c (l - xBits))) bits, server to client but for the OT-extension columns.
   */
  static long[][] knownFactor(Party p, long[][] corr, long[] xs, long[] wrap, int xBits, boolean offset, int c,
      int l) {
    int n = xs.length;
    int k = Math.min(xBits, l);
    int segCount = k + (wrap != null ? 1 : 0);
    if (!p.isServer()) {
      CorrelatedOt.Shape[] shapes = shapes(n, c, k, l, segCount);
      if (wrap != null) {
        shapes[k] = new CorrelatedOt.Shape(n, filled(c, l - xBits));
      }
      long[][][] got = p.cot().receiveSegments(choices(xs, n, k, wrap), shapes);
      long[][] plane = weightedSum(got, k, +1, c, n);
      if (wrap != null) { // - 2^xBits (r + w1 (1 - 2 w0) W)
        addShifted(plane, got[k], xBits, -1);
      }
      return plane;
    }
    CorrelatedOt.Segment[] segs = segments(corr, k, l, segCount);
    if (wrap != null) {
      segs[k] = muxSegment(corr, wrap, l - xBits);
    }
    long[][][] r = p.cot().sendSegments(segs);
    // the sender's side of every bit product, then local W x0, the wrap and offset corrections
    long[][] plane = weightedSum(r, k, -1, c, n);
    for (int cc = 0; cc < c; cc++) {
      long[] pl = plane[cc];
      long[] wr = corr[cc];
      for (int e = 0; e < n; e++) {
        long acc = wr[e] * xs[e];
        if (wrap != null) { // - 2^xBits w0 W (the sender's r is added below)
          acc -= ((wrap[e] & 1) * wr[e]) << xBits;
        }
        if (offset) {
          acc -= wr[e] << (xBits - 1);
        }
        pl[e] += acc;
      }
    }
    if (wrap != null) { // - 2^xBits (w0 W - r)
      addShifted(plane, r[k], xBits, +1);
    }
    return plane;
  }

  static int[] filled(int n, int v) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
