package org.sirnn.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BitMatrixTest {

  private static final int[] KS = {64, 128, 256};
  private static final int[] NS = {1, 63, 64, 65, 600, 1000, 4096, 4097};

  private static long[] randomLongs(SplittableRandom rnd, int n) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextLong();
    }
    return v;
  }

  private static int words(int n) {
    return (n + 63) / 64;
  }

  private static boolean colBit(long[] cols, int n, int j, int i) {
    return ((cols[j * words(n) + i / 64] >>> (i % 64)) & 1) != 0;
  }

  private static long[] naiveColumnsToRows(long[] cols, int k, int n) {
    int kw = k / 64;
    long[] rows = new long[n * kw];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        if (colBit(cols, n, j, i)) {
          rows[i * kw + j / 64] |= 1L << (j % 64);
        }
      }
    }
    return rows;
  }

  private static long[] naiveRowsToColumns(long[] rows, int k, int n) {
    int kw = k / 64;
    int w = words(n);
    long[] cols = new long[k * w];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        if (((rows[i * kw + j / 64] >>> (j % 64)) & 1) != 0) {
          cols[j * w + i / 64] |= 1L << (i % 64);
        }
      }
    }
    return cols;
  }

  @Test
  void transpose64_matchesNaiveAndIsAnInvolution() {
    SplittableRandom rnd = new SplittableRandom(20);
    for (int trial = 0; trial < 20; trial++) {
      int off = rnd.nextInt(5);
      long[] a = randomLongs(rnd, off + 64 + 3);
      long[] orig = a.clone();
      BitMatrix.transpose64(a, off);
      for (int r = 0; r < 64; r++) {
        for (int c = 0; c < 64; c++) {
          assertEquals(
              (orig[off + c] >>> r) & 1, (a[off + r] >>> c) & 1, "r=" + r + " c=" + c);
        }
      }
      for (int i = 0; i < off; i++) {
        assertEquals(orig[i], a[i]);
      }
      for (int i = off + 64; i < a.length; i++) {
        assertEquals(orig[i], a[i]);
      }
      BitMatrix.transpose64(a, off);
      assertArrayEquals(orig, a);
    }
    long[] id = new long[64];
    for (int i = 0; i < 64; i++) {
      id[i] = 1L << i;
    }
    long[] t = id.clone();
    BitMatrix.transpose64(t, 0);
    assertArrayEquals(id, t);
    assertThrows(IndexOutOfBoundsException.class, () -> BitMatrix.transpose64(new long[64], 1));
  }

  @Test
  void transposeColumnsToRows_matchesNaiveTranspose() {
    SplittableRandom rnd = new SplittableRandom(21);
    for (int k : KS) {
      for (int n : NS) {
        long[] cols = randomLongs(rnd, k * words(n)); // garbage in pad bits: must be ignored
        long[] rows = new long[n * (k / 64)];
        BitMatrix.transposeColumnsToRows(cols, k, n, rows);
        assertArrayEquals(naiveColumnsToRows(cols, k, n), rows, "k=" + k + " n=" + n);
      }
    }
  }

  @Test
  void transposeRowsToColumns_matchesNaiveTransposeWithZeroPadBits() {
    SplittableRandom rnd = new SplittableRandom(22);
    for (int k : KS) {
      for (int n : NS) {
        long[] rows = randomLongs(rnd, n * (k / 64));
        long[] cols = new long[k * words(n)];
        Arrays.fill(cols, -1L);
        BitMatrix.transposeRowsToColumns(rows, k, n, cols);
        assertArrayEquals(naiveRowsToColumns(rows, k, n), cols, "k=" + k + " n=" + n);
      }
    }
  }

  @Test
  void rowsToColumnsOfColumnsToRows_isIdentity() {
    SplittableRandom rnd = new SplittableRandom(23);
    for (int k : KS) {
      for (int n : NS) {
        int w = words(n);
        long[] cols = randomLongs(rnd, k * w);
        if (n % 64 != 0) { // pad bits of each column are zero for a canonical input
          for (int j = 0; j < k; j++) {
            cols[j * w + w - 1] &= (1L << (n % 64)) - 1;
          }
        }
        long[] rows = new long[n * (k / 64)];
        BitMatrix.transposeColumnsToRows(cols, k, n, rows);
        long[] back = new long[k * w];
        BitMatrix.transposeRowsToColumns(rows, k, n, back);
        assertArrayEquals(cols, back, "k=" + k + " n=" + n);

        long[] rows2 = new long[rows.length];
        BitMatrix.transposeColumnsToRows(back, k, n, rows2);
        assertArrayEquals(rows, rows2);
      }
    }
  }

  @Test
  void transpose_handlesLargerOutputArraysAndEmptyMatrices() {
    long[] rows = new long[10];
    Arrays.fill(rows, 9L);
    BitMatrix.transposeColumnsToRows(new long[0], 128, 0, rows);
    for (long r : rows) {
      assertEquals(9L, r);
    }
    // k = 128 columns of n = 1 bit each (one word per column): columns 0 and 127 are set
    long[] colsFull = new long[128];
    colsFull[0] = 1L;
    colsFull[127] = 1L;
    long[] out = new long[2 + 1];
    out[2] = 77L;
    BitMatrix.transposeColumnsToRows(colsFull, 128, 1, out);
    assertEquals(1L, out[0]);
    assertEquals(1L << 63, out[1]);
    assertEquals(77L, out[2]);
  }

  @Test
  void transpose_rejectsBadArguments() {
    assertThrows(
        IllegalArgumentException.class,
        () -> BitMatrix.transposeColumnsToRows(new long[100], 100, 1, new long[100]));
    assertThrows(
        IllegalArgumentException.class,
        () -> BitMatrix.transposeColumnsToRows(new long[100], 0, 1, new long[100]));
    assertThrows(
        IllegalArgumentException.class,
        () -> BitMatrix.transposeRowsToColumns(new long[100], 64, -1, new long[100]));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> BitMatrix.transposeColumnsToRows(new long[127], 128, 64, new long[128]));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> BitMatrix.transposeColumnsToRows(new long[128], 128, 64, new long[127]));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> BitMatrix.transposeRowsToColumns(new long[127], 128, 64, new long[128]));
  }
}
