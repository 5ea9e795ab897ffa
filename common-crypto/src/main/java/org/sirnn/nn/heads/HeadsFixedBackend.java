package org.sirnn.nn.heads;

import org.sirnn.ring.Ring;

/**
 * The SiRnn-style fixed-point Heads as a {@link HeadsBackend} over {@link FxKernels}: the same code is the
 * cleartext twin (over {@link org.sirnn.nn.ops.ClearKernels}) and the secure inference (over
 * {@link org.sirnn.nn.ops.SecureKernels}), so the two agree bit for bit. {@link HeadsGraph} gives the layer order.
 * Every scale is the face-2 headers' (the EdgeML integer at the same point); widths, rounding and the math
 * functions are ours (docs/heads.md): floor shifts, SiRnn sigmoid / tanh / rsqrt, ReLU6 as two ReLUs, layers 1-3 in
 * 16 bits instead of wrapping int8, detection outputs in {@link #DET_BITS} bits.
 *
 * <p>The {@code inBits} / {@code outBits} of the interface (the C store widths) are hints: inputs use the map's
 * own ring, outputs the widths documented per op.
 */
public final class HeadsFixedBackend implements HeadsBackend<FxMap> {
  /** Ring of the detection heads' conv / bias / max-out outputs (values are int16 at most). */
  public static final int DET_BITS = 20;

  private final FxKernels fk;

  public HeadsFixedBackend(FxKernels fk) {
    this.fk = fk;
  }

  public FxKernels kernels() {
    return fk;
  }

  private static int outWidth(String name, int outBits) {
    if (name.startsWith("CBR1")) {
      return 16; // README: layers 1-3 wrap in int8; a 16-bit ring holds every value before the ReLU6 clamp
    }
    if (name.matches("D\\dCW|D\\dLW")) {
      return DET_BITS;
    }
    return outBits;
  }

  /**
   * Conv(X, F, S) with a floor shift by log2(divisor): G = 1 by im2col and one WeightMatMul (exact in
   * x + w + ceil(log2(taps)) bits); a per-channel scale (G = C, 1 x 1) by one element-wise product.
   */
  @Override
  public FxMap conv(FxMap x, ConvSpec s, int inBits, int outBits) {
    int ob = outWidth(s.name(), outBits);
    int shift = FxKernels.log2(s.divisor());
    try (var sc = fk.scope("conv-" + s.name())) {
      if (s.groups() == x.c() && s.hf() == 1 && s.wf() == 1 && s.cf() == 1 && s.cout() == 1) {
        long[] w = new long[s.groups()];
        for (int g = 0; g < w.length; g++) {
          w[g] = s.weights()[g];
        }
        int l = x.bits() + s.weightBits();
        long[] y = fk.mulServer(x.v(), x.bits(), fk.hasWeights() ? w : null, w.length, s.weightBits(), l);
        return new FxMap(x.h(), x.w(), x.c(), fk.rescale(y, l, shift, ob, s.name()), ob);
      }
      if (s.groups() != 1 || s.cf() != x.c()) {
        throw new IllegalArgumentException(s.name() + ": only G = 1 or per-channel 1x1 convolutions");
      }
      int ho = s.outHeight(x.h());
      int wo = s.outWidth(x.w());
      int taps = s.hf() * s.wf() * s.cf();
      long[] w = new long[s.cout() * taps];
      for (int o = 0; o < s.cout(); o++) {
        for (int i = 0; i < s.hf(); i++) {
          for (int j = 0; j < s.wf(); j++) {
            for (int c = 0; c < s.cf(); c++) {
              w[o * taps + (i * s.wf() + j) * s.cf() + c] = s.weight(0, i, j, c, o);
            }
          }
        }
      }
      int npo = ho * wo;
      long[] col = new long[taps * npo];
      for (int r = 0; r < ho; r++) {
        for (int cc = 0; cc < wo; cc++) {
          int q = r * wo + cc;
          for (int i = 0; i < s.hf(); i++) {
            int ir = r * s.strideH() - s.padTop() + i;
            if (ir < 0 || ir >= x.h()) {
              continue;
            }
            for (int j = 0; j < s.wf(); j++) {
              int ic = cc * s.strideW() - s.padLeft() + j;
              if (ic < 0 || ic >= x.w()) {
                continue;
              }
              int xb = (ir * x.w() + ic) * x.c();
              int tb = (i * s.wf() + j) * s.cf();
              for (int c = 0; c < s.cf(); c++) {
                col[(tb + c) * npo + q] = x.v()[xb + c];
              }
            }
          }
        }
      }
      int l = x.bits() + s.weightBits() + Ring.ceilLog2(taps);
      long[] acc = fk.matmul(fk.hasWeights() ? w : null, s.weightBits(), col, x.bits(), s.cout(), taps, npo, l);
      long[] y = fk.rescale(FixedMbConv.transpose(acc, s.cout(), npo), l, shift, ob, s.name());
      return new FxMap(ho, wo, s.cout(), y, ob);
    }
  }

  /** AddVec: a floor shift of x when Scten Scret &gt; 1, plus the bias rounded to the output scale (server). */
  @Override
  public FxMap addVec(FxMap x, AddVecSpec a, int outBits) {
    int sx = FxKernels.log2((long) a.scten() * a.scret());
    int sb = FxKernels.log2((long) a.scvec() * a.scret());
    long[] v = sx == 0 ? x.v() : fk.rescale(x.v(), x.bits(), sx, x.bits(), a.name());
    long[] c = new long[x.c()];
    for (int i = 0; i < c.length && fk.hasWeights(); i++) {
      c[i] = FxKernels.roundShift(a.bias()[i], sb);
    }
    return new FxMap(x.h(), x.w(), x.c(), fk.addConst(v, c, x.bits(), a.name()), x.bits());
  }

  /** clamp(x, 0, limit) by two ReLUs, then / div (a floor shift), stored in the bits the limit needs (int8). */
  @Override
  public FxMap relu6(FxMap x, int limit, int div, int outBits) {
    try (var sc = fk.scope("relu6")) {
      long[] y = fk.clamp(x.v(), limit, x.bits());
      int s = FxKernels.log2(div);
      y = fk.rescale(y, x.bits(), s, outBits, "relu6");
      return new FxMap(x.h(), x.w(), x.c(), y, outBits);
    }
  }

  @Override
  public FxMap rnnPool(FxMap x, RnnPoolSpec s) {
    try (var sc = fk.scope("rnnpool")) {
      return FixedRnnPool.fromEdge(s, x.bits()).apply(fk, x);
    }
  }

  @Override
  public FxMap mbConv(FxMap x, MbConvSpec s) {
    try (var sc = fk.scope("mbconv" + s.block())) {
      return FixedMbConv.apply(fk, x, s);
    }
  }

  @Override
  public FxMap residual(FxMap a, FxMap b, MbConvSpec s) {
    try (var sc = fk.scope("residual" + s.block())) {
      return FixedMbConv.residual(fk, a, b, s);
    }
  }

  @Override
  public FxMap l2Norm(FxMap x, int scaleIn, int scaleOut) {
    try (var sc = fk.scope("l2norm")) {
      return FixedL2Norm.apply(fk, x, scaleIn, scaleOut);
    }
  }

  /** Channel 0 = max(c0, c1, c2) by two max = b + relu(a - b), channel 1 = c3. */
  @Override
  public FxMap maxOutBackground(FxMap conf) {
    int n = conf.h() * conf.w();
    long[][] ch = new long[4][n];
    for (int p = 0; p < n; p++) {
      for (int k = 0; k < 4; k++) {
        ch[k][p] = conf.v()[p * 4 + k];
      }
    }
    try (var sc = fk.scope("maxout")) {
      long[] m = fk.max(fk.max(ch[0], ch[1], conf.bits()), ch[2], conf.bits());
      long[] y = new long[2 * n];
      for (int p = 0; p < n; p++) {
        y[2 * p] = m[p];
        y[2 * p + 1] = ch[3][p];
      }
      return new FxMap(conf.h(), conf.w(), 2, y, conf.bits());
    }
  }
}
