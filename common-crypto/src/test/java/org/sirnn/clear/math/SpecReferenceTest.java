package org.sirnn.clear.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link ClearMath} with a deliberately naive transcription of the specification (arrays, the iterative
 * product tree, one generic TR and MUL helper) over parameter sets the golden vectors do not cover: digit sizes
 * 2..8, many input widths and scales, the Goldschmidt paths. Also checks that the division helpers compose as
 * documented and approximate the real quotient.
 */
class SpecReferenceTest {

  private static final SplittableRandom RND = new SplittableRandom(20240531L);

  // ---- generic helpers, straight from the spec's notation ------------------------------------------------------

  static long mask(int w) {
    return w >= 64 ? -1L : (1L << w) - 1;
  }

  static long u(long v, int w) {
    return v & mask(w);
  }

  static long sInt(long v, int w) {
    long x = u(v, w);
    return w < 64 && ((x >>> (w - 1)) & 1) == 1 ? x - (1L << w) : x;
  }

  /** TR(v, s, w) = floor(u_w(v) / 2^s) mod 2^(w-s). */
  static long tr(long v, int s, int w) {
    return (u(v, w) >>> s) & mask(w - s);
  }

  /** (A * B) mod 2^wc with A = int or uint of a, B = int or uint of b. */
  static long mul(long a, long b, int wa, int wb, int wc, boolean sa, boolean sb) {
    long x = sa ? sInt(a, wa) : u(a, wa);
    long y = sb ? sInt(b, wb) : u(b, wb);
    return u(x * y, wc);
  }

  // ---- literal exp ---------------------------------------------------------------------------------------------

  static long refLut(long j, int sIn, int sOut) {
    if (sIn < 0) {
      j = j << -sIn;
      sIn = 0;
    }
    double pow = sIn == 63 ? 0x1p63 : (double) (1L << sIn); // C: (double) (1ULL << 63) is positive
    return (long) (Math.exp(-1.0 * (j / pow)) * (double) (1L << sOut));
  }

  static long refExp(long x, int bwX, int bwY, int sX, int sY, int d) {
    int l = sY + 2;
    long t = u(-x, bwX);
    int k = (bwX + d - 1) / d;
    int dl = bwX - d * (k - 1);
    long[] v = new long[k];
    for (int i = 0; i < k; i++) {
      int size = i == k - 1 ? dl : d;
      long z = (t >>> (d * i)) & mask(size);
      v[i] = u(refLut(z, sX - d * i, sY), l);
    }
    for (int step = 1; step < k; step *= 2) {
      for (int j = 0; j + step < k; j += 2 * step) {
        v[j] = u(tr(mul(v[j], v[j + step], l, l, 2 * sY + 2, false, false), sY, 2 * sY + 2), l);
      }
    }
    return u(v[0], l); // zero-extension to bwY
  }

  // ---- literal div ---------------------------------------------------------------------------------------------

  static long refDiv(long nm, long dn, int bwNm, int bwDn, int bwOut, int sNm, int sDn, int sOut, boolean sgn) {
    int g;
    int iters;
    if (sOut <= 18) {
      g = (int) Math.ceil((sOut - 2) / 2.0);
      iters = 0;
    } else {
      g = (int) Math.ceil((Math.ceil(sOut / 2.0) - 2) / 2.0);
      iters = 1;
    }
    int s = sDn;
    long e = u(tr(u(dn, s), s - g, s), g);
    long f = u(dn, s - g);
    long c0 = ReciprocalTables.a0((int) e, g);
    long c1 = ReciprocalTables.a1((int) e, g);
    long c0f = mul(c0, f, g + 4, s - g, s + 4, false, false);
    long wp = u(c1 * (1L << (s - g + 1)) - c0f, s + g + 4);
    long w0 = tr(wp, s + g + 3 - sOut, s + g + 4);
    long p = mul(nm, w0, bwNm, sOut + 1, sOut + bwNm, sgn, false);
    long q = tr(p, sNm, sOut + bwNm);
    int qw = sOut + bwNm - sNm;
    long a0;
    if ((bwNm - sNm) >= (bwOut - sOut)) {
      a0 = u(q, bwOut);
    } else {
      a0 = sgn ? u(sInt(q, qw), bwOut) : u(q, qw);
    }
    if (iters == 0) {
      return a0;
    }
    long d0 = tr(mul(w0, u(dn, s + 2), sOut + 1, s + 2, sOut + s + 2, false, false), s, sOut + s + 2);
    long e1 = u((1L << (sOut + 1)) - d0, sOut + 2);
    return tr(mul(a0, e1, bwOut, sOut + 2, bwOut + sOut, sgn, false), sOut, bwOut + sOut);
  }

  static long refSigmoid(long x, int bwX, int bwY, int sX, int sY) {
    int l = sY + 2;
    long msb = (u(x, bwX) >>> (bwX - 1)) & 1;
    long negx = u(msb == 1 ? x : -x, bwX);
    long e = refExp(negx, bwX, l, sX, sY, 8);
    long den = u((1L << sY) + e, l);
    den = u(den - ((den >>> (l - 1)) & 1), l);
    long r = refDiv(1, den, 2, l, l, 0, sY, sY, true);
    long num = msb == 1 ? e : 1L << sY;
    long y = u(tr(u(num * r, 2 * sY + 2), sY, 2 * sY + 2), l);
    return bwY <= l ? u(y, bwY) : y;
  }

  static long refTanh(long x, int bwX, int bwY, int sX, int sY) {
    int l = sY + 2;
    long msb = (u(x, bwX) >>> (bwX - 1)) & 1;
    long negx = u(msb == 1 ? x : -x, bwX);
    long e = refExp(negx, bwX, l, sX - 1, sY, 8);
    long den = u((1L << sY) + e, sY + 3);
    den = u(den - ((den >>> (sY + 1)) & 1), l);
    long num = u((1L << sY) - e, l);
    long t = refDiv(num, den, l, l, l, sY, sY, sY, true);
    long v = u(msb == 1 ? -t : t, l);
    return bwY <= l ? u(v, bwY) : u(sInt(v, l), bwY);
  }

  // ---- literal rsqrt -------------------------------------------------------------------------------------------

  static long refLutSqrt(long e, int b, int g) {
    double uu = (1.0 + (double) e / (double) (1L << g)) * (double) (1 << b);
    return u((long) ((1.0 / Math.sqrt(uu)) * (double) (1L << (g + 2))), g + 3);
  }

  static long refRsqrt(long x, int bwX, int bwY, int sX, int sY) {
    int g;
    int iters;
    if (sY <= 14) {
      g = (int) Math.ceil(sY / 2.0);
      iters = 1;
    } else {
      g = (int) Math.ceil(Math.ceil(sY / 2.0) / 2.0);
      iters = 2;
    }
    int n = bwX - 1;
    long xn = u(x, n);
    int k = 0;
    for (int j = n - 1; j >= 0; j--) {
      if (((xn >>> j) & 1) == 1) {
        k = j;
        break;
      }
    }
    long a = u(1L << (bwX - 2 - k), n);
    int b = Math.floorMod(k - sX, 2);
    int sas = (int) Math.floor((bwX - 1 - sX) / 2.0);
    int cExp = Math.floorDiv(sX - k + 1, 2) + sas;
    long c = cExp >= 63 ? 0 : u(1L << cExp, bwX / 2);
    long ax = mul(xn, a, n, n, n, false, false);
    long e = u(tr(u(ax, bwX - 2), bwX - g - 2, bwX - 2), g);
    long y0 = refLutSqrt(e, b, g);
    long bigX = u(u(ax, n) * (1 + b), bwX);
    long b0 = tr(bigX, bwX - 2 - sY, bwX);
    long ysq = mul(y0, y0, g + 3, g + 3, 2 * g + 5, false, false);
    long b1 = tr(mul(ysq, b0, 2 * g + 5, sY + 2, 2 * g + sY + 6, false, false), 2 * g + 4, 2 * g + sY + 6);
    long yc = u(3 * (1L << sY) - b1, sY + 2);
    long xl = tr(mul(y0, yc, g + 3, sY + 2, sY + g + 4, false, false), g + 3, sY + g + 4);
    if (iters == 2) {
      long ysq2 = tr(mul(yc, yc, sY + 2, sY + 2, 2 * sY + 3, false, false), sY + 2, 2 * sY + 3);
      long b2 = tr(mul(ysq2, b1, sY + 1, sY + 2, 2 * sY + 2, false, false), sY, 2 * sY + 2);
      long yc2 = u(3 * (1L << sY) - b2, sY + 2);
      xl = tr(mul(xl, yc2, sY + 1, sY + 2, 2 * sY + 2, false, false), sY + 1, 2 * sY + 2);
    }
    int hw = bwX / 2;
    long r = tr(mul(xl, c, sY + 1, hw, sY + 1 + hw, false, false), sas, sY + 1 + hw);
    int w = sY + 1 + hw - sas;
    return bwY > w ? r : u(r, bwY);
  }

  // ---- comparisons ---------------------------------------------------------------------------------------------

  private static long input(int bw) {
    long v = RND.nextLong() & mask(bw);
    // half of the inputs small in magnitude, where the functions are not saturated
    return RND.nextBoolean() ? v : u(RND.nextLong(-4096, 4096), bw);
  }

  @Test
  void expMatchesForEveryDigitSizeAndManyWidths() {
    for (int d = 2; d <= 8; d++) {
      for (int bw = 2; bw <= 64; bw++) {
        int k = (bw + d - 1) / d;
        if (bw - d * (k - 1) < 2) {
          continue;
        }
        for (int trial = 0; trial < 6; trial++) {
          int sOut = RND.nextInt(0, 32);
          int bwOut = RND.nextInt(sOut + 2, 65);
          int minIn = Math.max(-4, d * (k - 1) - (64 - (bw - d * (k - 1))));
          int sIn = RND.nextInt(minIn, Math.max(minIn, Math.min(bw, 40)) + 1);
          ExpParams p = new ExpParams(bw, sIn, bwOut, sOut, d);
          for (int i = 0; i < 200; i++) {
            long x = input(bw);
            assertEquals(refExp(x, bw, bwOut, sIn, sOut, d), ClearMath.expNeg(x, p), p + " x=" + x);
          }
        }
      }
    }
  }

  @Test
  void recursiveProductTreeEqualsTheIterativeOne() {
    for (int k = 1; k <= 32; k++) {
      for (int trial = 0; trial < 50; trial++) {
        int s = RND.nextInt(1, 31);
        long[] v = new long[k];
        long[][] tabs = new long[k][];
        for (int i = 0; i < k; i++) {
          v[i] = RND.nextLong(0, (1L << s) + 1);
          tabs[i] = new long[] {v[i], 0, 0, 0};
        }
        // t = 0 selects entry 0 of every table, i.e. v[i]
        long viaCore = ClearMath.expCore(0, tabs, 2, s);
        assertEquals(ClearMath.expProductTree(v.clone(), k, s), viaCore, "k=" + k);
      }
    }
  }

  @Test
  void divMatchesIncludingTheGoldschmidtStep() {
    for (int trial = 0; trial < 400; trial++) {
      int sOut = RND.nextInt(5, 32);
      int sDn = RND.nextInt(sOut, Math.min(62 - sOut, 60 - ClearMath.divLutBits(sOut)) + 1);
      if (sDn < sOut) {
        continue;
      }
      int bwNm = RND.nextInt(1, Math.min(64 - sOut, 40) + 1);
      int sNm = RND.nextInt(0, bwNm + 1);
      int bwOut = RND.nextInt(1, 64 - sOut + 1);
      int bwDn = RND.nextInt(sDn + 2, 65);
      boolean sgn = RND.nextBoolean();
      for (int i = 0; i < 100; i++) {
        long nm = RND.nextLong() & mask(bwNm);
        long dn = (1L << sDn) | (RND.nextLong() & mask(sDn));
        assertEquals(refDiv(nm, dn, bwNm, bwDn, bwOut, sNm, sDn, sOut, sgn),
            ClearMath.div(nm, dn, bwNm, bwDn, bwOut, sNm, sDn, sOut, sgn));
      }
    }
  }

  @Test
  void sigmoidAndTanhMatchOverManyConfigurations() {
    for (int trial = 0; trial < 300; trial++) {
      int bw = 8 * RND.nextInt(1, 9) - RND.nextInt(0, 6);
      if (bw % 8 == 1 || bw < 2) {
        continue;
      }
      int sOut = RND.nextInt(5, 32);
      int k = (bw + 7) / 8;
      int minExpScale = 8 * (k - 1) - (64 - (bw - 8 * (k - 1)));
      int sIn = RND.nextInt(Math.max(-2, minExpScale + 1), Math.min(bw, 63) + 1);
      int bwOut = RND.nextInt(1, 65);
      SigmoidParams ps = new SigmoidParams(bw, sIn, bwOut, sOut);
      TanhParams pt = new TanhParams(bw, sIn, bwOut, sOut);
      for (int i = 0; i < 100; i++) {
        long x = input(bw);
        assertEquals(refSigmoid(x, bw, bwOut, sIn, sOut), ClearMath.sigmoid(x, ps), ps + " x=" + x);
        assertEquals(refTanh(x, bw, bwOut, sIn, sOut), ClearMath.tanh(x, pt), pt + " x=" + x);
      }
    }
  }

  @Test
  void rsqrtMatchesOverManyConfigurations() {
    for (int trial = 0; trial < 400; trial++) {
      int sOut = RND.nextInt(1, 29);
      int bw = RND.nextInt(sOut + 2, 65);
      int sIn = RND.nextInt(0, bw);
      int bwOut = RND.nextInt(1, 65);
      RsqrtParams p = new RsqrtParams(bw, sIn, bwOut, sOut);
      for (int i = 0; i < 100; i++) {
        long x = RND.nextLong() >>> RND.nextInt(0, 64);
        assertEquals(refRsqrt(x, bw, bwOut, sIn, sOut), ClearMath.rsqrt(x, p), p + " x=" + x);
      }
    }
  }

  @Test
  void arrayVersionsEqualTheScalarOnes() {
    long[] x = new long[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = RND.nextLong() & 0xFFFF;
    }
    long[] y = new long[x.length];
    ExpParams pe = new ExpParams(16, 10, 16, 12);
    ClearMath.expNeg(x, y, pe);
    for (int i = 0; i < x.length; i++) {
      assertEquals(ClearMath.expNeg(x[i], pe), y[i]);
    }
    SigmoidParams ps = new SigmoidParams(16, 10, 16, 12);
    ClearMath.sigmoid(x, y, ps);
    for (int i = 0; i < x.length; i++) {
      assertEquals(ClearMath.sigmoid(x[i], ps), y[i]);
    }
    TanhParams pt = new TanhParams(16, 10, 16, 12);
    ClearMath.tanh(x, y, pt);
    for (int i = 0; i < x.length; i++) {
      assertEquals(ClearMath.tanh(x[i], pt), y[i]);
    }
    RsqrtParams pr = new RsqrtParams(16, 10, 16, 12);
    long[] z = x.clone();
    ClearMath.rsqrt(z, z, pr); // in place
    for (int i = 0; i < x.length; i++) {
      assertEquals(ClearMath.rsqrt(x[i], pr), z[i]);
    }
  }

  @Test
  void reciprocalHelpersCompose() {
    for (int sOut = 5; sOut <= 18; sOut++) {
      int g = ClearMath.divLutBits(sOut);
      for (int i = 0; i < 500; i++) {
        long dn = (1L << sOut) | (RND.nextLong() & mask(sOut));
        long w0 = ClearMath.reciprocalApprox(dn, g, sOut, sOut);
        assertEquals(w0, ClearMath.reciprocal(dn, sOut + 2, sOut, sOut), "reciprocal is w0 when sOut <= 18");
        assertEquals(w0, ClearMath.reciprocalApprox(dn, g, sOut));
        assertEquals(ClearMath.reciprocalApproxRaw(dn, g, sOut) >>> (g + 3), w0);
        assertTrue(w0 < (1L << sOut), "w0 < 2^sOut");
        // the approximation is within a few ulps of 2^(2 sOut) / dn
        double exact = Math.scalb(1.0, 2 * sOut) / dn;
        assertTrue(Math.abs(w0 - exact) < 4, "sOut=" + sOut + " dn=" + dn + " w0=" + w0 + " exact=" + exact);
      }
    }
    for (int sOut = 19; sOut <= 30; sOut++) {
      for (int i = 0; i < 200; i++) {
        long dn = (1L << sOut) | (RND.nextLong() & mask(sOut));
        long r = ClearMath.reciprocal(dn, sOut + 2, sOut, sOut);
        double exact = Math.scalb(1.0, 2 * sOut) / dn;
        assertTrue(Math.abs(r - exact) < 8, "sOut=" + sOut + " dn=" + dn + " r=" + r + " exact=" + exact);
      }
    }
  }
}
