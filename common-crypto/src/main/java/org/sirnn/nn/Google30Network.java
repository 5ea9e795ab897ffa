package org.sirnn.nn;

import static org.sirnn.nn.Google30Model.CLASSES;
import static org.sirnn.nn.Google30Model.FEATURES;
import static org.sirnn.nn.Google30Model.HIDDEN;
import static org.sirnn.nn.Google30Model.RANK_U;
import static org.sirnn.nn.Google30Model.RANK_W;
import static org.sirnn.nn.Google30Model.STEPS;
import static org.sirnn.nn.Google30Model.VALUE_BITS;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.sirnn.clear.math.SigmoidParams;
import org.sirnn.clear.math.SigmoidTanhParams;
import org.sirnn.clear.math.TanhParams;
import org.sirnn.fixed.Argmax;
import org.sirnn.nn.ops.ClearKernels;
import org.sirnn.nn.ops.Kernels;
import org.sirnn.nn.ops.QuantizedOps;
import org.sirnn.nn.ops.SecureKernels;
import org.sirnn.ring.Ring;

/**
 * The Google-30 FastGRNN exactly as {@code shared/data/google30/README.md} fixes it (floor rescales, results
 * wrapped to each op's bitwidth, SiRnn's sigmoid and tanh), written once over {@link Kernels}: over
 * {@link ClearKernels} it is the cleartext fixed-point twin, over {@link SecureKernels} the secure two-party
 * inference (the server holds the weights, the client the input; only the client learns the 30 scores). Every op is
 * batched over the hidden units; the input layers (x_t W1 W2 and the floor of a by 32) do not depend on the state
 * and run once for all 99 steps.
 *
 * <p>Layers (the metrics' {@code layer} tag): "input" (sharing, W1, W2, a / 32), "cell" for each of the 99 steps
 * (ops "u1", "u2", "gates", "sigmoid" and "tanh" or the fused "sigmoid-tanh", "update-z", "update-gh", "update"), "fc", "open" (for a
 * label-only run "argmax" before it).
 *
 * <p>Schedule: after "gates", a step's ops run as five branches in lockstep ({@link Kernels#parallel}), each as soon
 * as its inputs exist: "sigmoid" and "tanh" (or "sigmoid-tanh") side by side, then from the gate "update-z" (ops
 * 11-13) and "update-gh" (op 10) side by side and alongside tanh, and "update" (ops 14-15) last; a step costs the
 * rounds of its longest chain, not the sum of its ops.
 */
public final class Google30Network {
  /** 1 - sigmoid's complement weight zeta, at scale 2^14 as in the README. */
  public static final long ZETA = 30498;
  /** nu at scale 2^14. */
  public static final long NU = 22714;
  /** 1.0 at scale 2^14. */
  public static final long ONE = 16384;
  /** sigmoid: 16-bit input at scale 9 -> 16-bit output at scale 14. */
  public static final SigmoidParams SIGMOID = new SigmoidParams(16, 9, 16, 14);
  /** tanh: 16-bit input at scale 9 -> 16-bit output at scale 9. */
  public static final TanhParams TANH = new TanhParams(16, 9, 16, 9);
  /**
   * The step's sigmoid and tanh as one fused evaluation ({@code org.sirnn.math.SigmoidTanh}): the same functions
   * and scales at a common internal scale 14, about the rounds of one function; outputs may differ from
   * {@link #SIGMOID}/{@link #TANH} by a few units in the last place. "google30-fused" only; "google30" follows the
   * README's separate functions.
   */
  public static final SigmoidTanhParams SIGMOID_TANH = new SigmoidTanhParams(16, 9, 14, 9, 9, 16);

  private Google30Network() {}

  /**
   * The scores (30 signed 8-bit values) on the client and for the twin, null on the server.
   *
   * @param w the weights (the weight holder: server or twin), null on the client
   * @param input 99 x 32 step-major signed 8-bit values (client or twin), null on the server
   * @param fused the step's sigmoid and tanh in one pass ({@link #SIGMOID_TANH})
   */
  public static long[] run(Kernels k, Google30Model.Weights w, long[] input, boolean fused) {
    return run(k, w, input, fused, false);
  }

  /**
   * As {@link #run(Kernels, Google30Model.Weights, long[], boolean)}; with {@code labelOnly} the 30 scores stay
   * shared: a secure argmax (layer "argmax", {@link org.sirnn.fixed.Argmax}: 5 levels of comparisons and
   * multiplexers) replaces their opening, and the client (and the twin) get the label alone, one value in 0..29.
   */
  public static long[] run(Kernels k, Google30Model.Weights w, long[] input, boolean fused, boolean labelOnly) {
    boolean holder = k.hasWeights();
    if (holder && w == null) {
      throw new IllegalArgumentException("google30: the weight holder must pass the weights");
    }
    if (input != null && input.length != STEPS * FEATURES) {
      throw new IllegalArgumentException("google30: " + input.length + " input values, expected " + STEPS * FEATURES);
    }
    long[] a5T; // a / 32 for every step (op 5's a'), 100 x 99, 16-bit
    try (Kernels.Scope sc = k.scope("input")) {
      long[] vals = null; // X^T (32 x 99): column t is step t
      if (input != null) {
        vals = new long[FEATURES * STEPS];
        for (int t = 0; t < STEPS; t++) {
          for (int j = 0; j < FEATURES; j++) {
            vals[j * STEPS + t] = input[t * FEATURES + j] & Ring.mask(VALUE_BITS);
          }
        }
      }
      long[] xT = k.input(vals, FEATURES * STEPS, VALUE_BITS);
      long[] a1T;
      try (Kernels.Scope op = k.scope("w1")) {
        a1T = matMul(k, holder ? transpose(w.w1(), FEATURES, RANK_W) : null, xT, 8, FEATURES, RANK_W, STEPS, 1, 1, 0,
            64, 8);
      }
      long[] aT;
      try (Kernels.Scope op = k.scope("w2")) {
        aT = matMul(k, holder ? transpose(w.w2(), RANK_W, HIDDEN) : null, a1T, 8, RANK_W, HIDDEN, STEPS, 1, 1, 0, 1,
            16);
      }
      try (Kernels.Scope op = k.scope("gates")) {
        a5T = k.rescale(aT, 16, 5, 16);
      }
    }
    long[] u1T = holder ? transpose(w.u1(), HIDDEN, RANK_U) : null;
    long[] u2T = holder ? transpose(w.u2(), RANK_U, HIDDEN) : null;
    long[] h = new long[HIDDEN]; // shares (or values) of zero
    long[] a5 = new long[HIDDEN];
    for (int t = 0; t < STEPS; t++) {
      for (int u = 0; u < HIDDEN; u++) {
        a5[u] = a5T[u * STEPS + t];
      }
      try (Kernels.Scope sc = k.scope("cell")) {
        h = step(k, w, u1T, u2T, a5, h, fused);
      }
    }
    long[] scores;
    try (Kernels.Scope sc = k.scope("fc")) {
      long[] s1 = matMul(k, holder ? transpose(w.fc(), HIDDEN, CLASSES) : null, h, 16, HIDDEN, CLASSES, 1, 2, 2, 7,
          256, 8);
      scores = k.addServer(s1, holder ? floorDiv(w.fcBias(), 3) : null, 8);
    }
    if (labelOnly) {
      long[] label;
      try (Kernels.Scope sc = k.scope("argmax")) {
        label = k.argmax(scores, 8, 1, CLASSES);
      }
      try (Kernels.Scope sc = k.scope("open")) {
        return k.revealToClient(label, Argmax.indexBits(CLASSES));
      }
    }
    try (Kernels.Scope sc = k.scope("open")) {
      long[] opened = k.revealToClient(scores, 8);
      return opened == null ? null : Ring.signedView(opened, 8);
    }
  }

  /** One FastGRNN step (the README's ops 5-15): the new hidden state from a_t / 32 and H. */
  private static long[] step(Kernels k, Google30Model.Weights w, long[] u1T, long[] u2T, long[] a5, long[] h,
      boolean fused) {
    boolean holder = k.hasWeights();
    long[] b1;
    try (Kernels.Scope sc = k.scope("u1")) {
      b1 = matMul(k, u1T, h, 16, HIDDEN, RANK_U, 1, 1, 1, 7, 256, 8);
    }
    long[] b;
    try (Kernels.Scope sc = k.scope("u2")) {
      b = matMul(k, u2T, b1, 8, RANK_U, HIDDEN, 1, 1, 1, 0, 64, 8);
    }
    long[] zg;
    long[] zh;
    try (Kernels.Scope sc = k.scope("gates")) {
      long[] b16 = k.rescale(b, 8, 0, 16); // sign extension
      long[] c = new long[HIDDEN];
      for (int u = 0; u < HIDDEN; u++) {
        c[u] = ((a5[u] + b16[u]) << 6) & Ring.mask(16); // op 5: (a/32 + b) * 64
      }
      long[] c6 = k.rescale(c, 16, 6, 16); // ops 6 and 8 share c / 64
      zg = shl(k.addServer(c6, holder ? w.bg() : null, 16), 6, 16);
      zh = shl(k.addServer(c6, holder ? w.bh() : null, 16), 6, 16);
    }
    // The rest of the step as five branches in lockstep, each starting when the values it needs exist:
    //   sigmoid (or the fused sigmoid-tanh) -> g;  tanh -> h~;  update-z: ops 11-13 from g;  update-gh: op 10, g * H;
    //   update: ops 14-15 from update-z, h~ and update-gh.
    CompletableFuture<long[]> gate = new CompletableFuture<>();
    CompletableFuture<long[]> cand = new CompletableFuture<>();
    CompletableFuture<long[]> zeta = new CompletableFuture<>();
    CompletableFuture<long[]> gateH = new CompletableFuture<>();
    List<Function<Kernels, long[]>> branches = new ArrayList<>();
    if (fused) {
      branches.add(q -> {
        try (Kernels.Scope sc = q.scope("sigmoid-tanh")) {
          long[][] gh = q.sigmoidTanh(zg, zh, 16, 9, 14, 9, 9, 16);
          gate.complete(gh[0]);
          cand.complete(gh[1]);
          return null;
        }
      });
    } else {
      branches.add(q -> {
        try (Kernels.Scope sc = q.scope("sigmoid")) {
          gate.complete(q.sigmoid(zg, 16, 9, 16, 14));
          return null;
        }
      });
      branches.add(q -> {
        try (Kernels.Scope sc = q.scope("tanh")) {
          cand.complete(q.tanh(zh, 16, 9, 16, 9));
          return null;
        }
      });
    }
    branches.add(q -> {
      long[] g = q.await(gate);
      try (Kernels.Scope sc = q.scope("update-z")) {
        zeta.complete(zetaTerm(q, g));
        return null;
      }
    });
    branches.add(q -> {
      long[] g = q.await(gate);
      try (Kernels.Scope sc = q.scope("update-gh")) {
        // op 10: g * H, rescaled by 2^14
        gateH.complete(q.rescale(q.smult(g, 16, h, 16, 32), 32, 14, 16));
        return null;
      }
    });
    branches.add(q -> {
      long[] zn = q.await(zeta);
      long[] hh = q.await(cand);
      try (Kernels.Scope sc = q.scope("update")) {
        // op 14: zn * h~ rescaled by 2^9, then op 15: gH + zh2 / 2. The two floor shifts are one: zn lies in
        // [NU/64, ZETA + NU/64] and |h~| <= 2^9 (Google30RangesTest), so zn * h~ / 2^9 fits 16 signed bits, op 14
        // never wraps, and floor(floor(v / 2^9) / 2) = floor(v / 2^10)
        long[] half = q.rescale(q.smult(zn, 16, hh, 16, 32), 32, 10, 16);
        long[] gH = q.await(gateH);
        long[] out = new long[HIDDEN];
        for (int u = 0; u < HIDDEN; u++) {
          out[u] = (gH[u] + half[u]) & Ring.mask(16);
        }
        return out;
      }
    });
    List<long[]> results = k.parallel(branches);
    return results.get(results.size() - 1);
  }

  /** Ops 11-13 from the gate g: zeta (ONE - g) / 2^14 + nu / 64. */
  private static long[] zetaTerm(Kernels k, long[] g) {
    // op 11: ONE - g (a public constant, added by one party)
    long[] negG = new long[HIDDEN];
    for (int u = 0; u < HIDDEN; u++) {
      negG[u] = -g[u] & Ring.mask(16);
    }
    long[] omg = k.addServer(negG, new long[] {ONE}, 16);
    // op 12: (ZETA * omg) >> 14 with the exact product in 32 bits (a public factor: local); omg = ONE - g lies in
    // [0, ONE] because the sigmoid's output does (Google30RangesTest), so its sign extension is a zero extension
    long[] zp = k.extendNonNegative(omg, 16, 32);
    for (int u = 0; u < HIDDEN; u++) {
      zp[u] = (zp[u] * ZETA) & Ring.mask(32);
    }
    long[] z = k.rescale(zp, 32, 14, 16);
    // op 13: z + NU / 64
    return k.addServer(z, new long[] {NU >> 6}, 16);
  }

  /**
   * The README's MatMul on the W^T side: Y (j x d3) = W^T X with W^T (j x k, 8-bit signed, weight holder only) and
   * X (k x d3, bwX-bit signed); per column this is x W for a row vector x, with exactly the README's floors: the
   * exact sum in a ring wide enough for it, one floor shift by depth + max(shift, 0), a left shift when
   * shift &lt; 0, written back at bwC bits.
   */
  static long[] matMul(Kernels k, long[] wT, long[] x, int bwX, int kk, int j, int d3, long sA, long sB, int h1,
      long dem, int bwC) {
    int d = depth(kk);
    int shift = log2(sA, "sA") + log2(sB, "sB") + log2(dem, "dem") + h1 - d;
    int s = d + Math.max(shift, 0);
    int l = Math.max(bwX + VALUE_BITS + d + 1, bwC + s);
    if (l > 64) {
      throw new IllegalArgumentException("matmul: needs a " + l + "-bit ring (more than 64)");
    }
    long[] sum = k.matmul(wT, VALUE_BITS, x, bwX, j, kk, d3, l);
    long[] y = k.rescale(sum, l, s, bwC);
    return shift < 0 ? shl(y, -shift, bwC) : y;
  }

  /** ceil(log2 k) for k >= 1: the depth of a k-term sum. */
  public static int depth(int k) {
    return 32 - Integer.numberOfLeadingZeros(k - 1);
  }

  /** log2 of a power of two, else IllegalArgumentException naming the parameter. */
  public static int log2(long v, String what) {
    if (v <= 0 || Long.bitCount(v) != 1) {
      throw new IllegalArgumentException(what + " = " + v + " is not a power of two");
    }
    return Long.numberOfTrailingZeros(v);
  }

  private static long[] shl(long[] x, int s, int bw) {
    long[] out = new long[x.length];
    for (int e = 0; e < x.length; e++) {
      out[e] = (x[e] << s) & Ring.mask(bw);
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

  private static long[] transpose(long[] m, int rows, int cols) {
    return QuantizedOps.transpose(m, rows, cols);
  }
}
