package org.sirnn.clear;

import org.sirnn.ring.Ring;

/**
 * Cleartext twins of the mixed-bitwidth fixed-point protocols (package {@code fixed}): the exact integer semantics
 * every secure operation reproduces on the reconstructed values. Inputs are l-bit ring elements (low l bits of a
 * long), read as unsigned {@code uint} or two's-complement {@code int} as each method says; outputs are ring
 * elements of the stated width.
 *
 * <p>Rounding and overflow rules: right shifts floor (logical: of uint, arithmetic: of int); {@link #divPow2}
 * rounds toward zero (C division); products and sums wrap mod 2^l of the output width (no saturation); extension
 * never loses information.
 */
public final class FixedOps {
  private FixedOps() {}

  /** Zero extension from m to n bits (n >= m): uint_m(x) as an n-bit value. */
  public static long zext(long x, int m, int n) {
    return Ring.reduce(x, m);
  }

  /** Signed extension from m to n bits: int_m(x) mod 2^n. */
  public static long sext(long x, int m, int n) {
    return Ring.reduce(Ring.signed(x, m), n);
  }

  /** Logical right shift of the l-bit x by s: uint(x) >> s, an l-bit value. */
  public static long lrs(long x, int l, int s) {
    return s >= 64 ? 0 : Ring.reduce(x, l) >>> s;
  }

  /** Arithmetic right shift: floor(int(x) / 2^s) as an l-bit value. */
  public static long ars(long x, int l, int s) {
    return Ring.reduce(Ring.signed(x, l) >> Math.min(s, 63), l);
  }

  /** Truncate-and-reduce: uint(x) >> s as an (l-s)-bit value. */
  public static long truncateReduce(long x, int l, int s) {
    return Ring.reduce(lrs(x, l, s), l - s);
  }

  /** Floor shift: floor(int_bwIn(x) / 2^s) mod 2^bwOut (twin of {@code org.sirnn.fixed.Rescale#floorShift}). */
  public static long floorShift(long x, int bwIn, int s, int bwOut) {
    return Ring.reduce(Ring.signed(x, bwIn) >> s, bwOut);
  }

  /** Division by 2^s rounding toward zero: int(x) / 2^s (C semantics) as an l-bit value. */
  public static long divPow2(long x, int l, int s) {
    long v = Ring.signed(x, l);
    long q = v >= 0 ? v >> s : -((-v) >> s);
    if (v == Long.MIN_VALUE) {
      q = -(Long.MIN_VALUE >>> s);
    }
    return Ring.reduce(q, l);
  }

  /** uint_m(x) * uint_n(y) mod 2^l. */
  public static long umult(long x, int m, long y, int n, int l) {
    return Ring.reduce(Ring.reduce(x, m) * Ring.reduce(y, n), l);
  }

  /** int_m(x) * int_n(y) mod 2^l. */
  public static long smult(long x, int m, long y, int n, int l) {
    return Ring.reduce(Ring.signed(x, m) * Ring.signed(y, n), l);
  }

  /**
   * Matrix product Y = W * X mod 2^l, W (d1 x d2, row-major) read with wSigned, X (d2 x d3, row-major) read with
   * xSigned; result d1 x d3 row-major. No intermediate truncation: exact mod 2^l.
   */
  public static long[] matmul(long[] w, int wBits, boolean wSigned, long[] x, int xBits, boolean xSigned, int d1,
      int d2, int d3, int l) {
    long[] y = new long[d1 * d3];
    for (int r = 0; r < d1; r++) {
      for (int j = 0; j < d3; j++) {
        long acc = 0;
        for (int k = 0; k < d2; k++) {
          long a = wSigned ? Ring.signed(w[r * d2 + k], wBits) : Ring.reduce(w[r * d2 + k], wBits);
          long b = xSigned ? Ring.signed(x[k * d3 + j], xBits) : Ring.reduce(x[k * d3 + j], xBits);
          acc += a * b;
        }
        y[r * d3 + j] = Ring.reduce(acc, l);
      }
    }
    return y;
  }

  /**
   * Twin of {@code org.sirnn.fixed.Argmax}: each row's index of its largest signed l-bit score, by the same tree
   * (candidates paired in order, the higher one replacing the lower only when strictly larger, an odd last one
   * passing up), so the lowest index of the maximum wins, as in a left-to-right scan.
   *
   * @param x rows x classes scores, row-major, l-bit ring elements read as int_l
   * @return one index per row
   */
  public static long[] argmax(long[] x, int l, int rows, int classes) {
    if (classes < 1 || x.length != (long) rows * classes) {
      throw new IllegalArgumentException("argmax: " + x.length + " scores for " + rows + " rows x " + classes
          + " classes");
    }
    long[] out = new long[rows];
    long[] v = new long[classes];
    long[] idx = new long[classes];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < classes; c++) {
        v[c] = Ring.signed(x[r * classes + c], l);
        idx[c] = c;
      }
      int k = classes;
      while (k > 1) {
        int half = k / 2;
        for (int i = 0; i < half; i++) {
          boolean takeB = v[2 * i] < v[2 * i + 1];
          v[i] = takeB ? v[2 * i + 1] : v[2 * i];
          idx[i] = takeB ? idx[2 * i + 1] : idx[2 * i];
        }
        if ((k & 1) == 1) {
          v[half] = v[k - 1];
          idx[half] = idx[k - 1];
        }
        k = half + (k & 1);
      }
      out[r] = idx[0];
    }
    return out;
  }
}
