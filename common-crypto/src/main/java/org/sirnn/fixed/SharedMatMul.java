package org.sirnn.fixed;

import org.sirnn.mpc.B2A;
import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.Traffic;
import org.sirnn.ot.CorrelatedOt;
import org.sirnn.ring.Ring;

/**
 * Matrix product C = A B with <b>both</b> operands secret-shared (SiRnn Section IV-C, Appendix D2, Algorithm 5):
 * A is d1 x d2 with aBits-bit entries, B is d2 x d3 with bBits-bit entries, both row-major, each read as unsigned
 * or two's-complement as its flag says; the output is shares of C mod 2^l, d1 x d3 row-major. The result is
 * <b>exact mod 2^l</b> for every l in 1..64 (the cleartext twin is {@link org.sirnn.clear.FixedOps#matmul}): there is
 * no saturation and no intermediate truncation. A caller who needs the product without overflow picks
 * l >= aBits + bBits + ceil(log2 d2) (SiRnn's l = m + n + e); smaller l, down to max(aBits, bBits) and below, gives
 * the product reduced mod 2^l and is cheaper.
 *
 * <p><b>Construction.</b> Signed operands are offset first, A' = A + h_a with h_a = 2^(aBits-1) (0 when unsigned),
 * B' = B + h_b, so that A', B' are unsigned and their shares A'_0, A'_1 in [0, 2^aBits) satisfy
 * A'_0 + A'_1 = A' + 2^aBits W_A over the integers (W_A the wrap bits, XOR-shared; alike W_B). With
 * A~ = A'_0 + A'_1 - h_a = A + 2^aBits W_A and B~ = B'_0 + B'_1 - h_b = B + 2^bBits W_B:
 *
 * <pre>
 *   A B = A~ B~ - 2^aBits W_A (B~ - 2^bBits W_B) - 2^bBits A~ W_B                     (mod 2^l)
 *   A~ B~ = sum_P [A'_P B'_P - h_a colsum(B'_P) - h_b rowsum(A'_P)] + d2 h_a h_b + (A'_0 B'_1 + A'_1 B'_0)
 * </pre>
 *
 * (or, symmetrically, with the wrap lift on W_A: A B = A~ B~ - 2^aBits W_A B~ - 2^bBits (A~ - 2^aBits W_A) W_B).
 * <ul>
 *   <li>The local products A'_P B'_P and the offset corrections are local.</li>
 *   <li>The cross terms A'_0 B'_1 + A'_1 B'_0 are batched correlated OTs, both directions at once: with the
 *       "A-bits" orientation every party is receiver with one OT per bit t &lt; min(aBits, l) of every element of its
 *       A'_P, and that OT carries the d3 correlations B'_{peer}[k][0..d3) of l - t bits; the "B-bits" orientation
 *       uses the bits of B'_P and d1 correlations from A'_{peer}. Both parties pick the orientation with the smaller
 *       communication (ties: the narrower operand's bits), which for equal shapes is the narrower operand.</li>
 *   <li>W_A (only if l &gt; aBits) and W_B (only if l &gt; bBits) by {@link Comparisons#wrap} (one millionaires' per
 *       element; when aBits = bBits both matrices go into one call).</li>
 *   <li>The W_A W_B term matters only if l &gt; aBits + bBits: then the wrap matrix with fewer elements is lifted to
 *       arithmetic shares mod 2^(l - aBits - bBits) (local XOR shares if that is 1 bit, else one B2A per element)
 *       and folded into the multiplexer values above.</li>
 *   <li>W_A Y and Y W_B (bit matrix times shared matrix, Y = the bracketed factor) by batched multiplexers: the
 *       SiRnn MUX expansion w y = w_0 y_0 + w_1 y_1 + w_1 (1 - 2 w_0) y_0 + w_0 (1 - 2 w_1) y_1, with one OT per wrap
 *       bit w[i][k] (resp. w[k][j]) in each direction carrying the whole row Y[k][0..d3) (resp. column Y[0..d1)[k])
 *       as correlations of l - aBits (resp. l - bBits) bits.</li>
 * </ul>
 * The cross-term and multiplexer OTs are segments of one two-way OT extension ({@link CorrelatedOt#exchange}); the
 * cross-term segments, all choice bits and the weighted sum of the cross-term outputs are
 * {@link BitDecomposedProduct}'s. The W_A / W_B multiplexer segments stay here: their correlations are the
 * bracketed factor Y laid out per wrap bit, not a copy of an operand, and go into one segment each.
 *
 * <p><b>Rounds</b> (constant in d1, d2, d3): the wraps (one millionaires', 2 + ceil(log2 ceil(w/4)) rounds, when
 * aBits = bBits; else one per width, run one after the other), plus 2 if the lift needs a B2A
 * (l &gt;= aBits + bBits + 2), plus 2 for the OT exchange. Measured: 8 for 16 x 16 bits into 36 or 40 bits
 * (wrap 4, B2A 2, exchange 2), 6 into 32 bits, 10 for 8 x 21 bits into 37.
 *
 * <p><b>Communication</b> in bits, lambda = 128, both directions, with [.] the indicator:
 *
 * <pre>
 *   2 N (k lambda + c (k l - k (k-1)/2))                     cross terms; (N, k, c) = (d1 d2, min(aBits,l), d3)
 *                                                            for A-bits, (d2 d3, min(bBits,l), d1) for B-bits
 * + 2 [l &gt; aBits] d1 d2 (lambda + d3 (l - aBits))             W_A multiplexers
 * + 2 [l &gt; bBits] d2 d3 (lambda + d1 (l - bBits))             W_B multiplexers
 * + [l &gt; aBits] d1 d2 Mill(aBits) + [l &gt; bBits] d2 d3 Mill(bBits)   wraps, Mill(w) &lt; lambda w + 14 w
 * + [l - aBits - bBits &gt;= 2] min(d1 d2, d2 d3) (lambda + l - aBits - bBits)      B2A of the lifted wraps
 * </pre>
 *
 * For m = aBits &lt;= n = bBits, e = ceil(log2 d2), l = m + n + e and the A-bits orientation this is
 * d1 d2 d3 (2m (n+e) + m^2 + 3m + 2n + 4e) + d1 d2 (lambda (2m+2) + Mill(m)) + d2 d3 (2 lambda + Mill(n)) + lift,
 * against the paper's d1 d2 d3 ((2m+4)(n+e) + m^2 + 5m) + d1 d2 (lambda (3m+6) + 14m + e - 6)
 * + d2 d3 (lambda (n+2) + 14n): the cubic term is smaller by 2(m + n) per entry triple (we multiplex with the
 * 2-COT MUX and narrower rings, and never extend B). {@link #estimateBits} evaluates the formula above with the
 * millionaires' bound; {@link #paperBits} the paper's.
 */
public final class SharedMatMul {
  private SharedMatMul() {}

  /** Computational security parameter of the OT extension (bits per OT). */
  public static final int LAMBDA = 128;

  /**
   * Shares of A B mod 2^l.
   *
   * @param p this party
   * @param a this party's shares of A, row-major d1 x d2, aBits wide (higher bits ignored)
   * @param aSigned read A as two's-complement aBits-bit integers
   * @param b this party's shares of B, row-major d2 x d3, bBits wide (higher bits ignored)
   * @param bSigned read B as signed
   * @param l output bitwidth (1..64); the result is exact mod 2^l
   * @return this party's shares of A B mod 2^l, row-major d1 x d3
   */
  @SuppressWarnings("try")
  public static long[] multiply(Party p, long[] a, int aBits, boolean aSigned, long[] b, int bBits, boolean bSigned,
      int d1, int d2, int d3, int l) {
    Ring.checkBitwidth(aBits);
    Ring.checkBitwidth(bBits);
    Ring.checkBitwidth(l);
    if (d1 < 1 || d2 < 1 || d3 < 1) {
      throw new IllegalArgumentException("shared matmul: dimensions " + d1 + "x" + d2 + "x" + d3 + " must be >= 1");
    }
    if (a == null || a.length != d1 * d2) {
      throw new IllegalArgumentException("shared matmul: A must have " + d1 + "x" + d2 + " shares");
    }
    if (b == null || b.length != d2 * d3) {
      throw new IllegalArgumentException("shared matmul: B must have " + d2 + "x" + d3 + " shares");
    }
    try (Traffic.Scope sc = p.scope("shared-matmul")) {
      boolean server = p.isServer();
      long ha = aSigned ? 1L << (aBits - 1) : 0;
      long hb = bSigned ? 1L << (bBits - 1) : 0;
      long[] ua = Ring.reduced(a, aBits);
      long[] ub = Ring.reduced(b, bBits);
      if (aSigned) {
        ua = Sharing.addPublic(p, ua, ha, aBits);
      }
      if (bSigned) {
        ub = Sharing.addPublic(p, ub, hb, bBits);
      }
      int na = d1 * d2;
      int nb = d2 * d3;
      Plan plan = Plan.of(aBits, bBits, d1, d2, d3, l);

      // wraps: XOR shares of W_A (d1 x d2) and W_B (d2 x d3)
      long[] wa = null;
      long[] wb = null;
      if (plan.needWa && plan.needWb && aBits == bBits) {
        long[] both = new long[na + nb];
        System.arraycopy(ua, 0, both, 0, na);
        System.arraycopy(ub, 0, both, na, nb);
        long[] w = Comparisons.wrap(p, both, aBits);
        wa = java.util.Arrays.copyOfRange(w, 0, na);
        wb = java.util.Arrays.copyOfRange(w, na, na + nb);
      } else {
        if (plan.needWa) {
          wa = Comparisons.wrap(p, ua, aBits);
        }
        if (plan.needWb) {
          wb = Comparisons.wrap(p, ub, bBits);
        }
      }

      // lift of one wrap matrix to arithmetic shares mod 2^liftBits, for the W_A W_B term
      long[] liftA = null;
      long[] liftB = null;
      if (plan.liftBits >= 1) {
        long[] bits = plan.liftOnA ? wa : wb;
        long[] arith = B2A.convert(p, bits, plan.liftBits); // local (a copy) when liftBits = 1
        if (plan.liftOnA) {
          liftA = arith;
        } else {
          liftB = arith;
        }
      }

      // multiplexer values: W_A meets yA (d2 x d3, mod 2^(l-aBits)), W_B meets yB (d1 x d2, mod 2^(l-bBits))
      long[] yA = null;
      long[] yB = null;
      if (plan.needWa) {
        yA = new long[nb];
        long m = Ring.mask(l - aBits);
        for (int e = 0; e < nb; e++) {
          long v = ub[e] - (server ? hb : 0);
          if (liftB != null) {
            v -= liftB[e] << bBits;
          }
          yA[e] = v & m;
        }
      }
      if (plan.needWb) {
        yB = new long[na];
        long m = Ring.mask(l - bBits);
        for (int e = 0; e < na; e++) {
          long v = ua[e] - (server ? ha : 0);
          if (liftA != null) {
            v -= liftA[e] << aBits;
          }
          yB[e] = v & m;
        }
      }

      // one two-way OT extension: cross-term segments, then the W_A and W_B multiplexer segments
      int k = plan.crossBits;
      int segCount = k + (plan.needWa ? 1 : 0) + (plan.needWb ? 1 : 0);
      int crossN = plan.crossOnA ? na : nb;
      int corrs = plan.crossOnA ? d3 : d1;
      long totalChoices = (long) crossN * k + (plan.needWa ? na : 0) + (plan.needWb ? nb : 0);
      if (totalChoices > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shared matmul: " + totalChoices + " OTs exceed one extension");
      }
      CorrelatedOt.Segment[] send = BitDecomposedProduct.segments(
          crossCorrelations(plan.crossOnA ? ub : ua, plan.crossOnA, d1, d2, d3), k, l, segCount);
      CorrelatedOt.Shape[] shapes = BitDecomposedProduct.shapes(crossN, corrs, k, l, segCount);
      long[] choices = BitDecomposedProduct.choices(plan.crossOnA ? ua : ub, crossN, k, wa, wb);
      int s = k;
      if (plan.needWa) {
        send[s] = muxSegmentA(wa, yA, d1, d2, d3, l - aBits);
        shapes[s] = new CorrelatedOt.Shape(na, BitDecomposedProduct.filled(d3, l - aBits));
        s++;
      }
      if (plan.needWb) {
        send[s] = muxSegmentB(wb, yB, d1, d2, d3, l - bBits);
        shapes[s] = new CorrelatedOt.Shape(nb, BitDecomposedProduct.filled(d1, l - bBits));
      }
      CorrelatedOt.Both both = p.cot().exchange(send, choices, shapes);
      long[][][] mine = both.asSender();
      long[][][] got = both.asReceiver();

      // combine
      long[] c = new long[d1 * d3];
      long[] rowA = new long[d1];
      long[] colB = new long[d3];
      for (int i = 0; i < d1; i++) {
        for (int kk = 0; kk < d2; kk++) {
          rowA[i] += ua[i * d2 + kk];
        }
      }
      for (int kk = 0; kk < d2; kk++) {
        for (int j = 0; j < d3; j++) {
          colB[j] += ub[kk * d3 + j];
        }
      }
      long constant = server ? (long) d2 * ha * hb : 0; // mod 2^64, fine mod 2^l
      for (int i = 0; i < d1; i++) {
        for (int j = 0; j < d3; j++) {
          long acc = constant - ha * colB[j] - hb * rowA[i];
          for (int kk = 0; kk < d2; kk++) {
            acc += ua[i * d2 + kk] * ub[kk * d3 + j];
          }
          c[i * d3 + j] = acc;
        }
      }
      // cross terms: receiver adds 2^t (r + bit delta), sender subtracts 2^t r
      long[][] cross = BitDecomposedProduct.weightedSum(got, k, +1, corrs, crossN);
      BitDecomposedProduct.accumulate(mine, k, -1, cross);
      for (int corr = 0; corr < corrs; corr++) {
        long[] x = cross[corr];
        if (plan.crossOnA) { // instance (i, kk), correlation j
          int j = corr;
          for (int i = 0; i < d1; i++) {
            long acc = 0;
            for (int kk = 0; kk < d2; kk++) {
              acc += x[i * d2 + kk];
            }
            c[i * d3 + j] += acc;
          }
        } else { // instance (kk, j), correlation i
          int i = corr;
          for (int j = 0; j < d3; j++) {
            long acc = 0;
            for (int kk = 0; kk < d2; kk++) {
              acc += x[kk * d3 + j];
            }
            c[i * d3 + j] += acc;
          }
        }
      }
      s = k;
      if (plan.needWa) { // - 2^aBits W_A yA: instance (i, kk), correlation j
        for (int j = 0; j < d3; j++) {
          long[] g = got[s][j];
          long[] r = mine[s][j];
          for (int i = 0; i < d1; i++) {
            long acc = 0;
            for (int kk = 0; kk < d2; kk++) {
              int e = i * d2 + kk;
              acc += (wa[e] & 1L) * yA[kk * d3 + j] - r[e] + g[e];
            }
            c[i * d3 + j] -= acc << aBits;
          }
        }
        s++;
      }
      if (plan.needWb) { // - 2^bBits yB W_B: instance (kk, j), correlation i
        for (int i = 0; i < d1; i++) {
          long[] g = got[s][i];
          long[] r = mine[s][i];
          for (int j = 0; j < d3; j++) {
            long acc = 0;
            for (int kk = 0; kk < d2; kk++) {
              int e = kk * d3 + j;
              acc += (wb[e] & 1L) * yB[i * d2 + kk] - r[e] + g[e];
            }
            c[i * d3 + j] -= acc << bBits;
          }
        }
      }
      long mask = Ring.mask(l);
      for (int i = 0; i < c.length; i++) {
        c[i] &= mask;
      }
      return c;
    }
  }

  /** Signed or unsigned product of two shared matrices as FixArrays into an l-bit result; scales add. */
  public static FixArray multiply(Party p, FixArray a, FixArray b, int d1, int d2, int d3, int l) {
    long[] s = multiply(p, a.shares(), a.bitwidth(), a.signed(), b.shares(), b.bitwidth(), b.signed(), d1, d2, d3, l);
    return new FixArray(s, l, a.scale() + b.scale(), a.signed() || b.signed());
  }

  /**
   * The choices this protocol makes from the public parameters (both parties derive the same plan): which wraps are
   * needed, which operand's bits drive the cross terms, which wrap matrix is lifted and to how many bits.
   */
  record Plan(boolean needWa, boolean needWb, boolean crossOnA, int crossBits, int liftBits, boolean liftOnA) {
    static Plan of(int aBits, int bBits, int d1, int d2, int d3, int l) {
      boolean needWa = l > aBits;
      boolean needWb = l > bBits;
      double costA = crossCost((long) d1 * d2, Math.min(aBits, l), d3, l);
      double costB = crossCost((long) d2 * d3, Math.min(bBits, l), d1, l);
      boolean crossOnA = costA < costB || (costA == costB && aBits <= bBits);
      int crossBits = crossOnA ? Math.min(aBits, l) : Math.min(bBits, l);
      int liftBits = Math.max(0, l - aBits - bBits);
      boolean liftOnA = (long) d1 * d2 < (long) d2 * d3;
      return new Plan(needWa, needWb, crossOnA, crossBits, liftBits, liftOnA);
    }
  }

  /** One direction of the cross-term OTs: n elements, k bits each, c correlations of l - t bits on OT t. */
  private static double crossCost(long n, int k, int c, int l) {
    return (double) n * ((double) k * LAMBDA + (double) c * ((double) k * l - (double) k * (k - 1) / 2));
  }

  /**
   * Communication of {@link #multiply} in bits (both directions, after the base OTs) by the javadoc formula, with
   * each millionaires' counted at its bound lambda w + 14 w (the implementation stays below it).
   */
  public static double estimateBits(int aBits, int bBits, int d1, int d2, int d3, int l) {
    Plan pl = Plan.of(aBits, bBits, d1, d2, d3, l);
    double na = (double) d1 * d2;
    double nb = (double) d2 * d3;
    double bits = 2 * (pl.crossOnA ? crossCost((long) na, pl.crossBits, d3, l)
        : crossCost((long) nb, pl.crossBits, d1, l));
    if (pl.needWa) {
      bits += 2 * na * (LAMBDA + (double) d3 * (l - aBits)) + na * (LAMBDA + 14.0) * aBits;
    }
    if (pl.needWb) {
      bits += 2 * nb * (LAMBDA + (double) d1 * (l - bBits)) + nb * (LAMBDA + 14.0) * bBits;
    }
    if (pl.liftBits >= 2) {
      bits += Math.min(na, nb) * (LAMBDA + pl.liftBits);
    }
    return bits;
  }

  /**
   * The paper's communication for m = min(aBits, bBits), n = max and output width m + n + e (SiRnn Appendix D2,
   * where e = ceil(log2 d2)): d1 d2 d3 ((2m+4)(n+e) + m^2 + 5m) + d1 d2 (lambda (3m+6) + 14m + e - 6)
   * + d2 d3 (lambda (n+2) + 14n), with d1, d3 swapped when the narrower operand is B (the formula assumes the
   * narrower one is the left factor).
   */
  public static double paperBits(int aBits, int bBits, int d1, int d2, int d3, int e) {
    int m = Math.min(aBits, bBits);
    int n = Math.max(aBits, bBits);
    if (aBits > bBits) {
      int t = d1;
      d1 = d3;
      d3 = t;
    }
    double cube = (double) d1 * d2 * d3;
    return cube * ((2.0 * m + 4) * (n + e) + (double) m * m + 5.0 * m)
        + (double) d1 * d2 * (LAMBDA * (3.0 * m + 6) + 14.0 * m + e - 6)
        + (double) d2 * d3 * (LAMBDA * (n + 2.0) + 14.0 * n);
  }

  /**
   * Cross-term correlations sent by this party, full width ({@link BitDecomposedProduct#segments} shortens them to
   * l - t bits for bit t): its own factor, one row per correlation.
   */
  private static long[][] crossCorrelations(long[] factor, boolean crossOnA, int d1, int d2, int d3) {
    if (crossOnA) { // instance (i, kk) of A, correlation j: B_me[kk][j]
      long[][] corr = new long[d3][d1 * d2];
      for (int j = 0; j < d3; j++) {
        long[] d = corr[j];
        for (int i = 0; i < d1; i++) {
          for (int kk = 0; kk < d2; kk++) {
            d[i * d2 + kk] = factor[kk * d3 + j];
          }
        }
      }
      return corr;
    }
    // instance (kk, j) of B, correlation i: A_me[i][kk]
    long[][] corr = new long[d1][d2 * d3];
    for (int i = 0; i < d1; i++) {
      for (int kk = 0; kk < d2; kk++) {
        java.util.Arrays.fill(corr[i], kk * d3, kk * d3 + d3, factor[i * d2 + kk]);
      }
    }
    return corr;
  }

  /** W_A multiplexer, this party's side: instance (i, kk), correlation j: (1 - 2 w_me[i][kk]) yA_me[kk][j]. */
  private static CorrelatedOt.Segment muxSegmentA(long[] wa, long[] yA, int d1, int d2, int d3, int width) {
    long m = Ring.mask(width);
    long[][] deltas = new long[d3][d1 * d2];
    for (int j = 0; j < d3; j++) {
      long[] d = deltas[j];
      for (int i = 0; i < d1; i++) {
        for (int kk = 0; kk < d2; kk++) {
          int e = i * d2 + kk;
          long y = yA[kk * d3 + j];
          d[e] = ((wa[e] & 1L) == 0 ? y : -y) & m;
        }
      }
    }
    return new CorrelatedOt.Segment(deltas, BitDecomposedProduct.filled(d3, width));
  }

  /** W_B multiplexer, this party's side: instance (kk, j), correlation i: (1 - 2 w_me[kk][j]) yB_me[i][kk]. */
  private static CorrelatedOt.Segment muxSegmentB(long[] wb, long[] yB, int d1, int d2, int d3, int width) {
    long m = Ring.mask(width);
    long[][] deltas = new long[d1][d2 * d3];
    for (int i = 0; i < d1; i++) {
      long[] d = deltas[i];
      for (int kk = 0; kk < d2; kk++) {
        long y = yB[i * d2 + kk];
        for (int j = 0; j < d3; j++) {
          int e = kk * d3 + j;
          d[e] = ((wb[e] & 1L) == 0 ? y : -y) & m;
        }
      }
    }
    return new CorrelatedOt.Segment(deltas, BitDecomposedProduct.filled(d1, width));
  }
}
