package org.sirnn.nn;

import static org.sirnn.nn.Google30Model.CLASSES;
import static org.sirnn.nn.Google30Model.FEATURES;
import static org.sirnn.nn.Google30Model.HIDDEN;
import static org.sirnn.nn.Google30Model.RANK_U;
import static org.sirnn.nn.Google30Model.RANK_W;
import static org.sirnn.nn.Google30Model.STEPS;
import static org.sirnn.nn.Google30Model.VALUE_BITS;

import org.sirnn.fixed.Extension;
import org.sirnn.fixed.Multiplication;
import org.sirnn.fixed.Rescale;
import org.sirnn.fixed.WeightMatMul;
import org.sirnn.math.Sigmoid;
import org.sirnn.math.SigmoidTanh;
import org.sirnn.math.Tanh;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Secure two-party inference of the Google-30 FastGRNN, bit for bit the program of {@link Google30Plain}: the
 * server holds the weights, the client the input; only the client learns the 30 scores (and the label, argmax in
 * the clear). Every op is batched over the hidden units; the input layers (x_t W1 W2 and the floor of a by 32) do
 * not depend on the state and run once for all 99 steps.
 *
 * <p>Traffic scopes (bounded names, reused every step): "input", "w1", "w2", "u1", "u2", "gates", "sigmoid",
 * "tanh", "update", "fc", "open". The caller runs {@link Party#setup()} first if setup should be accounted apart.
 */
public final class Google30Secure {
  private Google30Secure() {}

  /**
   * Both parties call this with their own data: the server passes the weights and null, the client null and the
   * input (99 x 32 step-major, 8-bit signed). The client gets the result, the server null.
   */
  @SuppressWarnings("try")
  public static Google30Plain.Result infer(Party p, Google30Model.Weights w, long[] input) {
    return infer(p, w, input, false);
  }

  /**
   * As {@link #infer(Party, Google30Model.Weights, long[])}; {@code fused}: the step's sigmoid and tanh as one
   * {@link SigmoidTanh} evaluation (scope "sigmoid-tanh"), the twin of {@code Google30Plain.infer(w, x, true)}.
   */
  public static Google30Plain.Result infer(Party p, Google30Model.Weights w, long[] input, boolean fused) {
    if (p.isServer() && w == null) {
      throw new IllegalArgumentException("google30: the server must pass the weights");
    }
    if (!p.isServer() && (input == null || input.length != STEPS * FEATURES)) {
      throw new IllegalArgumentException("google30: the client must pass " + STEPS * FEATURES + " input values");
    }
    boolean srv = p.isServer();
    // X^T (32 x 99): column t is step t
    long[] xT;
    try (Traffic.Scope sc = p.scope("input")) {
      long[] vals = null;
      if (!srv) {
        vals = new long[FEATURES * STEPS];
        for (int t = 0; t < STEPS; t++) {
          for (int j = 0; j < FEATURES; j++) {
            vals[j * STEPS + t] = input[t * FEATURES + j] & Ring.mask(VALUE_BITS);
          }
        }
      }
      xT = Sharing.share(p, Party.Role.CLIENT, vals, FEATURES * STEPS, VALUE_BITS);
    }
    long[] a1T; // 16 x 99, 8-bit
    try (Traffic.Scope sc = p.scope("w1")) {
      a1T = matMul(p, srv ? transpose(w.w1(), FEATURES, RANK_W) : null, xT, 8, FEATURES, RANK_W, STEPS, 1, 1, 0,
          64, 8);
    }
    long[] aT; // 100 x 99, 16-bit
    try (Traffic.Scope sc = p.scope("w2")) {
      aT = matMul(p, srv ? transpose(w.w2(), RANK_W, HIDDEN) : null, a1T, 8, RANK_W, HIDDEN, STEPS, 1, 1, 0, 1, 16);
    }
    long[] a5T; // op 5's a' = a / 32 for every step, 16-bit
    try (Traffic.Scope sc = p.scope("gates")) {
      a5T = rescale(p, aT, 16, 5, 16);
    }
    long[] u1T = srv ? transpose(w.u1(), HIDDEN, RANK_U) : null;
    long[] u2T = srv ? transpose(w.u2(), RANK_U, HIDDEN) : null;
    long[] h = new long[HIDDEN]; // shares of zero
    long[] a5 = new long[HIDDEN];
    for (int t = 0; t < STEPS; t++) {
      for (int u = 0; u < HIDDEN; u++) {
        a5[u] = a5T[u * STEPS + t];
      }
      h = step(p, w, u1T, u2T, a5, h, fused);
    }
    long[] scores;
    try (Traffic.Scope sc = p.scope("fc")) {
      long[] s1 = matMul(p, srv ? transpose(w.fc(), HIDDEN, CLASSES) : null, h, 16, HIDDEN, CLASSES, 1, 2, 2, 7,
          256, 8);
      long[] bias = srv ? floorDiv(w.fcBias(), 3) : null;
      scores = addPublic(p, s1, bias, 8);
    }
    long[] opened;
    try (Traffic.Scope sc = p.scope("open")) {
      opened = Sharing.openTo(p, Party.Role.CLIENT, scores, 8);
    }
    if (opened == null) {
      return null;
    }
    long[] signed = Ring.signedView(opened, 8);
    return new Google30Plain.Result(signed, Google30Plain.argmax(signed), 0);
  }

  @SuppressWarnings("try")
  private static long[] step(Party p, Google30Model.Weights w, long[] u1T, long[] u2T, long[] a5, long[] h,
      boolean fused) {
    boolean srv = p.isServer();
    long[] b1;
    try (Traffic.Scope sc = p.scope("u1")) {
      b1 = matMul(p, u1T, h, 16, HIDDEN, RANK_U, 1, 1, 1, 7, 256, 8);
    }
    long[] b;
    try (Traffic.Scope sc = p.scope("u2")) {
      b = matMul(p, u2T, b1, 8, RANK_U, HIDDEN, 1, 1, 1, 0, 64, 8);
    }
    long[] zg;
    long[] zh;
    try (Traffic.Scope sc = p.scope("gates")) {
      long[] b16 = Extension.sext(p, b, 8, 16);
      long[] c = new long[HIDDEN];
      for (int u = 0; u < HIDDEN; u++) {
        c[u] = ((a5[u] + b16[u]) << 6) & Ring.mask(16); // op 5: (a/32 + b) * 64
      }
      long[] c6 = rescale(p, c, 16, 6, 16); // ops 6 and 8 share c / 64
      zg = shl(addPublic(p, c6, srv ? w.bg() : null, 16), 6, 16);
      zh = shl(addPublic(p, c6, srv ? w.bh() : null, 16), 6, 16);
    }
    long[] g;
    long[] hh;
    if (fused) {
      long[][] gh = SigmoidTanh.evaluate(p, zg, zh, 16, 9, 14, 9, 9, 16); // scope "sigmoid-tanh"
      g = gh[0];
      hh = gh[1];
    } else {
      g = Sigmoid.sigmoid(p, zg, 16, 9, 16, 14); // scope "sigmoid"
      hh = Tanh.tanh(p, zh, 16, 9, 16, 9); // scope "tanh"
    }
    try (Traffic.Scope sc = p.scope("update")) {
      // op 11: ONE - g
      long[] omg = new long[HIDDEN];
      for (int u = 0; u < HIDDEN; u++) {
        omg[u] = ((srv ? Google30Plain.ONE : 0) - g[u]) & Ring.mask(16);
      }
      // op 12: (ZETA * omg) >> 14 with the exact product in 32 bits
      long[] omg32 = Extension.sext(p, omg, 16, 32);
      long[] zp = new long[HIDDEN];
      for (int u = 0; u < HIDDEN; u++) {
        zp[u] = (omg32[u] * Google30Plain.ZETA) & Ring.mask(32);
      }
      long[] z = rescale(p, zp, 32, 14, 16);
      // op 13: z + NU / 64
      long nu = srv ? Google30Plain.NU >> 6 : 0;
      long[] zn = new long[HIDDEN];
      for (int u = 0; u < HIDDEN; u++) {
        zn[u] = (z[u] + nu) & Ring.mask(16);
      }
      // ops 10 and 14 in one signed multiplication: [g | zn] * [H | h]
      long[] left = new long[2 * HIDDEN];
      long[] right = new long[2 * HIDDEN];
      System.arraycopy(g, 0, left, 0, HIDDEN);
      System.arraycopy(zn, 0, left, HIDDEN, HIDDEN);
      System.arraycopy(h, 0, right, 0, HIDDEN);
      System.arraycopy(hh, 0, right, HIDDEN, HIDDEN);
      long[] prod = Multiplication.smult(p, left, 16, right, 16, 32);
      long[] gH = rescale(p, java.util.Arrays.copyOfRange(prod, 0, HIDDEN), 32, 14, 16);
      long[] zh2 = rescale(p, java.util.Arrays.copyOfRange(prod, HIDDEN, 2 * HIDDEN), 32, 9, 16);
      // op 15: gH + zh2 / 2
      long[] half = rescale(p, zh2, 16, 1, 16);
      long[] out = new long[HIDDEN];
      for (int u = 0; u < HIDDEN; u++) {
        out[u] = (gH[u] + half[u]) & Ring.mask(16);
      }
      return out;
    }
  }

  /**
   * Shares of the README's MatMul W^T-side product: Y (j x d3) = W^T X with W^T (j x k, 8-bit signed, server
   * only) and X (k x d3, bwX-bit signed shares); per column this is x W for a row vector x, with exactly the
   * twin's floors: the exact sum in a ring wide enough for it, one floor shift by depth + max(shift, 0), a left
   * shift when shift &lt; 0, written back at bwC bits.
   */
  static long[] matMul(Party p, long[] wT, long[] x, int bwX, int k, int j, int d3, long sA, long sB, int h1,
      long dem, int bwC) {
    int d = Google30Plain.depth(k);
    int shift = Google30Plain.log2(sA, "sA") + Google30Plain.log2(sB, "sB") + Google30Plain.log2(dem, "dem") + h1
        - d;
    int s = d + Math.max(shift, 0);
    int l = Math.max(bwX + VALUE_BITS + d + 1, bwC + s);
    if (l > 64) {
      throw new IllegalArgumentException("matmul: needs a " + l + "-bit ring (more than 64)");
    }
    long[] sum = WeightMatMul.multiply(p, wT, VALUE_BITS, true, x, bwX, true, j, k, d3, l);
    long[] y = rescale(p, sum, l, s, bwC);
    if (shift < 0) {
      for (int e = 0; e < y.length; e++) {
        y[e] = (y[e] << -shift) & Ring.mask(bwC);
      }
    }
    return y;
  }

  /** Shares of floor(int_bwIn(x) / 2^s) mod 2^bwOut ({@link Rescale#floorShift}). */
  static long[] rescale(Party p, long[] x, int bwIn, int s, int bwOut) {
    return Rescale.floorShift(p, x, bwIn, s, bwOut);
  }

  /** x + c (c public to the server, element-wise, null for the client) mod 2^bw. */
  private static long[] addPublic(Party p, long[] x, long[] c, int bw) {
    long[] out = new long[x.length];
    for (int e = 0; e < x.length; e++) {
      out[e] = (x[e] + (p.isServer() ? c[e] : 0)) & Ring.mask(bw);
    }
    return out;
  }

  private static long[] shl(long[] x, int k, int bw) {
    long[] out = new long[x.length];
    for (int e = 0; e < x.length; e++) {
      out[e] = (x[e] << k) & Ring.mask(bw);
    }
    return out;
  }

  private static long[] floorDiv(long[] v, int s) {
    long[] out = new long[v.length];
    for (int e = 0; e < v.length; e++) {
      out[e] = v[e] >> s;
    }
    return out;
  }

  /** The transpose (cols x rows) of a row-major rows x cols matrix. */
  static long[] transpose(long[] m, int rows, int cols) {
    return org.sirnn.nn.ops.QuantizedOps.transpose(m, rows, cols);
  }
}
