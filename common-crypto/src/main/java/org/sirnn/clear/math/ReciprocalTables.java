package org.sirnn.clear.math;

/**
 * The initial-approximation LUT of the reciprocal of v in [1, 2) (SiRnn Section V-B, Fig. 5, after Ito et al.;
 * EzPC SCI {@code MathFunctions::reciprocal_approximation}, used by {@code MathFunctions::div}).
 *
 * <p><b>Procedure</b> (exactly SCI's C expressions, in IEEE double precision, in this evaluation order). With
 * g index bits, k = 2^g and idx in [0, k):
 * <pre>
 *   p  = 1 + ((double) idx / (double) k)
 *   A0 = (long) ((1.0 / (p * (p + 1.0 / (double) k))) * 2^(g+3))                     &amp; (2^(g+3) - 1)
 *   z  = p * (p + (1.0 / (double) k))
 *   A1 = (long) (((1.0 / (double) (k * 2)) + sqrt(z)) / z * 2^(2g+2))                 &amp; (2^(2g+2) - 1)
 * </pre>
 * A0 approximates 1/(p(p + 2^-g)) in (1/4, 1) at scale g+3 and A1 approximates (2^-(g+1) + sqrt(z))/z in
 * (1/2, 1) at scale 2g+2. Only IEEE-exact operations (+, *, /, sqrt) are involved, so the tables are the same on
 * every conforming platform. The secure LUT packs both constants into one (3g+7)-bit entry
 * {@code (A0 << (2g+3)) | A1}: A0 in a (g+4)-bit field (value below 2^(g+3)), A1 in a (2g+3)-bit field (value
 * below 2^(2g+2)).
 *
 * <p>Tables for g = {@value #MIN_LUT_BITS}..{@value #MAX_LUT_BITS} are computed once when the class loads. Public
 * accessors return copies; the package-private {@code shared*} arrays must not be modified.
 */
public final class ReciprocalTables {
  private ReciprocalTables() {}

  /** Smallest supported index width g. */
  public static final int MIN_LUT_BITS = 2;

  /** Largest supported index width g (SCI asserts g &lt;= 8). */
  public static final int MAX_LUT_BITS = 8;

  private static final long[][] A0 = new long[MAX_LUT_BITS + 1][];
  private static final long[][] A1 = new long[MAX_LUT_BITS + 1][];
  private static final long[][] PACKED = new long[MAX_LUT_BITS + 1][];

  static {
    for (int g = MIN_LUT_BITS; g <= MAX_LUT_BITS; g++) {
      int k = 1 << g;
      A0[g] = new long[k];
      A1[g] = new long[k];
      PACKED[g] = new long[k];
      for (int i = 0; i < k; i++) {
        A0[g][i] = a0(i, g);
        A1[g][i] = a1(i, g);
        PACKED[g][i] = (A0[g][i] << (2 * g + 3)) | A1[g][i];
      }
    }
  }

  private static void check(int idx, int g) {
    Checks.range("reciprocal LUT", "g", g, MIN_LUT_BITS, MAX_LUT_BITS, null);
    Checks.range("reciprocal LUT", "idx", idx, 0, (1 << g) - 1, null);
  }

  /** The value of A0 before truncation: (1.0 / (p * (p + 1.0/k))) * 2^(g+3), in SCI's evaluation order. */
  public static double a0Value(int idx, int g) {
    check(idx, g);
    double k = (double) (1L << g);
    double p = 1 + ((double) idx / k);
    return (1.0 / (p * (p + 1.0 / k))) * (double) (1L << (g + 3));
  }

  /** The value of A1 before truncation: ((1.0/(2k)) + sqrt(z)) / z * 2^(2g+2), z = p * (p + 1.0/k). */
  public static double a1Value(int idx, int g) {
    check(idx, g);
    long kInt = 1L << g;
    double k = (double) kInt;
    double p = 1 + ((double) idx / k);
    double z = p * (p + (1.0 / k));
    return ((1.0 / (double) (kInt * 2)) + Math.sqrt(z)) / z * (double) (1L << (2 * g + 2));
  }

  /** Constant c0 = A0(idx, g), a value below 2^(g+3). */
  public static long a0(int idx, int g) {
    return (long) a0Value(idx, g) & ((1L << (g + 3)) - 1);
  }

  /** Constant c1 = A1(idx, g), a value below 2^(2g+2). */
  public static long a1(int idx, int g) {
    return (long) a1Value(idx, g) & ((1L << (2 * g + 2)) - 1);
  }

  /** Bits of one packed entry: 3g + 7. */
  public static int packedBits(int g) {
    return 3 * g + 7;
  }

  /** The packed LUT of 2^g entries {@code (A0 << (2g+3)) | A1} of {@link #packedBits}(g) bits; a fresh copy. */
  public static long[] packedTable(int g) {
    check(0, g);
    return PACKED[g].clone();
  }

  /** Cached A0 table for index width g; callers must not modify it. */
  static long[] sharedA0(int g) {
    return A0[g];
  }

  /** Cached A1 table for index width g; callers must not modify it. */
  static long[] sharedA1(int g) {
    return A1[g];
  }
}
