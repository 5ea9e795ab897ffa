package org.sirnn.clear.math;

/**
 * Cleartext fixed-point twins of the SiRnn math functions (Rathee et al., "SiRnn: A Math Library for Secure RNN
 * Inference", IEEE S&amp;P 2021, Section V): the exact integers that EzPC SCI's {@code MathFunctions} computes on the
 * reconstructed values, which the secure protocols of this project reproduce bit for bit.
 *
 * <p><b>Conventions.</b> Every value is a w-bit ring element held in the low w bits of a {@code long} (bits above
 * are ignored on input and zero on output). {@code u_w(v)} is the unsigned reading, {@code int_w(v)} the two's
 * complement reading. TR(v, s, w) = floor(u_w(v) / 2^s) mod 2^(w-s) is SCI's truncate-and-reduce (TR by 0 is a
 * plain copy). Products are exact integer products reduced mod 2^w of the stated output width; right shifts floor.
 * No method saturates.
 *
 * <p><b>Functions</b>, each following SCI step by step (see the method comments):
 * <ul>
 *   <li>{@link #expNeg(long, ExpParams)}: e^x for x &lt;= 0, SCI {@code MathFunctions::lookup_table_exp} (SiRnn
 *       Fig. 3);
 *   <li>{@link #div} and {@link #reciprocal}: SCI {@code MathFunctions::div} with
 *       {@code reciprocal_approximation} (SiRnn Fig. 5);
 *   <li>{@link #sigmoid(long, SigmoidParams)}: SCI {@code MathFunctions::sigmoid} (SiRnn Section V-B, Fig. 4);
 *   <li>{@link #tanh(long, TanhParams)}: SCI {@code MathFunctions::tanh} (SiRnn Section V-B);
 *   <li>{@link #rsqrt(long, RsqrtParams)}: SCI {@code MathFunctions::sqrt} with {@code inverse = true} (SiRnn
 *       Section V-C, Fig. 6).
 * </ul>
 * The intermediate steps are public too ({@link #expCombine}, {@link #reciprocalApprox}, {@link #divScale},
 * {@link #divIterate}, {@link #sigmoidDenominator}, {@link #msnzb}, {@link #rsqrtDenormalizer}, ...) so that a
 * secure implementation can mirror each one and be tested step by step.
 *
 * <p>The scalar methods allocate nothing besides a small cache key for the exponential tables; the array methods
 * look the tables up once. All methods are static and thread-safe.
 */
public final class ClearMath {
  private ClearMath() {}

  /** Mask of the low w bits, 0 &lt;= w &lt;= 64. */
  static long mask(int w) {
    return w >= 64 ? -1L : (1L << w) - 1;
  }

  /** int_w(v) as a long, 1 &lt;= w &lt;= 64. */
  static long signed(long v, int w) {
    return (v << (64 - w)) >> (64 - w);
  }

  private static long bit(long v, int i) {
    return (v >>> i) & 1L;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Exponential of non-positive inputs (SiRnn Section V-A, Fig. 3; SCI MathFunctions::lookup_table_exp)
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * e^(x / 2^scaleIn) for x &lt;= 0, as SCI's {@code lookup_table_exp(x, bwIn, bwOut, scaleIn, scaleOut)} computes
   * it (SiRnn Section V-A, Fig. 3).
   *
   * <p>Exact integer semantics, with L = scaleOut + 2, d = digitBits, k = ceil(bwIn / d):
   * <ol>
   *   <li>t = (-x) mod 2^bwIn (SCI negates first; for x &lt;= 0 read as int_bwIn this is |x|; a pattern with
   *       int_bwIn(x) &gt; 0 yields t = 2^bwIn - x, exactly as in SCI);
   *   <li>digit i = floor(t / 2^(d*i)) mod 2^size_i, size_i = d except the most significant digit;
   *   <li>v_i = {@link ExpTables}: entry(digit_i, scaleIn - d*i, scaleOut) mod 2^L;
   *   <li>binary product tree: for step = 1, 2, 4, ... &lt; k, for j = 0, 2 step, 4 step, ... with j + step &lt; k:
   *       v_j = {@link #expCombine}(v_j, v_(j+step), scaleOut) = floor((v_j * v_(j+step) mod 2^(2 scaleOut + 2))
   *       / 2^scaleOut) mod 2^L (SCI's unsigned (L x L -&gt; 2 scaleOut + 2)-bit multiply, then TR by scaleOut);
   *   <li>y = v_0 zero-extended to bwOut bits (bwOut &gt;= L).
   * </ol>
   *
   * @param x the bwIn-bit input pattern
   * @return the bwOut-bit output, a value in [0, 2^scaleOut]
   */
  public static long expNeg(long x, ExpParams p) {
    long[][] tabs = ExpTables.shared(p.bwIn(), p.digitBits(), p.scaleIn(), p.scaleOut());
    return expCore(expNegate(x, p.bwIn()), tabs, p.digitBits(), p.scaleOut());
  }

  /** {@link #expNeg(long, ExpParams)} on every element: y[i] = expNeg(x[i], p); y may alias x. */
  public static void expNeg(long[] x, long[] y, ExpParams p) {
    checkLengths(x, y);
    long[][] tabs = ExpTables.shared(p.bwIn(), p.digitBits(), p.scaleIn(), p.scaleOut());
    int bw = p.bwIn();
    int d = p.digitBits();
    int s = p.scaleOut();
    for (int i = 0; i < x.length; i++) {
      y[i] = expCore(expNegate(x[i], bw), tabs, d, s);
    }
  }

  /** Step 1 of {@link #expNeg}: t = (-x) mod 2^bwIn. */
  public static long expNegate(long x, int bwIn) {
    return (-x) & mask(bwIn);
  }

  /** Step 2 of {@link #expNeg}: digit i of t, floor(t / 2^(d*i)) mod 2^{@link ExpParams#digitSize}(i). */
  public static long expDigit(long t, int i, ExpParams p) {
    return (t >>> (p.digitBits() * i)) & mask(p.digitSize(i));
  }

  /**
   * One node of the exponential's product tree: floor((u_L(a) * u_L(b) mod 2^(2s+2)) / 2^s) mod 2^L with
   * s = scaleOut, L = s + 2 (SCI: unsigned L x L -&gt; (2s+2)-bit multiplication, then TR by s).
   */
  public static long expCombine(long a, long b, int scaleOut) {
    int l = scaleOut + 2;
    long prod = ((a & mask(l)) * (b & mask(l))) & mask(2 * scaleOut + 2);
    return (prod >>> scaleOut) & mask(l);
  }

  /**
   * Step 4 of {@link #expNeg}, literally: combines v[0..k) in place in SCI's order (step = 1, 2, 4, ...; pairs
   * (j, j + step) for j a multiple of 2 step) and returns v[0].
   */
  public static long expProductTree(long[] v, int k, int scaleOut) {
    for (int step = 1; step < k; step <<= 1) {
      for (int j = 0; j + step < k; j += 2 * step) {
        v[j] = expCombine(v[j], v[j + step], scaleOut);
      }
    }
    return v[0];
  }

  /** The exponential from t = (-x) mod 2^bwIn, without allocation: the product tree of expProductTree, recursed. */
  static long expCore(long t, long[][] tabs, int d, int scaleOut) {
    int k = tabs.length;
    int size = 1;
    while (size < k) {
      size <<= 1;
    }
    return expTree(t, tabs, d, scaleOut, 0, size);
  }

  /** Product of v_j .. v_(min(j+size, k) - 1) in SCI's tree order (size a power of two, j a multiple of size). */
  private static long expTree(long t, long[][] tabs, int d, int scaleOut, int j, int size) {
    if (size == 1) {
      long[] tab = tabs[j];
      return tab[(int) ((t >>> (d * j)) & (tab.length - 1))];
    }
    int half = size >> 1;
    long left = expTree(t, tabs, d, scaleOut, j, half);
    if (j + half >= tabs.length) {
      return left;
    }
    return expCombine(left, expTree(t, tabs, d, scaleOut, j + half, half), scaleOut);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Division and reciprocal (SiRnn Section V-B, Fig. 5; SCI MathFunctions::div, reciprocal_approximation)
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * SCI {@code div}'s choice of reciprocal LUT index bits g for output scale sOut: ceil((sOut - 2) / 2) when
   * sOut &lt;= 18 (the paper's g = ceil((s_y - 2)/2)), else ceil((ceil(sOut / 2) - 2) / 2).
   */
  public static int divLutBits(int sOut) {
    return sOut <= 18 ? Checks.ceilHalf(sOut - 2) : Checks.ceilHalf(Checks.ceilHalf(sOut) - 2);
  }

  /** SCI {@code div}'s number of Goldschmidt iterations for output scale sOut: 0 when sOut &lt;= 18, else 1. */
  public static int divIterations(int sOut) {
    return sOut <= 18 ? 0 : 1;
  }

  /**
   * The raw initial approximation w' of 1/v for v = dn / 2^s in [1, 2) (SiRnn Fig. 5 steps 1-4 before the
   * final TR; SCI {@code reciprocal_approximation}): with e = floor((dn mod 2^s) / 2^(s-g)) mod 2^g, f = dn mod
   * 2^(s-g), c0 = A0(e, g), c1 = A1(e, g) ({@link ReciprocalTables}),
   * w' = (c1 * 2^(s-g+1) - c0 * f) mod 2^(s+g+4), an (s+g+4)-bit value at scale s+g+3. (c0 * f &lt; 2^(s+3) is
   * SCI's unsigned (g+4) x (s-g) -&gt; (s+4)-bit product, zero-extended.)
   *
   * @param g LUT index bits, 2..8
   * @param s scale of dn, with s - g &gt;= 1 and s + g + 4 &lt;= 64
   */
  public static long reciprocalApproxRaw(long dn, int g, int s) {
    checkRecip(g, s);
    return reciprocalRaw(dn, g, s);
  }

  /**
   * The initial approximation w0 = TR(w', s+g+3-sOut, s+g+4) = floor(w' / 2^(s+g+3-sOut)) mod 2^(sOut+1) of
   * 1/v at scale sOut (SCI {@code div}; for sOut = s this is the paper's w = TR(w', g+3)). Always below 2^sOut.
   *
   * @param g LUT index bits, 2..8
   * @param s scale of dn, with s - g &gt;= 1 and s + g + 4 &lt;= 64
   * @param sOut output scale, 0 &lt;= sOut &lt;= s
   */
  public static long reciprocalApprox(long dn, int g, int s, int sOut) {
    checkRecip(g, s);
    Checks.range("reciprocalApprox", "sOut", sOut, 0, s, "sOut <= s");
    return reciprocalW0(dn, g, s, sOut);
  }

  /** {@link #reciprocalApprox(long, int, int, int)} with sOut = s: the paper's w, an (s+1)-bit value. */
  public static long reciprocalApprox(long dn, int g, int s) {
    return reciprocalApprox(dn, g, s, s);
  }

  private static void checkRecip(int g, int s) {
    Checks.range("reciprocal", "g", g, ReciprocalTables.MIN_LUT_BITS, ReciprocalTables.MAX_LUT_BITS, null);
    Checks.range("reciprocal", "s", s, g + 1, 60 - g, "s - g >= 1 and s + g + 4 <= 64");
  }

  static long reciprocalRaw(long dn, int g, int s) {
    long e = ((dn & mask(s)) >>> (s - g)) & mask(g);
    long f = dn & mask(s - g);
    long c0 = ReciprocalTables.sharedA0(g)[(int) e];
    long c1 = ReciprocalTables.sharedA1(g)[(int) e];
    return ((c1 << (s - g + 1)) - c0 * f) & mask(s + g + 4);
  }

  static long reciprocalW0(long dn, int g, int s, int sOut) {
    return (reciprocalRaw(dn, g, s) >>> (s + g + 3 - sOut)) & mask(sOut + 1);
  }

  /**
   * Multiplies the numerator by the reciprocal approximation and fits the result (SCI {@code div} after
   * {@code reciprocal_approximation}): p = (n * w0) mod 2^(sOut+bwNm) with n = int_bwNm(nm) when signedNm, else
   * u_bwNm(nm), and w0 read unsigned; q = TR(p, sNm, sOut+bwNm), an (sOut+bwNm-sNm)-bit value at scale sOut;
   * a0 = q mod 2^bwOut when bwNm - sNm &gt;= bwOut - sOut, else q sign-extended (signedNm) or zero-extended to
   * bwOut bits.
   */
  public static long divScale(long nm, long w0, int bwNm, int bwOut, int sNm, int sOut, boolean signedNm) {
    long n = signedNm ? signed(nm, bwNm) : nm & mask(bwNm);
    int pw = sOut + bwNm;
    long prod = (n * (w0 & mask(sOut + 1))) & mask(pw);
    int qw = pw - sNm;
    long q = (prod >>> sNm) & mask(qw);
    if (bwNm - sNm >= bwOut - sOut) {
      return q & mask(bwOut);
    }
    return signedNm ? signed(q, qw) & mask(bwOut) : q;
  }

  /**
   * The one Goldschmidt iteration of SCI {@code div} (used when sOut &gt;= 19): d0 = TR(w0 * (dn mod 2^(sDn+2))
   * mod 2^(sOut+sDn+2), sDn), an (sOut+2)-bit value; e1 = (2^(sOut+1) - d0) mod 2^(sOut+2); result =
   * TR((a * e1) mod 2^(bwOut+sOut), sOut), a bwOut-bit value, where a = int_bwOut(a0) when signedNm, else
   * u_bwOut(a0), and e1 is read unsigned.
   */
  public static long divIterate(long a0, long w0, long dn, int bwOut, int sDn, int sOut, boolean signedNm) {
    long d0 = (((w0 & mask(sOut + 1)) * (dn & mask(sDn + 2))) & mask(sOut + sDn + 2)) >>> sDn;
    d0 &= mask(sOut + 2);
    long e1 = ((1L << (sOut + 1)) - d0) & mask(sOut + 2);
    long a = signedNm ? signed(a0, bwOut) : a0 & mask(bwOut);
    long prod = (a * e1) & mask(bwOut + sOut);
    return (prod >>> sOut) & mask(bwOut);
  }

  /**
   * nm / dn as SCI's {@code div(nm, dn, bwNm, bwDn, bwOut, sNm, sDn, sOut, signedNm)} computes it, for a
   * denominator dn/2^sDn in [1, 2) (SiRnn Fig. 5 generalised to a numerator). With g = {@link #divLutBits}(sOut):
   * w0 = {@link #reciprocalApprox(long, int, int, int) reciprocalApprox}(dn, g, sDn, sOut), a0 =
   * {@link #divScale}(nm, w0, ...), and when sOut &gt;= 19 one {@link #divIterate} step.
   *
   * <p>Precondition (not checked per value): 2^sDn &lt;= u_bwDn(dn) &lt; 2^(sDn+1); other values give whatever
   * the formulas give, as in SCI.
   *
   * @return the bwOut-bit quotient at scale sOut
   * @throws IllegalArgumentException for unsupported widths and scales: sOut must be in 5..min(sDn, 36) (g in
   *     2..8), sDn - g &gt;= 1 and sDn + g + 4 &lt;= 64, sNm in 0..sOut+bwNm-1, sOut + bwNm &lt;= 64, and when
   *     sOut &gt;= 19 also sOut + sDn + 2 &lt;= 64 and bwOut + sOut &lt;= 64
   */
  public static long div(long nm, long dn, int bwNm, int bwDn, int bwOut, int sNm, int sDn, int sOut,
      boolean signedNm) {
    checkDiv(bwNm, bwDn, bwOut, sNm, sDn, sOut);
    int g = divLutBits(sOut);
    long w0 = reciprocalW0(dn, g, sDn, sOut);
    long a0 = divScale(nm, w0, bwNm, bwOut, sNm, sOut, signedNm);
    return divIterations(sOut) == 0 ? a0 : divIterate(a0, w0, dn, bwOut, sDn, sOut, signedNm);
  }

  /**
   * The reciprocal 2^sOut / (dn / 2^sDn) for dn/2^sDn in [1, 2), as sigmoid uses it: {@code div(1, dn, 2, bwDn,
   * sOut + 2, 0, sDn, sOut, true)}, an (sOut+2)-bit value at scale sOut. For sOut &lt;= 18 this equals
   * {@link #reciprocalApprox(long, int, int, int) reciprocalApprox}(dn, g, sDn, sOut).
   */
  public static long reciprocal(long dn, int bwDn, int sDn, int sOut) {
    return div(1, dn, 2, bwDn, sOut + 2, 0, sDn, sOut, true);
  }

  static void checkDiv(int bwNm, int bwDn, int bwOut, int sNm, int sDn, int sOut) {
    Checks.range("div", "bwNm", bwNm, 1, 64, null);
    Checks.range("div", "bwDn", bwDn, 2, 64, null);
    Checks.range("div", "bwOut", bwOut, 1, 64, null);
    Checks.range("div", "sOut", sOut, 5, 36, "reciprocal LUT bits g in 2..8");
    int g = divLutBits(sOut);
    Checks.range("div", "sDn", sDn, Math.max(sOut, g + 1), 60 - g, "sOut <= sDn, sDn - g >= 1, sDn + g + 4 <= 64");
    Checks.range("div", "bwNm", bwNm, 1, 64 - sOut, "sOut + bwNm <= 64");
    Checks.range("div", "sNm", sNm, 0, sOut + bwNm - 1, null);
    if (divIterations(sOut) > 0) {
      Checks.range("div", "sDn", sDn, sOut, 62 - sOut, "Goldschmidt step needs sOut + sDn + 2 <= 64");
      Checks.range("div", "bwOut", bwOut, 1, 64 - sOut, "Goldschmidt step needs bwOut + sOut <= 64");
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sigmoid and tanh (SiRnn Section V-B, Fig. 4; SCI MathFunctions::sigmoid, MathFunctions::tanh)
  // ---------------------------------------------------------------------------------------------------------------

  /** -|x| as SCI computes it before the exponential: (msb(x) ? x : -x) mod 2^bw. */
  public static long negAbs(long x, int bw) {
    return (bit(x, bw - 1) == 1 ? x : -x) & mask(bw);
  }

  /**
   * Sigmoid's denominator from E = e^(-|x|) (an L-bit value at scale s, L = s + 2): den = (2^s + E) mod 2^L,
   * then den = (den - bit_(L-1)(den)) mod 2^L, which turns 2^(s+1) (only for x = 0) into 2^(s+1) - 1 so that
   * den/2^s stays in [1, 2).
   */
  public static long sigmoidDenominator(long e, int s) {
    int l = s + 2;
    long den = ((1L << s) + e) & mask(l);
    return (den - bit(den, l - 1)) & mask(l);
  }

  /**
   * Tanh's denominator from E = e^(-2|x|): den = (2^s + E) mod 2^(s+3), then den = (den - bit_(s+1)(den)) mod
   * 2^(s+2) (the same fix as {@link #sigmoidDenominator}).
   */
  public static long tanhDenominator(long e, int s) {
    long den = ((1L << s) + e) & mask(s + 3);
    return (den - bit(den, s + 1)) & mask(s + 2);
  }

  /** Tanh's numerator from E = e^(-2|x|): (2^s - E) mod 2^(s+2). */
  public static long tanhNumerator(long e, int s) {
    return ((1L << s) - e) & mask(s + 2);
  }

  /**
   * Sigmoid of the bwIn-bit input x at scale scaleIn, as SCI's {@code sigmoid(x, bwIn, bwOut, scaleIn,
   * scaleOut)} computes it (SiRnn Section V-B, Fig. 4). With s = scaleOut and L = s + 2:
   * <ol>
   *   <li>m = bit_(bwIn-1)(x); n = {@link #negAbs}(x, bwIn);
   *   <li>E = {@link #expNeg}(n) with (bwIn, scaleIn) -&gt; (L, s): e^(-|x|), in [0, 2^s];
   *   <li>den = {@link #sigmoidDenominator}(E, s);
   *   <li>R = div(1, den, bwNm 2, bwDn L, bwOut L, sNm 0, sDn s, sOut s, signed) (for s &lt;= 18 simply
   *       w0 = reciprocalApprox(den, g, s, s));
   *   <li>num = m ? E : 2^s;
   *   <li>y' = floor((num * R mod 2^(2s+2)) / 2^s) mod 2^L (unsigned L x L multiply, TR by s);
   *   <li>y = y' mod 2^bwOut when bwOut &lt;= L, else y' zero-extended.
   * </ol>
   *
   * @return the bwOut-bit output, non-negative, at most 2^scaleOut
   */
  public static long sigmoid(long x, SigmoidParams p) {
    long[][] tabs = ExpTables.shared(p.bwIn(), ExpParams.DEFAULT_DIGIT_BITS, p.scaleIn(), p.scaleOut());
    return sigmoidCore(x, tabs, p.bwIn(), p.bwOut(), p.scaleOut(), p.divLutBits());
  }

  /** {@link #sigmoid(long, SigmoidParams)} on every element; y may alias x. */
  public static void sigmoid(long[] x, long[] y, SigmoidParams p) {
    checkLengths(x, y);
    long[][] tabs = ExpTables.shared(p.bwIn(), ExpParams.DEFAULT_DIGIT_BITS, p.scaleIn(), p.scaleOut());
    int g = p.divLutBits();
    for (int i = 0; i < x.length; i++) {
      y[i] = sigmoidCore(x[i], tabs, p.bwIn(), p.bwOut(), p.scaleOut(), g);
    }
  }

  private static long sigmoidCore(long x, long[][] tabs, int bwIn, int bwOut, int s, int g) {
    int l = s + 2;
    long m = bit(x, bwIn - 1);
    long n = negAbs(x, bwIn);
    long e = expCore(expNegate(n, bwIn), tabs, ExpParams.DEFAULT_DIGIT_BITS, s);
    long den = sigmoidDenominator(e, s);
    long w0 = reciprocalW0(den, g, s, s);
    long r = divIterations(s) == 0
        ? divScale(1, w0, 2, l, 0, s, true)
        : divIterate(divScale(1, w0, 2, l, 0, s, true), w0, den, l, s, s, true);
    long num = m == 1 ? e : 1L << s;
    long y = (((num * r) & mask(2 * s + 2)) >>> s) & mask(l);
    return bwOut <= l ? y & mask(bwOut) : y;
  }

  /**
   * Tanh of the bwIn-bit input x at scale scaleIn, as SCI's {@code tanh(x, bwIn, bwOut, scaleIn, scaleOut)}
   * computes it (SiRnn Section V-B). With s = scaleOut and L = s + 2:
   * <ol>
   *   <li>m = bit_(bwIn-1)(x); n = {@link #negAbs}(x, bwIn);
   *   <li>E = {@link #expNeg}(n) with (bwIn, scaleIn - 1) -&gt; (L, s): e^(-2|x|) (digit i's LUT reads its index
   *       at scale scaleIn - 1 - 8i, the negative-scale branch included);
   *   <li>den = {@link #tanhDenominator}(E, s); num = {@link #tanhNumerator}(E, s);
   *   <li>T = div(num, den, bwNm L, bwDn L, bwOut L, sNm s, sDn s, sOut s, signed) (for s &lt;= 18:
   *       T = floor(num * w0 / 2^s) mod 2^L);
   *   <li>v = (m ? -T : T) mod 2^L;
   *   <li>y = v mod 2^bwOut when bwOut &lt;= L, else v sign-extended from L to bwOut bits (a plain sign
   *       extension of the L-bit value; SCI passes m as the known MSB, which is wrong when T = 0 and m = 1, and the
   *       plain extension is what the protocol must implement).
   * </ol>
   *
   * @return the bwOut-bit output, in [-2^scaleOut, 2^scaleOut] as a signed value
   */
  public static long tanh(long x, TanhParams p) {
    long[][] tabs = ExpTables.shared(p.bwIn(), ExpParams.DEFAULT_DIGIT_BITS, p.scaleIn() - 1, p.scaleOut());
    return tanhCore(x, tabs, p.bwIn(), p.bwOut(), p.scaleOut(), p.divLutBits());
  }

  /** {@link #tanh(long, TanhParams)} on every element; y may alias x. */
  public static void tanh(long[] x, long[] y, TanhParams p) {
    checkLengths(x, y);
    long[][] tabs = ExpTables.shared(p.bwIn(), ExpParams.DEFAULT_DIGIT_BITS, p.scaleIn() - 1, p.scaleOut());
    int g = p.divLutBits();
    for (int i = 0; i < x.length; i++) {
      y[i] = tanhCore(x[i], tabs, p.bwIn(), p.bwOut(), p.scaleOut(), g);
    }
  }

  private static long tanhCore(long x, long[][] tabs, int bwIn, int bwOut, int s, int g) {
    int l = s + 2;
    long m = bit(x, bwIn - 1);
    long n = negAbs(x, bwIn);
    long e = expCore(expNegate(n, bwIn), tabs, ExpParams.DEFAULT_DIGIT_BITS, s);
    long den = tanhDenominator(e, s);
    long num = tanhNumerator(e, s);
    long w0 = reciprocalW0(den, g, s, s);
    long a0 = divScale(num, w0, l, l, s, s, true);
    long t = divIterations(s) == 0 ? a0 : divIterate(a0, w0, den, l, s, s, true);
    long v = (m == 1 ? -t : t) & mask(l);
    return bwOut <= l ? v & mask(bwOut) : signed(v, l) & mask(bwOut);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Fused sigmoid and tanh (SiRnn Section V-B; secure twin org.sirnn.math.SigmoidTanh)
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * The fused sigmoid/tanh's exponential of -|x| for the bwIn-bit x: exactly {@link #expNeg(long, ExpParams)}
   * with input n = {@link #negAbs}(x, bwIn), except that digit 0's LUT entries are clamped to at most 2^S - 1
   * ({@link ExpTables#clampedTables}). The result is an L-bit value in [0, 2^S - 1] (the product tree never
   * increases its left operand), so den = 2^S + E is always in [2^S, 2^(S+1)) and needs no fix. The clamp only
   * changes digit-0 entries equal to 2^S (index 0 at the scales in use): E at x = 0 becomes 2^S - 1 (the separate
   * functions reach the same den = 2^(S+1) - 1 by their fix), and for other inputs whose low digit is 0 the
   * product is one unit smaller.
   *
   * @param p the exponential's parameters ({@link SigmoidTanhParams#sigmoidExpParams()} or
   *     {@link SigmoidTanhParams#tanhExpParams()})
   */
  public static long sigmoidTanhExp(long x, ExpParams p) {
    long[][] tabs = ExpTables.sharedClamped(p.bwIn(), p.digitBits(), p.scaleIn(), p.scaleOut());
    return expCore(expNegate(negAbs(x, p.bwIn()), p.bwIn()), tabs, p.digitBits(), p.scaleOut());
  }

  /**
   * The sigmoid half of the fused sigmoid/tanh (SiRnn Section V-B, Fig. 4 and 5, rearranged so that both halves
   * share every step). With S = {@link SigmoidTanhParams#scale()}, L = S + 2, g = ceil((S-2)/2), k = S - sOut
   * (sOut = scaleOutSigmoid):
   * <ol>
   *   <li>m = bit_(bwIn-1)(x);
   *   <li>E = {@link #sigmoidTanhExp}(x, sigmoidExpParams): e^(-|x|) at scale S, at most 2^S - 1;
   *   <li>den = 2^S + E (in [2^S, 2^(S+1)), no fix needed);
   *   <li>w0 = {@link #reciprocalApprox(long, int, int, int) reciprocalApprox}(den, g, S, S): 1/(1 + E), below
   *       2^S;
   *   <li>t = floor(w0 / 2^k) (t = w0 when sOut = S);
   *   <li>v = m ? 2^sOut - t : t, a value in [0, 2^sOut) (sigmoid(-a) = 1 - sigmoid(a));
   *   <li>y = v mod 2^bwOut (v zero-extended when bwOut &gt; L).
   * </ol>
   *
   * @return the bwOut-bit output, non-negative, at scale scaleOutSigmoid
   */
  public static long sigmoidTanhSigmoid(long x, SigmoidTanhParams p) {
    long[][] tabs = ExpTables.sharedClamped(p.bwIn(), ExpParams.DEFAULT_DIGIT_BITS, p.scaleInSigmoid(), p.scale());
    return fusedSigmoidCore(x, tabs, p.bwIn(), p.scale(), p.scaleOutSigmoid(), p.divLutBits(), p.bwOut());
  }

  /**
   * The tanh half of the fused sigmoid/tanh (SiRnn Section V-B: tanh(|x|) = (1 - E) / (1 + E), E = e^(-2|x|)).
   * With S, L, g as in {@link #sigmoidTanhSigmoid} and sOut = scaleOutTanh, W = sOut + 2:
   * <ol>
   *   <li>m = bit_(bwIn-1)(x);
   *   <li>E = {@link #sigmoidTanhExp}(x, tanhExpParams): e^(-2|x|) at scale S (the input read at scaleInTanh - 1),
   *       at most 2^S - 1;
   *   <li>den = 2^S + E; w0 = reciprocalApprox(den, g, S, S);
   *   <li>num = 2^S - E (in [1, 2^S]);
   *   <li>t = floor(num * w0 / 2^(2S - sOut)): tanh(|x|) at scale sOut, one floor of the exact product (num * w0
   *       &lt; 2^(2S));
   *   <li>v = (m ? -t : t) mod 2^W (tanh(-a) = -tanh(a), so the result is an odd function of x);
   *   <li>y = v mod 2^bwOut when bwOut &lt;= W, else v sign-extended from W to bwOut bits.
   * </ol>
   *
   * @return the bwOut-bit output, in [-2^sOut, 2^sOut] as a signed value, at scale scaleOutTanh
   */
  public static long sigmoidTanhTanh(long x, SigmoidTanhParams p) {
    long[][] tabs = ExpTables.sharedClamped(p.bwIn(), ExpParams.DEFAULT_DIGIT_BITS, p.scaleInTanh() - 1, p.scale());
    return fusedTanhCore(x, tabs, p.bwIn(), p.scale(), p.scaleOutTanh(), p.divLutBits(), p.bwOut());
  }

  /**
   * Both halves of the fused sigmoid/tanh on arrays: {sigmoid outputs, tanh outputs}, element i of each half being
   * {@link #sigmoidTanhSigmoid}(xs[i]) and {@link #sigmoidTanhTanh}(xt[i]). The halves may differ in length.
   */
  public static long[][] sigmoidTanh(long[] xs, long[] xt, SigmoidTanhParams p) {
    long[][] ts = ExpTables.sharedClamped(p.bwIn(), ExpParams.DEFAULT_DIGIT_BITS, p.scaleInSigmoid(), p.scale());
    long[][] tt = ExpTables.sharedClamped(p.bwIn(), ExpParams.DEFAULT_DIGIT_BITS, p.scaleInTanh() - 1, p.scale());
    int g = p.divLutBits();
    long[] ys = new long[xs.length];
    long[] yt = new long[xt.length];
    for (int i = 0; i < xs.length; i++) {
      ys[i] = fusedSigmoidCore(xs[i], ts, p.bwIn(), p.scale(), p.scaleOutSigmoid(), g, p.bwOut());
    }
    for (int i = 0; i < xt.length; i++) {
      yt[i] = fusedTanhCore(xt[i], tt, p.bwIn(), p.scale(), p.scaleOutTanh(), g, p.bwOut());
    }
    return new long[][] {ys, yt};
  }

  private static long fusedSigmoidCore(long x, long[][] tabs, int bwIn, int s, int sOut, int g, int bwOut) {
    long m = bit(x, bwIn - 1);
    long e = expCore(expNegate(negAbs(x, bwIn), bwIn), tabs, ExpParams.DEFAULT_DIGIT_BITS, s);
    long w0 = reciprocalW0((1L << s) + e, g, s, s);
    long t = w0 >>> (s - sOut);
    long v = m == 1 ? (1L << sOut) - t : t;
    return v & mask(bwOut);
  }

  private static long fusedTanhCore(long x, long[][] tabs, int bwIn, int s, int sOut, int g, int bwOut) {
    int w = sOut + 2;
    long m = bit(x, bwIn - 1);
    long e = expCore(expNegate(negAbs(x, bwIn), bwIn), tabs, ExpParams.DEFAULT_DIGIT_BITS, s);
    long w0 = reciprocalW0((1L << s) + e, g, s, s);
    long t = (((1L << s) - e) * w0) >>> (2 * s - sOut);
    long v = (m == 1 ? -t : t) & mask(w);
    return bwOut <= w ? v & mask(bwOut) : signed(v, w) & mask(bwOut);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reciprocal square root (SiRnn Section V-C, Fig. 6; SCI MathFunctions::sqrt with inverse = true)
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * SCI's LUT index bits for rsqrt at output scale sOut: ceil(sOut/2) when sOut &lt;= 14, else ceil(ceil(sOut/2)/2).
   */
  public static int rsqrtLutBits(int sOut) {
    return sOut <= 14 ? Checks.ceilHalf(sOut) : Checks.ceilHalf(Checks.ceilHalf(sOut));
  }

  /** SCI's Goldschmidt iterations for rsqrt at output scale sOut: 1 when sOut &lt;= 14, else 2. */
  public static int rsqrtIterations(int sOut) {
    return sOut <= 14 ? 1 : 2;
  }

  /** Most significant non-zero bit: floor(log2(u(v))) for v != 0 read as unsigned 64-bit, and 0 for v = 0. */
  public static int msnzb(long v) {
    return v == 0 ? 0 : 63 - Long.numberOfLeadingZeros(v);
  }

  /** Normaliser A = 2^(bwIn-2-k) (below 2^(bwIn-1)) for k = MSNZB in 0..bwIn-2. */
  public static long rsqrtNormalizer(int k, int bwIn) {
    return 1L << (bwIn - 2 - k);
  }

  /** Exponent parity B = (k - scaleIn) mod 2, as 0 or 1. */
  public static int rsqrtParity(int k, int scaleIn) {
    return Math.floorMod(k - scaleIn, 2);
  }

  /** Final shift sas = floor((bwIn - 1 - scaleIn) / 2). */
  public static int rsqrtShift(int bwIn, int scaleIn) {
    return Math.floorDiv(bwIn - 1 - scaleIn, 2);
  }

  /**
   * De-normaliser C = 2^(floor((scaleIn - k + 1) / 2) + sas) mod 2^floor(bwIn/2), sas = {@link #rsqrtShift}; the
   * exponent is never negative for k in 0..bwIn-2, and C is 0 when it reaches floor(bwIn/2).
   */
  public static long rsqrtDenormalizer(int k, int bwIn, int scaleIn) {
    int c = Math.floorDiv(scaleIn - k + 1, 2) + rsqrtShift(bwIn, scaleIn);
    return c >= bwIn / 2 ? 0 : 1L << c;
  }

  /**
   * Reciprocal square root of the bwIn-bit input x at scale scaleIn, as SCI's {@code sqrt(x, bwIn, bwOut,
   * scaleIn, scaleOut, inverse = true)} computes it (SiRnn Section V-C, Fig. 6). With s = scaleOut, g =
   * {@link #rsqrtLutBits}(s), n = bwIn - 1 and bw = bwIn:
   * <ol>
   *   <li>xl = x mod 2^n (the MSB of x is ignored); k = {@link #msnzb}(xl) (0 for xl = 0);
   *   <li>A = {@link #rsqrtNormalizer}(k, bw), B = {@link #rsqrtParity}(k, scaleIn), sas = {@link #rsqrtShift},
   *       C = {@link #rsqrtDenormalizer}(k, bw, scaleIn);
   *   <li>ax = (xl * A) mod 2^n (x normalised to [1, 2) at scale bw-2);
   *   <li>e = floor((ax mod 2^(bw-2)) / 2^(bw-g-2)) mod 2^g; Y0 = {@link RsqrtTables} entry at index (e &lt;&lt; 1)
   *       | B, a (g+3)-bit value at scale g+2;
   *   <li>X = (ax * (1 + B)) mod 2^bw; b0 = floor(X / 2^(bw-2-s)) mod 2^(s+2);
   *   <li>Ysq = Y0^2 mod 2^(2g+5); b1 = floor((Ysq * b0 mod 2^(2g+s+6)) / 2^(2g+4)) mod 2^(s+2);
   *       Yc = (3 * 2^s - b1) mod 2^(s+2); x1 = floor((Y0 * Yc mod 2^(s+g+4)) / 2^(g+3)) mod 2^(s+1);
   *   <li>only when s &gt;= 15 (2 iterations): Ysq2 = floor((Yc^2 mod 2^(2s+3)) / 2^(s+2)) mod 2^(s+1);
   *       b2 = floor((Ysq2 * b1 mod 2^(2s+2)) / 2^s) mod 2^(s+2); Yc2 = (3 * 2^s - b2) mod 2^(s+2);
   *       x2 = floor((x1 * Yc2 mod 2^(2s+2)) / 2^(s+1)) mod 2^(s+1);
   *   <li>with hw = floor(bw/2) and W = s + 1 + hw - sas: r = floor((x_last * C mod 2^(s+1+hw)) / 2^sas) mod 2^W;
   *   <li>y = r (zero-extended) when bwOut &gt; W, else r mod 2^bwOut.
   * </ol>
   * All products are unsigned.
   *
   * @return the bwOut-bit output at scale scaleOut
   */
  public static long rsqrt(long x, RsqrtParams p) {
    return rsqrtCore(x, p.bwIn(), p.scaleIn(), p.bwOut(), p.scaleOut(), p.lutBits(), p.iterations());
  }

  /** {@link #rsqrt(long, RsqrtParams)} on every element; y may alias x. */
  public static void rsqrt(long[] x, long[] y, RsqrtParams p) {
    checkLengths(x, y);
    int g = p.lutBits();
    int it = p.iterations();
    for (int i = 0; i < x.length; i++) {
      y[i] = rsqrtCore(x[i], p.bwIn(), p.scaleIn(), p.bwOut(), p.scaleOut(), g, it);
    }
  }

  private static long rsqrtCore(long x, int bw, int sIn, int bwOut, int s, int g, int iters) {
    int n = bw - 1;
    long xl = x & mask(n);
    int k = msnzb(xl);
    long a = rsqrtNormalizer(k, bw);
    int b = rsqrtParity(k, sIn);
    int sas = rsqrtShift(bw, sIn);
    long c = rsqrtDenormalizer(k, bw, sIn);
    long ax = (xl * a) & mask(n);
    long e = ((ax & mask(bw - 2)) >>> (bw - g - 2)) & mask(g);
    long y0 = RsqrtTables.shared(g)[(int) ((e << 1) | b)];
    long bigX = (ax * (1 + b)) & mask(bw);
    long b0 = (bigX >>> (bw - 2 - s)) & mask(s + 2);
    long ysq = (y0 * y0) & mask(2 * g + 5);
    long b1 = (((ysq * b0) & mask(2 * g + s + 6)) >>> (2 * g + 4)) & mask(s + 2);
    long yc = ((3L << s) - b1) & mask(s + 2);
    long xc = (((y0 * yc) & mask(s + g + 4)) >>> (g + 3)) & mask(s + 1);
    if (iters == 2) {
      long ysq2 = (((yc * yc) & mask(2 * s + 3)) >>> (s + 2)) & mask(s + 1);
      long b2 = (((ysq2 * b1) & mask(2 * s + 2)) >>> s) & mask(s + 2);
      long yc2 = ((3L << s) - b2) & mask(s + 2);
      xc = (((xc * yc2) & mask(2 * s + 2)) >>> (s + 1)) & mask(s + 1);
    }
    int hw = bw / 2;
    int w = s + 1 + hw - sas;
    long r = (((xc * c) & mask(s + 1 + hw)) >>> sas) & mask(w);
    return bwOut > w ? r : r & mask(bwOut);
  }

  private static void checkLengths(long[] x, long[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("input and output lengths differ: " + x.length + " vs " + y.length);
    }
  }
}
