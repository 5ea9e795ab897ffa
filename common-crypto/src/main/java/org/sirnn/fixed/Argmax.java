package org.sirnn.fixed;

import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.Mux;
import org.sirnn.mpc.Party;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Secure argmax over the rows of a matrix of additively shared signed l-bit scores (CrypTFlow2 / SCI's
 * {@code ArgMaxProtocol}, which SiRnn reuses for its classifiers' last step, SiRnn Section V): a binary tournament
 * of millionaires'-based comparisons and multiplexers carrying each survivor's value and its index. Only shares of
 * the index come out; the scores stay shared.
 *
 * <p><b>Tree.</b> Level by level, the candidates of every row are paired in order, (0, 1), (2, 3), ...; an odd last
 * candidate passes up unchanged. For a pair (a, i_a), (b, i_b) with a at the lower indices, sel = 1{a < b} = MSB(a -
 * b) (one comparison, {@link Comparisons#msb}); the survivor is (a + sel (b - a), i_a + sel (i_b - i_a)), both
 * products in one batched MUX ({@link Mux#selectAll}: the value and the index ride on the same correlated OTs). Each
 * level is one comparison batch and one MUX batch over all pairs of all rows, so a C-class argmax takes ceil(log2 C)
 * levels, whatever the number of rows.
 *
 * <p><b>Tie rule.</b> The lowest index of the row's maximum wins: a survivor replaces the lower candidate only when
 * strictly larger, and pairs keep the candidates' order, so each survivor is the first maximum of a contiguous
 * range. This is the cleartext {@code Inference.argmax} rule; the twin is {@link org.sirnn.clear.FixedOps#argmax}.
 *
 * <p><b>Exact signed comparison.</b> The difference of two signed l-bit values needs l + 1 bits (max - min =
 * 2^l - 1), so the scores are first sign-extended to l + 1 bits once ({@link Extension#sext}); every difference of
 * the tree is then exact and its MSB is the comparison, for all inputs including the bitwidth's extremes. The
 * survivors' values stay at l + 1 bits.
 *
 * <p><b>Cost</b> (lambda = 128; C classes, R rows, w = max(1, ceil(log2 C)) index bits, depth d = ceil(log2 C),
 * C - 1 comparisons per row in all):
 * <ul>
 *   <li>extension, once, R C elements: one wrap on l bits (< lambda l + 14 l bits, 2 + ceil(log2 ceil(l/4)) rounds)
 *       and B2A to 1 bit (lambda + 1 bits, 2 rounds);
 *   <li>per comparison: MSB of l + 1 bits = F_Mill^l (< lambda l + 14 l bits) and the MUX of value and index
 *       (2 (lambda + l + 1 + w) bits);
 *   <li>rounds: extension + d x (2 + ceil(log2 ceil(l/4)) millionaire rounds + 2 MUX rounds).
 * </ul>
 * Opening the index to the client is one more message of w bits per row.
 */
public final class Argmax {
  private Argmax() {}

  /** Bits of an index below {@code classes}: max(1, ceil(log2 classes)). */
  public static int indexBits(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("argmax over " + classes + " classes (need at least 1)");
    }
    return Math.max(1, Ring.ceilLog2(classes));
  }

  /** Comparison levels of a {@code classes}-way argmax: ceil(log2 classes). */
  public static int depth(int classes) {
    indexBits(classes);
    return classes == 1 ? 0 : Ring.ceilLog2(classes);
  }

  /**
   * Shares of each row's argmax (lowest index on ties), {@link #indexBits}(classes) bits.
   *
   * @param x this party's shares of rows x classes signed l-bit scores, row-major (l in 1..63)
   * @return this party's shares of the rows' indices, one per row, over Z_2^indexBits(classes)
   */
  public static long[] argmax(Party p, long[] x, int l, int rows, int classes) {
    int w = indexBits(classes);
    if (l < 1 || l > 63) {
      throw new IllegalArgumentException("argmax of " + l + "-bit scores (need 1..63: the comparisons run at l + 1"
          + " bits)");
    }
    if (rows < 0 || x.length != (long) rows * classes) {
      throw new IllegalArgumentException("argmax: " + x.length + " scores for " + rows + " rows x " + classes
          + " classes");
    }
    boolean server = p.isServer();
    if (classes == 1 || rows == 0) {
      return new long[rows]; // index 0: shares 0 and 0
    }
    int vl = l + 1;
    long vmask = Ring.mask(vl);
    long imask = Ring.mask(w);
    long[] v = Extension.sext(p, x, l, vl);
    long[] idx = new long[rows * classes]; // the public initial indices: the server's share, the client's 0
    if (server) {
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < classes; c++) {
          idx[r * classes + c] = c;
        }
      }
    }
    int k = classes;
    for (int level = 0; k > 1; level++) {
      int half = k / 2;
      int next = half + (k & 1);
      int n = rows * half;
      long[] diff = new long[n]; // a - b
      long[] dv = new long[n]; // b - a
      long[] di = new long[n]; // i_b - i_a
      for (int r = 0; r < rows; r++) {
        for (int i = 0; i < half; i++) {
          int a = r * k + 2 * i;
          int j = r * half + i;
          diff[j] = (v[a] - v[a + 1]) & vmask;
          dv[j] = (v[a + 1] - v[a]) & vmask;
          di[j] = (idx[a + 1] - idx[a]) & imask;
        }
      }
      long[][] picked;
      try (Traffic.Scope sc = p.scope("level" + level)) {
        long[] sel = Comparisons.msb(p, diff, vl); // 1{a < b}: take b
        picked = Mux.selectAll(p, sel, new long[][] {dv, di}, new int[] {vl, w});
      }
      long[] nv = new long[rows * next];
      long[] ni = new long[rows * next];
      for (int r = 0; r < rows; r++) {
        for (int i = 0; i < half; i++) {
          int a = r * k + 2 * i;
          int j = r * half + i;
          nv[r * next + i] = (v[a] + picked[0][j]) & vmask;
          ni[r * next + i] = (idx[a] + picked[1][j]) & imask;
        }
        if ((k & 1) == 1) {
          nv[r * next + half] = v[r * k + k - 1];
          ni[r * next + half] = idx[r * k + k - 1];
        }
      }
      v = nv;
      idx = ni;
      k = next;
    }
    return idx;
  }
}
