package org.sirnn.nn.heads;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The two exp look-up tables of the EdgeML table sigmoid/tanh ({@code face2/exp_tables.json}, README "Files"):
 * A[i] = round(16384 e^(-i/16)) for i in 0..255 and B[j] = round(16384 e^(-j/2048)) for j in 0..127. Loading
 * checks both formulas exactly, so a wrong table cannot slip in.
 */
public record ExpTables(int[] a, int[] b) {

  public ExpTables {
    a = a.clone();
    b = b.clone();
    check("exp_table_A", a, 256, 16.0);
    check("exp_table_B", b, 128, 2048.0);
  }

  /** Reads {@code exp_tables.json}; errors name the file and key. */
  public static ExpTables read(Path file) throws IOException {
    HeaderJson h = HeaderJson.read(file);
    try {
      return new ExpTables(h.tensor("exp_table_A", 256).values(), h.tensor("exp_table_B", 128).values());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(h.name() + ": " + e.getMessage(), e);
    }
  }

  /** The tables computed from their formulas (equal to the stored ones). */
  public static ExpTables computed() {
    return new ExpTables(table(256, 16.0), table(128, 2048.0));
  }

  /** A[i]. */
  public int a(int i) {
    return a[i];
  }

  /** B[j]. */
  public int b(int j) {
    return b[j];
  }

  private static int[] table(int n, double div) {
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = (int) Math.round(16384 * Math.exp(-i / div));
    }
    return t;
  }

  private static void check(String key, int[] t, int n, double div) {
    if (t.length != n) {
      throw new IllegalArgumentException("key '" + key + "' has " + t.length + " entries, expected " + n);
    }
    int[] want = table(n, div);
    for (int i = 0; i < n; i++) {
      if (t[i] != want[i]) {
        throw new IllegalArgumentException("key '" + key + "' entry " + i + " = " + t[i]
            + ", expected round(16384 e^(-" + i + "/" + (int) div + ")) = " + want[i]);
      }
    }
  }
}
