package org.sirnn.fixed;

import java.util.Arrays;
import org.sirnn.mpc.And;
import org.sirnn.mpc.BitTriples;
import org.sirnn.mpc.BitVectors;
import org.sirnn.mpc.Mux;
import org.sirnn.mpc.Party;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Most significant non-zero bit (SiRnn Appendix F, Algorithm 7) and the range reduction built on it. Twins:
 * {@link org.sirnn.clear.DigitOps#msnzbIndex}, {@link org.sirnn.clear.DigitOps#oneHot},
 * {@link org.sirnn.clear.DigitOps#normalise}.
 *
 * <p><b>Index</b> ({@link #index}): k = floor(log2 uint(x)) for x &gt; 0 and k = 0 for x = 0 (SCI's MSNZB(0) = 0),
 * additively shared over iota = {@link #indexBits}(l) = ceil(log2 l) bits (at least 1). Steps: digit decomposition
 * into c = ceil(l/d) digits ({@link DigitDecomposition}); per digit one {@link LookupTable} returning the packed pair
 * (floor(log2 digit) over iota bits, is-zero bit) - all full-width digits in one call, a shorter top digit in a second
 * one; the server adds the digit offset i d to digit i's index; the selectors
 * sel_i = (digit i non-zero) AND (all higher digits zero) by an AND chain from the top (2c - 3 ANDs in c - 1 rounds,
 * their triples made with the digit decomposition's); then one batched MUX of every digit's index by its selector,
 * summed. With c = 1 (d &gt;= l, l &lt;= 8) the index is one LUT on x.
 *
 * <p><b>One-hot</b> ({@link #oneHot}): z_i = 1{2^i &lt;= x &lt; 2^(i+1)} as XOR shares, z_0 = 1 for x = 0, from the
 * index by one {@link XorLookupTable} with entry 2^k (iota-bit index, l-bit output).
 *
 * <p><b>Normalisation</b> ({@link #normalise}), the range reduction of rsqrt and of the reciprocal with an arbitrary
 * denominator (Section V-C, SCI's sqrt / div with compute_msnzb): for x with a zero MSB, k = MSNZB over the low
 * nb = l - 1 bits, and the mantissa x * 2^(nb - 1 - k), which lies in [2^(l-2), 2^(l-1)) (in [1, 2) at scale l - 2)
 * for x &gt; 0, over nb bits. Instead of the paper's product x * A with A = sum_i 2^(nb-1-i) z_i (B2A of the one-hot
 * plus a multiplication), the shift is a barrel shifter: one LUT on k returns the bits of m = nb - 1 - k (XOR
 * shares), then for every bit b, y = y + m_b * (2^(2^b) - 1) y (one MUX of nb bits each). The same LUT carries the
 * caller's tables indexed by k (A_k, B_k, C_k, ..., any widths, packed), so the rsqrt implementer gets any function
 * of k from one extra message.
 *
 * <p>Cost per element, l = 16, d = 8: index 1008 (DigDec) + 2 (2 lambda + 2^8 * 5) + 148 + 2 * 2 (lambda + 4) =
 * 4756 bits; one-hot + 2 lambda + 2^4 * 16 = 5268 bits (Table V, read with 2^d: 5828). Normalise(16): MSNZB index on
 * 15 bits + LUT (2 lambda + 2^4 (4 + caller widths)) + 4 * 2 (lambda + 15) bits.
 */
public final class Msnzb {
  /** Largest digit width (the per-digit LUT takes the digit as index). */
  public static final int MAX_DIGIT_BITS = LookupTable.MAX_INDEX_BITS;

  private Msnzb() {}

  /** Width of the shared index for l-bit inputs: ceil(log2 l), at least 1. */
  public static int indexBits(int l) {
    Ring.checkBitwidth(l);
    return l <= 2 ? 1 : 32 - Integer.numberOfLeadingZeros(l - 1);
  }

  /**
   * Shares of k = floor(log2 uint(x)) (0 for x = 0) over Z_2^iota, iota = {@link #indexBits}(l).
   *
   * @param x this party's additive shares of x, l bits
   * @param d digit width in 1..8 (d &gt;= l uses one digit, allowed for l &lt;= 8)
   */
  @SuppressWarnings("try")
  public static long[] index(Party p, long[] x, int l, int d) {
    Ring.checkBitwidth(l);
    if (d < 1 || d > MAX_DIGIT_BITS && d < l) {
      throw new IllegalArgumentException("MSNZB digit width must be in 1.." + MAX_DIGIT_BITS + ", got " + d);
    }
    int dd = Math.min(d, l);
    if (dd > MAX_DIGIT_BITS) {
      throw new IllegalArgumentException("MSNZB with one digit needs l <= " + MAX_DIGIT_BITS + ", got l = " + l);
    }
    int iota = indexBits(l);
    int n = x.length;
    if (n == 0) {
      return new long[0];
    }
    try (Traffic.Scope sc = p.scope("msnzb")) {
      int c = DigitDecomposition.digitCount(l, dd);
      if (c == 1) {
        long[] xs = new long[n];
        for (int e = 0; e < n; e++) {
          xs[e] = x[e] & Ring.mask(l);
        }
        return LookupTable.lookup(p, xs, l, p.isServer() ? log2Table(l) : null, iota);
      }
      int spare = n * (2 * c - 3);
      DigitDecomposition.WithTriples dt = DigitDecomposition.decompose(p, x, l, dd, spare);
      long[][] digits = dt.digits();
      BitTriples t = dt.triples();
      int used = dt.spareOffset();

      // per-digit LUT: (floor(log2 digit) over iota bits, is-zero bit)
      int lastSize = DigitDecomposition.digitSize(l, dd, c - 1);
      int full = lastSize == dd ? c : c - 1;
      long[][] idx = new long[c][];
      long[][] zero = new long[c][];
      long[] all = new long[n * full];
      for (int i = 0; i < full; i++) {
        System.arraycopy(digits[i], 0, all, i * n, n);
      }
      long[][] got = LookupTable.lookupMany(p, all, dd, p.isServer() ? new long[][] {log2Table(dd), zeroTable(dd)}
          : null, new int[] {iota, 1});
      for (int i = 0; i < full; i++) {
        idx[i] = Arrays.copyOfRange(got[0], i * n, (i + 1) * n);
        zero[i] = Arrays.copyOfRange(got[1], i * n, (i + 1) * n);
      }
      if (full < c) {
        long[][] top = LookupTable.lookupMany(p, digits[c - 1], lastSize,
            p.isServer() ? new long[][] {log2Table(lastSize), zeroTable(lastSize)} : null, new int[] {iota, 1});
        idx[c - 1] = top[0];
        zero[c - 1] = top[1];
      }
      long iMask = Ring.mask(iota);
      if (p.isServer()) {
        for (int i = 1; i < c; i++) {
          long off = (long) i * dd;
          for (int e = 0; e < n; e++) {
            idx[i][e] = (idx[i][e] + off) & iMask;
          }
        }
      }

      // selectors from the top: h = "all digits above i are zero"; sel_i = h AND NOT zero_i
      boolean server = p.isServer();
      long[][] sel = new long[c][];
      sel[c - 1] = BitVectors.not(zero[c - 1], server);
      long[] h = zero[c - 1];
      for (int i = c - 2; i >= 0; i--) {
        boolean more = i >= 1;
        long[] xs = new long[more ? 2 * n : n];
        long[] ys = new long[xs.length];
        long[] notZero = BitVectors.not(zero[i], server);
        System.arraycopy(h, 0, xs, 0, n);
        System.arraycopy(notZero, 0, ys, 0, n);
        if (more) {
          System.arraycopy(h, 0, xs, n, n);
          System.arraycopy(zero[i], 0, ys, n, n);
        }
        long[] z = And.and(p, xs, ys, t, used);
        used += xs.length;
        sel[i] = Arrays.copyOfRange(z, 0, n);
        if (more) {
          h = Arrays.copyOfRange(z, n, 2 * n);
        }
      }

      // k = sum_i sel_i * idx_i, one batched MUX
      long[] selAll = new long[n * c];
      long[] idxAll = new long[n * c];
      for (int i = 0; i < c; i++) {
        System.arraycopy(sel[i], 0, selAll, i * n, n);
        System.arraycopy(idx[i], 0, idxAll, i * n, n);
      }
      long[] prod = Mux.select(p, selAll, idxAll, iota);
      long[] k = new long[n];
      for (int i = 0; i < c; i++) {
        for (int e = 0; e < n; e++) {
          k[e] += prod[i * n + e];
        }
      }
      for (int e = 0; e < n; e++) {
        k[e] &= iMask;
      }
      return k;
    }
  }

  /**
   * XOR shares of the one-hot vector z_i = 1{2^i &lt;= uint(x) &lt; 2^(i+1)}, i &lt; l (z_0 = 1 for x = 0), as
   * bits[i][element], one bit per long.
   */
  public static long[][] oneHot(Party p, long[] x, int l, int d) {
    return XorLookupTable.unpack(oneHotPacked(p, x, l, d), l);
  }

  /** {@link #oneHot} packed: bit i of element e's long is this party's XOR share of z_i. */
  @SuppressWarnings("try")
  public static long[] oneHotPacked(Party p, long[] x, int l, int d) {
    try (Traffic.Scope sc = p.scope("msnzb-onehot")) {
      long[] k = index(p, x, l, d);
      int iota = indexBits(l);
      long[] table = null;
      if (p.isServer()) {
        table = new long[1 << iota];
        for (int j = 0; j < table.length; j++) {
          table[j] = j < l ? 1L << j : 0;
        }
      }
      return XorLookupTable.lookup(p, k, iota, table, l);
    }
  }

  /**
   * Range reduction of x with a zero MSB (see the class comment). Result: mantissa shares over Z_2^(l-1)
   * ({@link Normalised#mantissaBits}), k shares over Z_2^kBits and the caller's lookups.
   */
  public record Normalised(long[] mantissa, int mantissaBits, long[] k, int kBits, long[][] lookups) {}

  /** Width of k (and index width of the caller's tables) in {@link #normalise} for l-bit x: indexBits(l - 1). */
  public static int normaliseIndexBits(int l) {
    checkNormalise(l);
    return indexBits(l - 1);
  }

  /**
   * Normalises l-bit x with MSB known to be 0 (x &lt; 2^(l-1)): shares of x * 2^(l-2-k) over Z_2^(l-1) with
   * k = MSNZB(x) over l - 1 bits (0 for x = 0, giving mantissa 0), plus shares of tables[t][k] over
   * Z_2^widths[t] (width 1 gives an XOR-shared bit).
   *
   * @param x this party's additive shares, l bits (bit l - 1 of the shared value must be 0; only the low l - 1
   *     bits of the shares are used)
   * @param d MSNZB digit width in 1..8
   * @param tables the server's tables of 2^{@link #normaliseIndexBits}(l) entries indexed by k (the client passes
   *     null; both pass the widths); may be empty
   * @param widths output width of each table (1..64); the stage bits and the tables are packed into one LUT call
   *     while they fit in 64 bits, otherwise into several (2 rounds each)
   */
  @SuppressWarnings("try")
  public static Normalised normalise(Party p, long[] x, int l, int d, long[][] tables, int[] widths) {
    checkNormalise(l);
    int nb = l - 1;
    int iota = indexBits(nb);
    int size = 1 << iota;
    int caller = widths.length;
    if (p.isServer()) {
      if (tables == null || tables.length != caller) {
        throw new IllegalArgumentException("server must pass " + caller + " tables");
      }
      for (long[] tb : tables) {
        if (tb.length != size) {
          throw new IllegalArgumentException("normalise tables need 2^" + iota + " = " + size + " entries, got "
              + tb.length);
        }
      }
    }
    int n = x.length;
    if (n == 0) {
      return new Normalised(new long[0], nb, new long[0], iota, new long[caller][0]);
    }
    long mask = Ring.mask(nb);
    try (Traffic.Scope sc = p.scope("normalise")) {
      long[] xs = new long[n];
      for (int e = 0; e < n; e++) {
        xs[e] = x[e] & mask;
      }
      long[] k = index(p, xs, nb, d);
      int stages = nb == 1 ? 0 : 32 - Integer.numberOfLeadingZeros(nb - 1); // bits of m = nb - 1 - k
      // one packed LUT on k: the stage bits (m = nb - 1 - k, bit b) first, then the caller's tables; more than 64
      // bits in all are split into several LUT calls of at most 64 bits each
      int count = stages + caller;
      int[] w = new int[count];
      long[][] tb = p.isServer() ? new long[count][] : null;
      for (int b = 0; b < stages; b++) {
        w[b] = 1;
        if (tb != null) {
          long[] bit = new long[size];
          for (int j = 0; j < size && j < nb; j++) {
            bit[j] = ((nb - 1 - j) >>> b) & 1;
          }
          tb[b] = bit;
        }
      }
      for (int t = 0; t < caller; t++) {
        Ring.checkBitwidth(widths[t]);
        w[stages + t] = widths[t];
        if (tb != null) {
          tb[stages + t] = tables[t];
        }
      }
      long[][] out = new long[count][];
      int from = 0;
      while (from < count) {
        int to = from;
        int bits = 0;
        while (to < count && bits + w[to] <= 64) {
          bits += w[to++];
        }
        long[][] part = LookupTable.lookupMany(p, k, iota, tb == null ? null
            : Arrays.copyOfRange(tb, from, to), Arrays.copyOfRange(w, from, to));
        System.arraycopy(part, 0, out, from, to - from);
        from = to;
      }
      long[] y = xs;
      for (int b = 0; b < stages; b++) {
        long factor = (1L << (1 << b)) - 1; // 2^(2^b) - 1, 2^b < nb <= 63
        long[] scaled = new long[n];
        for (int e = 0; e < n; e++) {
          scaled[e] = (y[e] * factor) & mask;
        }
        long[] add = Mux.select(p, out[b], scaled, nb);
        long[] next = new long[n];
        for (int e = 0; e < n; e++) {
          next[e] = (y[e] + add[e]) & mask;
        }
        y = next;
      }
      long[][] lookups = new long[caller][];
      System.arraycopy(out, stages, lookups, 0, caller);
      return new Normalised(y, nb, k, iota, lookups);
    }
  }

  private static void checkNormalise(int l) {
    Ring.checkBitwidth(l);
    if (l < 2) {
      throw new IllegalArgumentException("normalise needs l >= 2 (l - 1 value bits), got " + l);
    }
  }

  /** floor(log2 v) for v in [0, 2^m), 0 for v = 0. */
  private static long[] log2Table(int m) {
    long[] t = new long[1 << m];
    for (int v = 1; v < t.length; v++) {
      t[v] = 31 - Integer.numberOfLeadingZeros(v);
    }
    return t;
  }

  /** 1{v = 0} for v in [0, 2^m). */
  private static long[] zeroTable(int m) {
    long[] t = new long[1 << m];
    t[0] = 1;
    return t;
  }
}
