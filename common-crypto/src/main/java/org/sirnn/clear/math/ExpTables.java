package org.sirnn.clear.math;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Lookup tables of the exponential (SiRnn Section V-A, Fig. 3: L_i(j) = Fix(rExp(2^(d*i - s) * j), s' + 2, s');
 * EzPC SCI {@code MathFunctions::lookup_table_exp}, whose LUT sender fills the tables at run time).
 *
 * <p><b>Procedure</b> (exactly SCI's C expression, in IEEE double precision). For a digit read at scale
 * {@code sIn} (digit i of an input at scale s has sIn = s - d*i) and output scale {@code sOut}, entry j is
 * <pre>
 *   if (sIn &lt; 0) { j = j * 2^(-sIn); sIn = 0; }          // exact integer
 *   entry = (long) (exp(-1.0 * (j / (double) 2^sIn)) * (double) 2^sOut)
 * </pre>
 * The conversion of j, the division and the multiplications by powers of two are exact in double, so the only
 * rounding is that of {@code exp}; the cast truncates toward zero (not rounding), as C does for these
 * non-negative values. Entries lie in [0, 2^sOut] and are stored as (sOut+2)-bit values. {@link Math#exp} is used;
 * its results were checked against glibc {@code exp} for the ranges audited by the tests, and
 * {@code LutBoundaryTest} lists every entry whose pre-truncation value lies within 1e-9 (relative) of an integer,
 * so a platform {@code exp} that differs in the last bit cannot flip an entry unnoticed.
 *
 * <p><b>Caching.</b> Tables are computed once per (sIn, index bits, sOut) and cached for the life of the JVM. The
 * public accessors return copies; the package-private {@code shared*} methods return the cached arrays, which
 * callers must not modify.
 */
public final class ExpTables {
  private ExpTables() {}

  private record DigitKey(int sIn, int indexBits, int sOut) {}

  private record SetKey(int bwIn, int digitBits, int scaleIn, int scaleOut) {}

  private static final ConcurrentHashMap<DigitKey, long[]> DIGITS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<SetKey, long[][]> SETS = new ConcurrentHashMap<>();

  /**
   * The value of entry j before truncation: exp(-j / 2^sIn) * 2^sOut, evaluated as SCI's C expression (see the
   * class comment). For sIn &lt; 0, C multiplies j by 2^(-sIn) in unsigned 64-bit arithmetic; here the product is
   * formed in double, which equals C's value whenever C does not overflow (and any overflowing case has
   * exp(-j * 2^-sIn) = 0 anyway).
   *
   * @param j the LUT index, 0 &lt;= j &lt; 2^16
   * @param sIn the scale at which the index is read (may be negative)
   * @param sOut the output scale, 0..62
   */
  public static double entryValue(long j, int sIn, int sOut) {
    double t;
    if (sIn < 0) {
      t = Math.scalb((double) j, -sIn); // C: j *= 2^(-sIn); s_in = 0; then j / (double) 2^0 (exact)
    } else {
      t = (double) j / Math.scalb(1.0, sIn);
    }
    return Math.exp(-1.0 * t) * Math.scalb(1.0, sOut);
  }

  /** Entry j of the LUT at index scale sIn and output scale sOut: {@code (long) entryValue(j, sIn, sOut)}. */
  public static long entry(long j, int sIn, int sOut) {
    return (long) entryValue(j, sIn, sOut);
  }

  /**
   * The table of digit {@code digit} of a digit decomposition with {@code digitBits}-bit digits, for an input at
   * scale {@code scaleIn} and output scale {@code scaleOut}: 2^digitBits entries, entry j = {@link #entry}(j,
   * scaleIn - digitBits * digit, scaleOut), each a (scaleOut+2)-bit value. The most significant digit of an input
   * whose width is not a multiple of digitBits uses only the first 2^lastDigitBits entries (which are the same);
   * {@link #expDigitTable(int, int, int, int, int)} returns exactly those. Note that {@code digitBits} is the
   * decomposition's digit size d (8 in SCI), which fixes the digit's scale, not the width of this particular digit.
   * Returns a fresh copy.
   */
  public static long[] expDigitTable(int digit, int digitBits, int scaleIn, int scaleOut) {
    return expDigitTable(digit, digitBits, digitBits, scaleIn, scaleOut);
  }

  /**
   * The table of digit {@code digit} when that digit has {@code indexBits} bits (the most significant digit of an
   * input whose width is not a multiple of digitBits has fewer): 2^indexBits entries, entry j = {@link #entry}(j,
   * scaleIn - digitBits * digit, scaleOut), i.e. the first 2^indexBits entries of
   * {@link #expDigitTable(int, int, int, int)}. For an {@link ExpParams} p this is
   * {@code expDigitTable(i, p.digitBits(), p.digitSize(i), p.scaleIn(), p.scaleOut())}. Returns a fresh copy.
   */
  public static long[] expDigitTable(int digit, int digitBits, int indexBits, int scaleIn, int scaleOut) {
    Checks.range("expDigitTable", "digitBits", digitBits, 2, 8, null);
    Checks.range("expDigitTable", "indexBits", indexBits, 2, digitBits, "at most digitBits");
    Checks.range("expDigitTable", "digit", digit, 0, 31, null);
    Checks.range("expDigitTable", "scaleIn", scaleIn, -64, 63, null);
    Checks.range("expDigitTable", "scaleOut", scaleOut, 0, 31, null);
    return sharedDigit(scaleIn - digitBits * digit, indexBits, scaleOut).clone();
  }

  /**
   * All digit tables of the exponential with parameters p, digit 0 (least significant) first: table i has
   * 2^{@link ExpParams#digitSize}(i) entries. Returns a fresh deep copy.
   */
  public static long[][] tables(ExpParams p) {
    long[][] s = shared(p.bwIn(), p.digitBits(), p.scaleIn(), p.scaleOut());
    long[][] out = new long[s.length][];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i].clone();
    }
    return out;
  }

  private static final ConcurrentHashMap<SetKey, long[][]> CLAMPED = new ConcurrentHashMap<>();

  /**
   * The digit tables of {@link #tables(ExpParams)} with digit 0's entries clamped to at most 2^scaleOut - 1, as
   * the fused sigmoid/tanh uses them ({@link ClearMath#sigmoidTanhExp}): every product of the tree then stays below
   * 2^scaleOut, so 1 + E never reaches 2. Returns a fresh deep copy.
   */
  public static long[][] clampedTables(ExpParams p) {
    long[][] s = sharedClamped(p.bwIn(), p.digitBits(), p.scaleIn(), p.scaleOut());
    long[][] out = new long[s.length][];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i].clone();
    }
    return out;
  }

  /** Cached clamped digit tables (see {@link #clampedTables}); callers must not modify them. */
  static long[][] sharedClamped(int bwIn, int digitBits, int scaleIn, int scaleOut) {
    return CLAMPED.computeIfAbsent(new SetKey(bwIn, digitBits, scaleIn, scaleOut), key -> {
      long[][] base = shared(bwIn, digitBits, scaleIn, scaleOut);
      long[][] made = base.clone();
      long[] d0 = base[0].clone();
      long cap = (1L << scaleOut) - 1;
      for (int j = 0; j < d0.length; j++) {
        d0[j] = Math.min(d0[j], cap);
      }
      made[0] = d0;
      return made;
    });
  }

  /** Cached digit tables for a validated parameter set; callers must not modify them. */
  static long[][] shared(int bwIn, int digitBits, int scaleIn, int scaleOut) {
    SetKey key = new SetKey(bwIn, digitBits, scaleIn, scaleOut);
    long[][] t = SETS.get(key);
    if (t != null) {
      return t;
    }
    int k = (bwIn + digitBits - 1) / digitBits;
    long[][] made = new long[k][];
    for (int i = 0; i < k; i++) {
      int size = i == k - 1 ? bwIn - digitBits * (k - 1) : digitBits;
      made[i] = sharedDigit(scaleIn - digitBits * i, size, scaleOut);
    }
    long[][] prev = SETS.putIfAbsent(key, made);
    return prev == null ? made : prev;
  }

  /** Cached table of 2^indexBits entries at index scale sIn; callers must not modify it. */
  static long[] sharedDigit(int sIn, int indexBits, int sOut) {
    return DIGITS.computeIfAbsent(new DigitKey(sIn, indexBits, sOut), key -> {
      long[] t = new long[1 << key.indexBits()];
      long mask = (1L << (key.sOut() + 2)) - 1;
      for (int j = 0; j < t.length; j++) {
        t[j] = entry(j, key.sIn(), key.sOut()) & mask;
      }
      return t;
    });
  }
}
