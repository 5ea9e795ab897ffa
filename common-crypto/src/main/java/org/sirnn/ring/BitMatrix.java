package org.sirnn.ring;

import java.util.Objects;

/**
 * Fast bit-matrix transposition between a column layout and a row layout, as needed by IKNP /
 * KK13 OT extension (k base-OT columns of n bits each versus n OT rows of k bits each).
 *
 * <p><b>Column layout.</b> {@code k} columns of {@code n} bits, flat in a {@code long[]}: with
 * {@code w = ceil(n/64)}, column {@code j} occupies words {@code [j*w, (j+1)*w)} and bit {@code i}
 * of column {@code j} is bit {@code i % 64} of word {@code j*w + i/64}.
 *
 * <p><b>Row layout.</b> {@code n} rows of {@code k} bits, flat in a {@code long[]} of {@code
 * n*(k/64)} words: row {@code i} occupies words {@code [i*(k/64), (i+1)*(k/64))} and bit {@code j}
 * of row {@code i} is bit {@code j % 64} of word {@code i*(k/64) + j/64}.
 *
 * <p>The two layouts describe the same matrix when bit {@code j} of row {@code i} equals bit
 * {@code i} of column {@code j}. {@code k} must be a positive multiple of 64; {@code n} is
 * arbitrary ({@code >= 0}). The implementation works on 64x64 blocks, each transposed in
 * registers/L1 with the classic 6-step recursive swap ({@link #transpose64(long[], int)}); the
 * columns are swept in tiles of 8 consecutive words (whole cache lines) per column.
 *
 * <p>All methods are static and thread-safe (as long as callers do not share output arrays); each
 * transpose call allocates only one 512-word scratch array.
 */
public final class BitMatrix {

  private BitMatrix() {}

  /**
   * Transposes, in place, the 64x64 bit matrix held in {@code a[off .. off+64)}, where word {@code
   * off+r} is row {@code r} and its bit {@code c} (value {@code (a[off+r] >>> c) & 1}) is column
   * {@code c}. Afterwards bit {@code c} of {@code a[off+r]} equals the former bit {@code r} of
   * {@code a[off+c]}.
   *
   * @param a array holding the matrix
   * @param off index of row 0
   * @throws IndexOutOfBoundsException if {@code [off, off+64)} lies outside {@code a}
   */
  public static void transpose64(long[] a, int off) {
    Objects.checkFromIndexSize(off, 64, a.length);
    transpose64Unchecked(a, off);
  }

  /**
   * The classic recursive transpose: at level j (32, 16, ..., 1) every 2j x 2j diagonal-aligned
   * sub-block has its upper-right j x j quadrant (rows with bit j of the index clear, columns with
   * bit j set) swapped with its lower-left one, using masks 0x00000000FFFFFFFF,
   * 0x0000FFFF0000FFFF, ..., 0x5555555555555555. Levels are fused in pairs (32+16, 8+4, 2+1) so
   * each pass loads and stores every word once.
   */
  private static void transpose64Unchecked(long[] a, int off) {
    // levels 32 and 16: rows k, k+16, k+32, k+48
    for (int k = off, end = off + 16; k < end; k++) {
      long x0 = a[k];
      long x1 = a[k + 16];
      long x2 = a[k + 32];
      long x3 = a[k + 48];
      long t = ((x0 >>> 32) ^ x2) & 0x00000000FFFFFFFFL;
      x0 ^= t << 32;
      x2 ^= t;
      t = ((x1 >>> 32) ^ x3) & 0x00000000FFFFFFFFL;
      x1 ^= t << 32;
      x3 ^= t;
      t = ((x0 >>> 16) ^ x1) & 0x0000FFFF0000FFFFL;
      x0 ^= t << 16;
      x1 ^= t;
      t = ((x2 >>> 16) ^ x3) & 0x0000FFFF0000FFFFL;
      x2 ^= t << 16;
      x3 ^= t;
      a[k] = x0;
      a[k + 16] = x1;
      a[k + 32] = x2;
      a[k + 48] = x3;
    }
    // levels 8 and 4: rows k, k+4, k+8, k+12 within each 16-row band
    for (int base = off, end = off + 64; base < end; base += 16) {
      for (int k = base, kEnd = base + 4; k < kEnd; k++) {
        long x0 = a[k];
        long x1 = a[k + 4];
        long x2 = a[k + 8];
        long x3 = a[k + 12];
        long t = ((x0 >>> 8) ^ x2) & 0x00FF00FF00FF00FFL;
        x0 ^= t << 8;
        x2 ^= t;
        t = ((x1 >>> 8) ^ x3) & 0x00FF00FF00FF00FFL;
        x1 ^= t << 8;
        x3 ^= t;
        t = ((x0 >>> 4) ^ x1) & 0x0F0F0F0F0F0F0F0FL;
        x0 ^= t << 4;
        x1 ^= t;
        t = ((x2 >>> 4) ^ x3) & 0x0F0F0F0F0F0F0F0FL;
        x2 ^= t << 4;
        x3 ^= t;
        a[k] = x0;
        a[k + 4] = x1;
        a[k + 8] = x2;
        a[k + 12] = x3;
      }
    }
    // levels 2 and 1: rows k, k+1, k+2, k+3
    for (int k = off, end = off + 64; k < end; k += 4) {
      long x0 = a[k];
      long x1 = a[k + 1];
      long x2 = a[k + 2];
      long x3 = a[k + 3];
      long t = ((x0 >>> 2) ^ x2) & 0x3333333333333333L;
      x0 ^= t << 2;
      x2 ^= t;
      t = ((x1 >>> 2) ^ x3) & 0x3333333333333333L;
      x1 ^= t << 2;
      x3 ^= t;
      t = ((x0 >>> 1) ^ x1) & 0x5555555555555555L;
      x0 ^= t << 1;
      x1 ^= t;
      t = ((x2 >>> 1) ^ x3) & 0x5555555555555555L;
      x2 ^= t << 1;
      x3 ^= t;
      a[k] = x0;
      a[k + 1] = x1;
      a[k + 2] = x2;
      a[k + 3] = x3;
    }
  }

  /**
   * Number of consecutive 64-row blocks handled per sweep over the columns: reading/writing
   * TILE consecutive words of every column at once uses whole cache lines and avoids the set
   * conflicts caused by the large power-of-two column stride.
   */
  private static final int TILE = 8;

  /**
   * Converts {@code k} columns of {@code n} bits (column layout, see class comment) into {@code n}
   * rows of {@code k} bits (row layout): bit {@code j} of row {@code i} is set to bit {@code i} of
   * column {@code j}. Exactly the words {@code rows[0 .. n*(k/64))} are written. Bits of the
   * columns at positions {@code >= n} are ignored.
   *
   * @param cols input columns; at least {@code k*ceil(n/64)} words
   * @param k number of columns, a positive multiple of 64
   * @param n number of rows (bits per column), {@code >= 0}
   * @param rows output rows; at least {@code n*(k/64)} words
   * @throws IllegalArgumentException if {@code k} is not a positive multiple of 64, {@code n < 0}
   *     or a size overflows
   * @throws IndexOutOfBoundsException if an array is too short
   */
  public static void transposeColumnsToRows(long[] cols, int k, int n, long[] rows) {
    final int kw = checkK(k);
    final int w = checkArrays(cols, k, n, rows, kw);
    final long[] t = new long[64 * TILE];
    for (int rb0 = 0; rb0 < w; rb0 += TILE) {
      final int nb = Math.min(TILE, w - rb0);
      for (int cb = 0; cb < kw; cb++) {
        // gather: t[q*64 + c] = bits (rb0+q)*64 .. +63 of column cb*64+c
        int src = (cb << 6) * w + rb0;
        for (int c = 0; c < 64; c++, src += w) {
          for (int q = 0; q < nb; q++) {
            t[(q << 6) + c] = cols[src + q];
          }
        }
        for (int q = 0; q < nb; q++) {
          final int tOff = q << 6;
          transpose64Unchecked(t, tOff);
          // scatter: t[q*64 + r] = bits cb*64 .. cb*64+63 of row (rb0+q)*64 + r
          final int r0 = (rb0 + q) << 6;
          final int nr = Math.min(64, n - r0);
          int dst = r0 * kw + cb;
          for (int r = 0; r < nr; r++, dst += kw) {
            rows[dst] = t[tOff + r];
          }
        }
      }
    }
  }

  /**
   * Converts {@code n} rows of {@code k} bits (row layout, see class comment) into {@code k}
   * columns of {@code n} bits (column layout): bit {@code i} of column {@code j} is set to bit
   * {@code j} of row {@code i}. Exactly the words {@code cols[0 .. k*ceil(n/64))} are written;
   * bits of each column at positions {@code >= n} (padding of its last word) are set to zero.
   * This is the inverse of {@link #transposeColumnsToRows(long[], int, int, long[])}.
   *
   * @param rows input rows; at least {@code n*(k/64)} words
   * @param k number of columns, a positive multiple of 64
   * @param n number of rows (bits per column), {@code >= 0}
   * @param cols output columns; at least {@code k*ceil(n/64)} words
   * @throws IllegalArgumentException if {@code k} is not a positive multiple of 64, {@code n < 0}
   *     or a size overflows
   * @throws IndexOutOfBoundsException if an array is too short
   */
  public static void transposeRowsToColumns(long[] rows, int k, int n, long[] cols) {
    final int kw = checkK(k);
    final int w = checkArrays(cols, k, n, rows, kw);
    final long[] t = new long[64 * TILE];
    for (int rb0 = 0; rb0 < w; rb0 += TILE) {
      final int nb = Math.min(TILE, w - rb0);
      for (int cb = 0; cb < kw; cb++) {
        for (int q = 0; q < nb; q++) {
          final int tOff = q << 6;
          final int r0 = (rb0 + q) << 6;
          final int nr = Math.min(64, n - r0);
          int src = r0 * kw + cb;
          int r = 0;
          for (; r < nr; r++, src += kw) {
            t[tOff + r] = rows[src];
          }
          for (; r < 64; r++) {
            t[tOff + r] = 0L;
          }
          transpose64Unchecked(t, tOff);
        }
        // t[q*64 + c] = bits (rb0+q)*64 .. +63 of column cb*64+c
        int dst = (cb << 6) * w + rb0;
        for (int c = 0; c < 64; c++, dst += w) {
          for (int q = 0; q < nb; q++) {
            cols[dst + q] = t[(q << 6) + c];
          }
        }
      }
    }
  }

  /**
   * Returns the number of words of one column of {@code n} bits, i.e. {@code ceil(n/64)}.
   *
   * @param n number of bits per column, {@code >= 0}
   * @return {@code ceil(n/64)}
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public static int columnWords(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("number of rows n must be >= 0, got " + n);
    }
    return (int) ((n + 63L) >>> 6);
  }

  private static int checkK(int k) {
    if (k <= 0 || (k & 63) != 0) {
      throw new IllegalArgumentException(
          "number of columns k must be a positive multiple of 64, got " + k);
    }
    return k >>> 6;
  }

  /** Validates sizes and returns w = ceil(n/64). */
  private static int checkArrays(long[] cols, int k, int n, long[] rows, int kw) {
    final int w = columnWords(n);
    final long colWords = (long) k * w;
    final long rowWords = (long) n * kw;
    if (colWords > Integer.MAX_VALUE || rowWords > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "bit matrix of " + k + " x " + n + " bits is too large for a long[]");
    }
    if (cols.length < colWords) {
      throw new IndexOutOfBoundsException(
          "cols has " + cols.length + " words, needs k*ceil(n/64) = " + colWords);
    }
    if (rows.length < rowWords) {
      throw new IndexOutOfBoundsException(
          "rows has " + rows.length + " words, needs n*(k/64) = " + rowWords);
    }
    return w;
  }
}
