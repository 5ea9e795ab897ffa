package org.sirnn.math;

import org.sirnn.clear.math.ExpTables;
import org.sirnn.clear.math.SigmoidTanhParams;
import org.sirnn.fixed.Extension;
import org.sirnn.fixed.LookupTable;
import org.sirnn.fixed.Multiplication;
import org.sirnn.fixed.Truncation;
import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.Mux;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Sigmoid and tanh fused into one SIMD pass (SiRnn Section V-B, Fig. 3-5: both are built from the same
 * exponential and the same reciprocal approximation, so they can share every step), for cells such as FastGRNN
 * that evaluate sigmoid on one vector and tanh on another vector of the same bitwidth every time step. Cleartext
 * twin: {@link org.sirnn.clear.math.ClearMath#sigmoidTanhSigmoid} and
 * {@link org.sirnn.clear.math.ClearMath#sigmoidTanhTanh}, equal bit for bit.
 *
 * <p>Over the concatenation x = xs || xt (n = |xs| + |xt| instances), with S = max(sOutS, sOutT), L = S + 2:
 * <ol>
 *   <li>msb = MSB(x) and -|x| = -x + MUX(msb, 2x), once for both halves;
 *   <li>E = e^(-|x|) (sigmoid half, input scale sInS) or e^(-2|x|) (tanh half, input scale sInT - 1) at scale S:
 *       one digit decomposition, then one batch of 1-out-of-256 OTs for every digit of every instance in which
 *       the server picks each instance's table ({@link LookupTable#lookupEach}; digit 0's entries are
 *       clamped to 2^S - 1 so that E &lt; 2^S), then the product tree;
 *   <li>den = 2^S + E, in [2^S, 2^(S+1)) by the clamp (no MSB fix as in {@link Sigmoid}); w0 = 1/den by
 *       {@link Reciprocal} (g = ceil((S-2)/2), no Goldschmidt iteration);
 *   <li>t = w0 for the sigmoid half (1/(1+E) = sigmoid(|x|)); t = TR((2^S - E) w0, 2S - sOutT) for the tanh half
 *       (tanh(|x|) directly at scale sOutT). When sOutS &lt; S the sigmoid half joins the product with the public
 *       numerator 2^sOutS and both halves are truncated by S;
 *   <li>one multiplexer restores the sign of both halves: v = t + MUX(msb, d - 2t) with d = 2^sOutS (sigmoid(-a)
 *       = 1 - sigmoid(a)) or 0 (tanh(-a) = -tanh(a));
 *   <li>both halves are reduced to bwOut bits (or, for wider outputs, zero- and sign-extended).
 * </ol>
 *
 * <p>E, w0 and the products carry shares valid mod 2^(S+4) (the values stay below 2^S; wider LUT entries and
 * product rings, no extra round), so the tanh product is truncated straight into bwOut bits and, for bwOut up to
 * S + 4, neither half needs an extension.
 *
 * <p><b>Cost</b> (measured with {@code Traffic}, 100 + 100 instances at 16 bits). Google-30's scales (sigmoid
 * 9 -&gt; 14, tanh 9 -&gt; 9) take 28 rounds against 26 + 26 for {@link Sigmoid} then {@link Tanh}; scale 12 -&gt; 12
 * for both takes 26 against 27 + 27. (Before the products, the millionaires' and the truncations lost their extra
 * rounds, issue 20: 71 against 79 + 84, and 69 against 81 + 84.) Communication: 8.5 KB per (sigmoid, tanh) pair at
 * Google-30's scales (separate: 9.0 KB), 6.6 KB at scale 12 (separate: 8.6 KB).
 */
public final class SigmoidTanh {
  /**
   * E, w0 and the products are carried with shares valid mod 2^V, V = S + WIDE (four bits above the scale; the
   * values stay below 2^S), so that the tanh product can be truncated straight into the output width and neither
   * half needs an extension for bwOut up to S + 4 (tanh: sOutT + 8).
   */
  private static final int WIDE = 4;

  private SigmoidTanh() {}

  /**
   * Shares of sigmoid(xs / 2^sInS) at scale sOutS and tanh(xt / 2^sInT) at scale sOutT, both in bwOut bits, for
   * bwIn-bit two's-complement inputs.
   *
   * @return {sigmoid shares, tanh shares}
   * @throws IllegalArgumentException for parameters {@link SigmoidTanhParams} rejects
   */
  @SuppressWarnings("try")
  public static long[][] evaluate(Party p, long[] xs, long[] xt, int bwIn, int sInS, int sOutS, int sInT,
      int sOutT, int bwOut) {
    SigmoidTanhParams prm = new SigmoidTanhParams(bwIn, sInS, sOutS, sInT, sOutT, bwOut);
    int n1 = xs.length;
    int n2 = xt.length;
    int n = n1 + n2;
    if (n == 0) {
      return new long[][] {new long[0], new long[0]};
    }
    int s = prm.scale();
    int lw = prm.lutBits();
    long one = p.isServer() ? 1L << s : 0;
    try (Traffic.Scope sc = p.scope("sigmoid-tanh")) {
      long[] x = new long[n];
      for (int i = 0; i < n; i++) {
        x[i] = (i < n1 ? xs[i] : xt[i - n1]) & Ring.mask(bwIn);
      }
      long[] msb = Comparisons.msb(p, x, bwIn);
      long[] negAbs = Sigmoid.negativeAbs(p, x, msb, bwIn);
      long[] e = exp(p, negAbs, n1, prm); // valid mod 2^V
      long[] den = Sharing.addPublic(p, e, 1L << s, lw);
      long[] w0 = Reciprocal.approximate(p, den, s, s, prm.divLutBits(), WIDE - 1); // valid mod 2^V
      int vw = s + WIDE; // V
      long[] t = new long[n];
      int ws; // the sigmoid half of t (and of v below) is valid mod 2^ws, the tanh half mod 2^wt
      int wt;
      if (sOutS == s) {
        System.arraycopy(w0, 0, t, 0, n1);
        ws = vw;
        int sigma = 2 * s - sOutT;
        wt = Math.min(Math.max(bwOut, sOutT + 2), 2 * vw - sigma);
        if (bwOut > vw && vw <= 2 * vw - sigma) {
          wt = vw; // both halves extend anyway: same width, one sign extension
        }
        if (n2 > 0) {
          long[] num = new long[n2];
          long[] w = new long[n2];
          for (int i = 0; i < n2; i++) {
            num[i] = (one - e[n1 + i]) & Ring.mask(vw);
            w[i] = w0[n1 + i];
          }
          long[] prod = Multiplication.umultNonNegative(p, num, vw, w, vw, sigma + wt);
          long[] tt = Truncation.truncateReduce(p, prod, sigma + wt, sigma);
          System.arraycopy(tt, 0, t, n1, n2);
        }
      } else { // sOutS < S = sOutT: the sigmoid half's numerator is the public 2^sOutS, one truncation by S
        wt = Math.min(Math.max(bwOut, s + 2), 2 * vw - s);
        ws = wt;
        long[] num = new long[n];
        for (int i = 0; i < n; i++) {
          num[i] = i < n1 ? (p.isServer() ? 1L << sOutS : 0) : (one - e[i]) & Ring.mask(vw);
        }
        long[] prod = Multiplication.umultNonNegative(p, num, vw, w0, vw, s + wt);
        t = Truncation.truncateReduce(p, prod, s + wt, s);
      }
      // one multiplexer for both halves, at the wider validity width; each half stays valid mod its own width
      int mw = Math.max(ws, wt);
      long mask = Ring.mask(mw);
      long d = p.isServer() ? 1L << sOutS : 0;
      long[] y = new long[n];
      for (int i = 0; i < n; i++) {
        y[i] = ((i < n1 ? d : 0) - 2 * t[i]) & mask;
      }
      long[] sel = Mux.select(p, msb, y, mw);
      long[] v = new long[n];
      for (int i = 0; i < n; i++) {
        v[i] = (t[i] + sel[i]) & mask;
      }
      return finish(p, v, n1, ws, wt, bwOut);
    }
  }

  /**
   * Shares of the clamped exponential of every instance at scale S, valid mod 2^V: the sigmoid half (first n1) with
   * input scale sInS, the tanh half with sInT - 1 (ClearMath.sigmoidTanhExp).
   */
  private static long[] exp(Party p, long[] negAbs, int n1, SigmoidTanhParams prm) {
    int n = negAbs.length;
    int bwIn = prm.bwIn();
    int s = prm.scale();
    int lw = prm.lutBits();
    int d = Exp.DIGIT_BITS;
    int k = (bwIn + d - 1) / d;
    int last = bwIn - d * (k - 1);
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = (-negAbs[i]) & Ring.mask(bwIn);
    }
    long[][] digits = new long[k][];
    for (int i = 0; i < k; i++) {
      long[] shifted = i == 0 ? t : Truncation.truncateReduce(p, t, bwIn, d * i);
      int size = i < k - 1 ? d : last;
      digits[i] = new long[n];
      for (int j = 0; j < n; j++) {
        digits[i][j] = shifted[j] & Ring.mask(size);
      }
    }
    long[][] tabS = p.isServer() ? ExpTables.clampedTables(prm.sigmoidExpParams()) : null;
    long[][] tabT = p.isServer() ? ExpTables.clampedTables(prm.tanhExpParams()) : null;
    long[][] v = new long[k][];
    // full-width digits in one batch of OTs; a shorter top digit (bwIn not a multiple of 8) in a second one
    int full = last == d ? k : k - 1;
    int lutW = k == 1 ? s + WIDE : lw; // a single digit is E itself: look it up at the full validity width
    lookupDigits(p, digits, 0, full, d, tabS, tabT, n1, lutW, v);
    if (full < k) {
      lookupDigits(p, digits, full, k, last, tabS, tabT, n1, lutW, v);
    }
    for (int step = 1; step < k; step *= 2) {
      for (int j = 0; j + step < k; j += 2 * step) {
        // the product of two values below 2^S, taken mod 2^(2L), truncated by S: valid mod 2^(S+4) = 2^V
        long[] prod = Multiplication.umultNonNegative(p, v[j], lw, v[j + step], lw, 2 * lw);
        v[j] = Truncation.truncateReduce(p, prod, 2 * lw, s);
      }
    }
    return v[0];
  }

  /**
   * Looks up digits [from, to) of every instance in one {@link LookupTable#lookupEach} call into v: the first n1
   * instances (sigmoid's) read tabS, the others tabT.
   */
  private static void lookupDigits(Party p, long[][] digits, int from, int to, int m, long[][] tabS, long[][] tabT,
      int n1, int lw, long[][] v) {
    long[][] tables = null;
    if (p.isServer()) {
      tables = new long[2 * (to - from)][];
      for (int i = 0; i < to - from; i++) {
        tables[2 * i] = tabS[from + i];
        tables[2 * i + 1] = tabT[from + i];
      }
    }
    LookupTable.lookupRows(p, digits, from, to, m, tables, (row, j) -> 2 * row + (j < n1 ? 0 : 1), lw, v);
  }

  /** Splits the sign-restored values (sigmoid half valid mod 2^ws, tanh half mod 2^wt) and brings them to bwOut. */
  private static long[][] finish(Party p, long[] v, int n1, int ws, int wt, int bwOut) {
    int n = v.length;
    if (ws == wt && bwOut > ws) { // one sign extension for both (the sigmoid half is below 2^(ws-1))
      long[] ext = Extension.sext(p, Ring.reduced(v, ws), ws, bwOut);
      return new long[][] {java.util.Arrays.copyOfRange(ext, 0, n1), java.util.Arrays.copyOfRange(ext, n1, n)};
    }
    long[] vs = Ring.reduced(java.util.Arrays.copyOfRange(v, 0, n1), ws);
    long[] vt = Ring.reduced(java.util.Arrays.copyOfRange(v, n1, n), wt);
    long[] ys = bwOut <= ws || n1 == 0 ? Ring.reduced(vs, bwOut) : Extension.zextNonNegative(p, vs, ws, bwOut);
    long[] yt = bwOut <= wt || n == n1 ? Ring.reduced(vt, bwOut) : Extension.sext(p, vt, wt, bwOut);
    return new long[][] {ys, yt};
  }
}
