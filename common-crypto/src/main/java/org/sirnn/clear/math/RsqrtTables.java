package org.sirnn.clear.math;

/**
 * The initial-approximation LUT of the reciprocal square root (SiRnn Section V-C: L_rsqrt(e||B) =
 * Fix(1/sqrt((B+1)(1 + e/2^g)), g+4, g+2); EzPC SCI {@code MathFunctions::sqrt} with {@code inverse = true}).
 *
 * <p><b>Procedure</b> (exactly SCI's C expression, in IEEE double precision). For g index bits, e in [0, 2^g) and
 * the exponent parity B in {0, 1}:
 * <pre>
 *   u     = (1.0 + (double) e / (double) 2^g) * (double) (1 &lt;&lt; B)
 *   entry = (long) ((1.0 / sqrt(u)) * 2^(g+2))  mod 2^(g+3)
 * </pre>
 * Entries are (g+3)-bit values at scale g+2 (at most 2^(g+2), reached for e = 0, B = 0). The table is indexed by
 * {@code (e << 1) | B} and has 2^(g+1) entries. Only IEEE-exact operations are involved, so the table is the same
 * on every conforming platform.
 *
 * <p>Tables for g = 1..{@value #MAX_LUT_BITS} are computed once when the class loads. {@link #table(int)} returns a
 * copy; the package-private {@code shared} array must not be modified.
 */
public final class RsqrtTables {
  private RsqrtTables() {}

  /** Largest supported index width g (the LUT index has g + 1 &lt;= 8 bits). */
  public static final int MAX_LUT_BITS = RsqrtParams.MAX_LUT_BITS;

  private static final long[][] TABLES = new long[MAX_LUT_BITS + 1][];

  static {
    for (int g = 1; g <= MAX_LUT_BITS; g++) {
      TABLES[g] = new long[1 << (g + 1)];
      for (int e = 0; e < (1 << g); e++) {
        for (int b = 0; b <= 1; b++) {
          TABLES[g][(e << 1) | b] = entry(e, b, g);
        }
      }
    }
  }

  private static void check(int e, int b, int g) {
    Checks.range("rsqrt LUT", "g", g, 1, MAX_LUT_BITS, null);
    Checks.range("rsqrt LUT", "e", e, 0, (1 << g) - 1, null);
    Checks.range("rsqrt LUT", "B", b, 0, 1, null);
  }

  /** The value of entry (e, B) before truncation: (1.0 / sqrt(u)) * 2^(g+2), u = (1 + e/2^g) * 2^B. */
  public static double entryValue(int e, int b, int g) {
    check(e, b, g);
    double u = (1.0 + (double) e / (double) (1L << g)) * (double) (1 << b);
    return (1.0 / Math.sqrt(u)) * (double) (1L << (g + 2));
  }

  /** Entry (e, B): {@code (long) entryValue(e, B, g) mod 2^(g+3)}. */
  public static long entry(int e, int b, int g) {
    return (long) entryValue(e, b, g) & ((1L << (g + 3)) - 1);
  }

  /** Bits of one entry: g + 3. */
  public static int entryBits(int g) {
    return g + 3;
  }

  /** The LUT for index width g, indexed by {@code (e << 1) | B}, 2^(g+1) entries of g+3 bits; a fresh copy. */
  public static long[] table(int g) {
    check(0, 0, g);
    return TABLES[g].clone();
  }

  /** Cached table for index width g; callers must not modify it. */
  static long[] shared(int g) {
    return TABLES[g];
  }
}
