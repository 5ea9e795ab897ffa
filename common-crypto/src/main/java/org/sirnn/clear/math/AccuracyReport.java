package org.sirnn.clear.math;

import java.util.Locale;

/**
 * Prints the markdown accuracy tables of {@code docs/accuracy.md}: for each function, the maximum error of the
 * cleartext twin over all 16-bit inputs for every (scaleIn, scaleOut) pair of the paper's range, as
 * {@code real / sci} (see {@link Accuracy} for the metrics).
 *
 * <p>Run with {@code java -cp common-crypto/target/classes org.sirnn.clear.math.AccuracyReport}.
 */
public final class AccuracyReport {
  private AccuracyReport() {}

  /** Prints every table to standard output. */
  public static void main(String[] args) {
    StringBuilder sb = new StringBuilder();
    for (Accuracy.Function f : Accuracy.Function.values()) {
      appendTable(sb, f, Accuracy.grid(f));
    }
    System.out.print(sb);
  }

  /** Appends one function's table (rows scaleIn, columns scaleOut) and a summary line. */
  static void appendTable(StringBuilder sb, Accuracy.Function f, Accuracy.Cell[][] grid) {
    String name = f.name().toLowerCase(Locale.ROOT);
    sb.append("#### ").append(name).append(" (paper bound ").append(f.paperBound).append(" ULP)\n\n");
    sb.append("| s_in \\ s_out |");
    for (int so = f.minScale; so <= f.maxScale; so++) {
      sb.append(' ').append(so).append(" |");
    }
    sb.append('\n').append("|---|");
    for (int so = f.minScale; so <= f.maxScale; so++) {
      sb.append("---|");
    }
    sb.append('\n');
    double maxReal = 0;
    long maxSci = 0;
    Accuracy.Cell worst = null;
    for (Accuracy.Cell[] row : grid) {
      sb.append("| **").append(row[0].scaleIn()).append("** |");
      for (Accuracy.Cell c : row) {
        sb.append(String.format(Locale.ROOT, " %.3f / %d |", c.maxReal(), c.maxSci()));
        if (worst == null || c.maxReal() > maxReal) {
          maxReal = c.maxReal();
          worst = c;
        }
        maxSci = Math.max(maxSci, c.maxSci());
      }
      sb.append('\n');
    }
    sb.append(String.format(Locale.ROOT,
        "%nMax over the grid: real %.3f (s_in %d, s_out %d, x = %d), sci %d.%n%n", maxReal, worst.scaleIn(),
        worst.scaleOut(), worst.worstX(), maxSci));
  }
}
