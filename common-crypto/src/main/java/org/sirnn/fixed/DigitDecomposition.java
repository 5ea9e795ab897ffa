package org.sirnn.fixed;

import org.sirnn.mpc.And;
import org.sirnn.mpc.B2A;
import org.sirnn.mpc.BitTriples;
import org.sirnn.mpc.Party;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Digit decomposition F_DigDec^{l,d} (SiRnn Section IV-D, Appendix E, Algorithm 6): additive shares of an l-bit x
 * to additive shares of its c = ceil(l/d) digits, digit i = bits [i d, i d + size_i) of uint(x), size_i = d except
 * the last (most significant) one, size_(c-1) = l - d (c - 1). Twin: {@link org.sirnn.clear.DigitOps#digits}.
 *
 * <p>With y_b,i the i-th digit of share b, digit i of x is y_0,i + y_1,i + carry_i mod 2^size_i, where carry_i is
 * the carry out of the low i d bits of the shares. By Lemma 1 the carries satisfy carry_0 = 0 and
 * carry_(i+1) = w_i XOR (carry_i AND e_i), with (w_i, e_i) = (wrap, all-ones) of the shares' digit i:
 * w_i = 1{2^d - 1 - y_0,i &lt; y_1,i}, e_i = 1{2^d - 1 - y_0,i = y_1,i}. So:
 * <ol>
 *   <li>one {@link WrapAndAllOnes} on the c - 1 lower digits of all elements at once (d bits each);</li>
 *   <li>the carry chain, c - 2 sequential ANDs (carry_1 = w_0 is free);</li>
 *   <li>one B2A of the c - 1 carries into d bits (reduced to size_i bits for the short last digit);</li>
 *   <li>local addition to the local digits.</li>
 * </ol>
 * All bit triples (tree and chain) come from one triple call right before the leaf OT.
 *
 * <p>Cost per element: (c - 1) (WrapAndAllOnes(d) + 148 [chain AND, c - 2 of them] + lambda + d) bits, e.g.
 * DigDec(16, 8): 872 + 136 = 1008 bits (Table V: (l/d - 1)(lambda (d + 2) + 15 d + 20) = 1420); rounds
 * 3 + ceil(log2 ceil(d/4)) + (c - 2) + 2 (6 for DigDec(16, 8); Table V: log d + l/d + 1 = 6).
 */
public final class DigitDecomposition {
  private DigitDecomposition() {}

  /** Number of digits, ceil(l/d) (1 when d &gt;= l). */
  public static int digitCount(int l, int d) {
    checkArgs(l, d);
    return (l + d - 1) / d;
  }

  /** Width of digit i: d, except the last, l - d (c - 1). */
  public static int digitSize(int l, int d, int i) {
    int c = digitCount(l, d);
    if (i < 0 || i >= c) {
      throw new IllegalArgumentException("digit " + i + " of " + c);
    }
    return i < c - 1 ? d : l - d * (c - 1);
  }

  /**
   * @param x this party's additive shares of x, l bits (higher bits ignored)
   * @param d digit width, &gt;= 1 (d &gt;= l gives the single digit x)
   * @return digits[i][element]: this party's additive shares of digit i over Z_2^size_i, digit 0 least
   *     significant
   */
  public static long[][] decompose(Party p, long[] x, int l, int d) {
    return decompose(p, x, l, d, 0).digits();
  }

  /** Digits plus spare bit triples made in the same call (for callers with ANDs of their own, e.g. MSNZB). */
  record WithTriples(long[][] digits, BitTriples triples, int spareOffset) {}

  /**
   * {@link #decompose(Party, long[], int, int)} that also makes {@code spareTriples} extra bit triples in its single
   * triple call; they are {@code triples()[spareOffset ..)}. Without communication (c = 1) the spare triples are
   * made by a call of their own.
   */
  @SuppressWarnings("try")
  static WithTriples decompose(Party p, long[] x, int l, int d, int spareTriples) {
    int c = digitCount(l, d);
    int n = x.length;
    long[][] digits = new long[c][n];
    for (int i = 0; i < c; i++) {
      int size = digitSize(l, d, i);
      long m = Ring.mask(size);
      int shift = i * d;
      for (int e = 0; e < n; e++) {
        digits[i][e] = ((x[e] & Ring.mask(l)) >>> shift) & m;
      }
    }
    if (c == 1 || n == 0) {
      BitTriples spare = BitTriples.generate(p, spareTriples, Party.Role.CLIENT);
      return new WithTriples(digits, spare, 0);
    }
    try (Traffic.Scope sc = p.scope("digdec")) {
      int lower = c - 1;
      long total = (long) n * lower;
      if (total > Integer.MAX_VALUE / 32) {
        throw new IllegalArgumentException("digit decomposition of " + n + " elements into " + c
            + " digits is too large for one call");
      }
      int cnt = (int) total;
      long[] low = new long[cnt]; // digit i of element e at i*n + e
      for (int i = 0; i < lower; i++) {
        System.arraycopy(digits[i], 0, low, i * n, n);
      }
      int treeTriples = cnt * WrapAndAllOnes.triplesPerInstance(d);
      int chainTriples = n * (c - 2);
      BitTriples t = BitTriples.generate(p, treeTriples + chainTriples + spareTriples, Party.Role.CLIENT);
      long[][] we = WrapAndAllOnes.compute(p, low, d, t, 0);
      long[] w = we[0];
      long[] e = we[1];
      // carries[i - 1] = carry_i for i = 1 .. c-1, laid out like low
      long[] carries = new long[cnt];
      System.arraycopy(w, 0, carries, 0, n);
      int used = treeTriples;
      long[] prev = new long[n];
      long[] ei = new long[n];
      for (int i = 1; i < lower; i++) {
        System.arraycopy(carries, (i - 1) * n, prev, 0, n);
        System.arraycopy(e, i * n, ei, 0, n);
        long[] z = And.and(p, prev, ei, t, used);
        used += n;
        for (int k = 0; k < n; k++) {
          carries[i * n + k] = w[i * n + k] ^ z[k];
        }
      }
      long[] ca = B2A.convert(p, carries, d);
      for (int i = 1; i < c; i++) {
        long m = Ring.mask(digitSize(l, d, i));
        long[] di = digits[i];
        int base = (i - 1) * n;
        for (int k = 0; k < n; k++) {
          di[k] = (di[k] + ca[base + k]) & m;
        }
      }
      return new WithTriples(digits, t, used);
    }
  }

  private static void checkArgs(int l, int d) {
    Ring.checkBitwidth(l);
    if (d < 1) {
      throw new IllegalArgumentException("digit width must be >= 1, got " + d);
    }
  }
}
