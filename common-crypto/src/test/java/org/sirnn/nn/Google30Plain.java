package org.sirnn.nn;

import static org.sirnn.nn.Google30Model.CLASSES;
import static org.sirnn.nn.Google30Model.FEATURES;
import static org.sirnn.nn.Google30Model.HIDDEN;
import static org.sirnn.nn.Google30Model.RANK_U;
import static org.sirnn.nn.Google30Model.RANK_W;
import static org.sirnn.nn.Google30Model.STEPS;

import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.SigmoidParams;
import org.sirnn.clear.math.SigmoidTanhParams;
import org.sirnn.clear.math.TanhParams;
import org.sirnn.ring.Ring;

/**
 * The README's reference arithmetic of the Google-30 FastGRNN, op by op on plain signed longs (test only: the
 * product runs {@link Google30Network}, whose twin over ClearKernels must equal this): exactly the integer program
 * of {@code shared/data/google30/README.md} (floor rescales, results wrapped to each op's bitwidth, SiRnn's sigmoid
 * and tanh from {@link ClearMath}). Values are held as signed longs (int_bw of each result). The op helpers are
 * public so that their semantics can be tested on their own; every result that leaves its bitwidth before the
 * two's-complement write-back is counted in {@link Result#overflows()} (the README expects none).
 */
public final class Google30Plain {
  static final long ZETA = Google30Network.ZETA;
  static final long NU = Google30Network.NU;
  static final long ONE = Google30Network.ONE;
  static final SigmoidParams SIGMOID = Google30Network.SIGMOID;
  static final TanhParams TANH = Google30Network.TANH;
  static final SigmoidTanhParams SIGMOID_TANH = Google30Network.SIGMOID_TANH;

  /** Scores (signed 8-bit values), the argmax label and the number of results that wrapped. */
  public record Result(long[] scores, int label, int overflows) {}

  /** Counts results that left their bitwidth (wrapped on write-back). */
  public static final class Overflows {
    private int count;

    public int count() {
      return count;
    }

    long wrap(long v, int bw) {
      long w = Ring.signed(v & Ring.mask(bw), bw);
      if (w != v) {
        count++;
      }
      return w;
    }
  }

  private Google30Plain() {}


  /** The whole program on the given weights and input (99 x 32, step-major), as the README fixes it. */
  public static Result infer(Google30Model.Weights w, long[] input) {
    return infer(w, input, false);
  }

  /** As {@link #infer(Google30Model.Weights, long[])}; {@code fused}: sigmoid and tanh by {@link #SIGMOID_TANH}. */
  public static Result infer(Google30Model.Weights w, long[] input, boolean fused) {
    if (input.length != STEPS * FEATURES) {
      throw new IllegalArgumentException("google30 input: expected " + STEPS * FEATURES + " values");
    }
    Overflows o = new Overflows();
    long[] h = new long[HIDDEN];
    long[] xt = new long[FEATURES];
    for (int t = 0; t < STEPS; t++) {
      System.arraycopy(input, t * FEATURES, xt, 0, FEATURES);
      h = step(w, xt, h, o, fused);
    }
    long[] s1 = matMul(o, h, 1, HIDDEN, w.fc(), CLASSES, 2, 2, 7, 256, 8);
    long[] scores = matAdd(o, s1, w.fcBias(), false, 1, 8, 1, 1, 8);
    return new Result(scores, argmax(scores), o.count());
  }

  /** One FastGRNN step (ops 1-15): the new hidden state from x_t and H. */
  public static long[] step(Google30Model.Weights w, long[] xt, long[] hPrev, Overflows o) {
    return step(w, xt, hPrev, o, false);
  }

  /** One step; {@code fused}: sigmoid and tanh by {@link #SIGMOID_TANH}. */
  public static long[] step(Google30Model.Weights w, long[] xt, long[] hPrev, Overflows o, boolean fused) {
    long[] a1 = matMul(o, xt, 1, FEATURES, w.w1(), RANK_W, 1, 1, 0, 64, 8);
    long[] a = matMul(o, a1, 1, RANK_W, w.w2(), HIDDEN, 1, 1, 0, 1, 16);
    long[] b1 = matMul(o, hPrev, 1, HIDDEN, w.u1(), RANK_U, 1, 1, 7, 256, 8);
    long[] b = matMul(o, b1, 1, RANK_U, w.u2(), HIDDEN, 1, 1, 0, 64, 8);
    long[] c = shiftLeft(o, matAdd(o, a, b, false, 32, 1, 1, 1, 16), 6, 16);
    long[] zg = shiftLeft(o, matAdd(o, c, w.bg(), false, 64, 1, 1, 1, 16), 6, 16);
    long[] zh = shiftLeft(o, matAdd(o, c, w.bh(), false, 64, 1, 1, 1, 16), 6, 16);
    long[][] gh = fused ? sigmoidTanh(zg, zh) : new long[][] {sigmoid(zg), tanh(zh)};
    long[] g = gh[0];
    long[] hh = gh[1];
    long[] gH = mulCir(o, g, hPrev, 128, 128, 1, 16);
    long[] omg = matAdd(o, new long[] {ONE}, g, true, 1, 1, 1, 1, 16);
    long[] z = scalarMul(o, ZETA, omg, 128, 128, 1, 16);
    long[] zn = matAdd(o, z, new long[] {NU}, false, 1, 64, 1, 1, 16);
    long[] zh2 = mulCir(o, zn, hh, 16, 32, 1, 16);
    return matAdd(o, gH, zh2, false, 1, 2, 1, 1, 16);
  }

  static int depth(int k) {
    return Google30Network.depth(k);
  }

  static int log2(long v, String what) {
    return Google30Network.log2(v, what);
  }

  /**
   * MatMul A (i x k) times B (k x j), row-major: exact sums, floored by depth = ceil(log2 k), then
   * shift = log2 sA + log2 sB + log2 dem + h1 - depth (floor right shift, or left shift when negative); written
   * back at bwC bits.
   */
  public static long[] matMul(Overflows o, long[] a, int i, int k, long[] b, int j, long sA, long sB, int h1,
      long dem, int bwC) {
    if (a.length != i * k || b.length != k * j) {
      throw new IllegalArgumentException("matmul: shapes " + a.length + " vs " + i + "x" + k + ", " + b.length
          + " vs " + k + "x" + j);
    }
    int d = depth(k);
    int shift = log2(sA, "sA") + log2(sB, "sB") + log2(dem, "dem") + h1 - d;
    long[] out = new long[i * j];
    for (int r = 0; r < i; r++) {
      for (int c = 0; c < j; c++) {
        long sum = 0;
        for (int q = 0; q < k; q++) {
          sum += a[r * k + q] * b[q * j + c];
        }
        sum >>= d;
        sum = shift >= 0 ? sum >> shift : sum << -shift;
        out[r * j + c] = o.wrap(sum, bwC);
      }
    }
    return out;
  }

  /**
   * MatAdd / MatSub with broadcast (a length-1 operand is a scalar): a' = A / (sA sC), b' = (+-B) / (sB sC)
   * (negation before division), result (a' + b') / dem, every division a floor; written back at bwC bits.
   */
  public static long[] matAdd(Overflows o, long[] a, long[] b, boolean sub, long sA, long sB, long sC, long dem,
      int bwC) {
    int n = Math.max(a.length, b.length);
    if ((a.length != n && a.length != 1) || (b.length != n && b.length != 1)) {
      throw new IllegalArgumentException("matadd: lengths " + a.length + " and " + b.length + " do not broadcast");
    }
    int shA = log2(sA, "sA") + log2(sC, "sC");
    int shB = log2(sB, "sB") + log2(sC, "sC");
    int shD = log2(dem, "dem");
    long[] out = new long[n];
    for (int e = 0; e < n; e++) {
      long av = a[a.length == 1 ? 0 : e] >> shA;
      long bv = (sub ? -b[b.length == 1 ? 0 : e] : b[b.length == 1 ? 0 : e]) >> shB;
      out[e] = o.wrap((av + bv) >> shD, bwC);
    }
    return out;
  }

  /** Element-wise (a * b) >> log2(sA sB dem), written back at bwC bits. */
  public static long[] mulCir(Overflows o, long[] a, long[] b, long sA, long sB, long dem, int bwC) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("mulcir: lengths " + a.length + " and " + b.length);
    }
    int sh = log2(sA, "sA") + log2(sB, "sB") + log2(dem, "dem");
    long[] out = new long[a.length];
    for (int e = 0; e < a.length; e++) {
      out[e] = o.wrap((a[e] * b[e]) >> sh, bwC);
    }
    return out;
  }

  /** (scalar * b) >> log2(sA sB dem) element-wise, written back at bwC bits. */
  public static long[] scalarMul(Overflows o, long scalar, long[] b, long sA, long sB, long dem, int bwC) {
    long[] a = new long[b.length];
    java.util.Arrays.fill(a, scalar);
    return mulCir(o, a, b, sA, sB, dem, bwC);
  }

  /** x * 2^k written back at bw bits. */
  public static long[] shiftLeft(Overflows o, long[] x, int k, int bw) {
    long[] out = new long[x.length];
    for (int e = 0; e < x.length; e++) {
      out[e] = o.wrap(x[e] << k, bw);
    }
    return out;
  }

  /** Sigmoid at {@link #SIGMOID} on signed 16-bit values; signed 16-bit results. */
  public static long[] sigmoid(long[] x) {
    long[] out = new long[x.length];
    for (int e = 0; e < x.length; e++) {
      out[e] = Ring.signed(ClearMath.sigmoid(x[e] & Ring.mask(16), SIGMOID), 16);
    }
    return out;
  }

  /** Tanh at {@link #TANH} on signed 16-bit values; signed 16-bit results. */
  public static long[] tanh(long[] x) {
    long[] out = new long[x.length];
    for (int e = 0; e < x.length; e++) {
      out[e] = Ring.signed(ClearMath.tanh(x[e] & Ring.mask(16), TANH), 16);
    }
    return out;
  }

  /** Index of the first maximum. */
  public static int argmax(long[] v) {
    int best = 0;
    for (int e = 1; e < v.length; e++) {
      if (v[e] > v[best]) {
        best = e;
      }
    }
    return best;
  }

  /**
   * Sigmoid of zg and tanh of zh fused at {@link #SIGMOID_TANH} on signed 16-bit values: {sigmoid, tanh}, signed
   * 16-bit results.
   */
  public static long[][] sigmoidTanh(long[] zg, long[] zh) {
    long[] g = new long[zg.length];
    long[] h = new long[zh.length];
    for (int e = 0; e < zg.length; e++) {
      g[e] = Ring.signed(ClearMath.sigmoidTanhSigmoid(zg[e] & Ring.mask(16), SIGMOID_TANH), 16);
    }
    for (int e = 0; e < zh.length; e++) {
      h[e] = Ring.signed(ClearMath.sigmoidTanhTanh(zh[e] & Ring.mask(16), SIGMOID_TANH), 16);
    }
    return new long[][] {g, h};
  }
}
