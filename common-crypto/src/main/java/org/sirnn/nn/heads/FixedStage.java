package org.sirnn.nn.heads;

import org.sirnn.ring.Ring;

/**
 * One MBConv stage's weights folded with its per-channel batch-norm weight, requantised, and its epilogue as one
 * affine map (docs/heads.md "MBConv"). EdgeML computes v = ((s ShLU) / ShRU + B) W, then clamp(v, 0, Limit) and
 * (v ShLX) / ShRX (README "MBConv block L"). Here the stage weights F W are multiplied out and rounded to at most
 * 2^16 in magnitude, 18-bit rings (dropping r = max(0, wf + ww - 18) low bits, fixed by the weight TYPES so that it
 * is public), so that
 * acc = sum x (F W) / 2^r and
 * <pre>  y = floor((acc + round(B W 2^-lambda)) / 2^T),  lambda = log2(ShLU / ShRU) + r,  T = -(lambda + mu),</pre>
 * with mu = log2(ShLX / ShRX) (or log2(ShLW3 / ShRW3) for the projection): one exact product, one server-constant
 * add and ONE floor shift instead of EdgeML's four narrowing steps; the ReLU6 clamp then applies to y with the
 * limit floor(Limit 2^mu) (a floor commutes with a clamp whose bounds it maps exactly).
 *
 * @param weights per output channel o and input index j: weights[o * n + j] (already folded and requantised)
 * @param wBits ring bits of the folded weights
 * @param bias the folded bias at the accumulator scale, per output channel (server)
 * @param biasBits bits bounding |bias| (from the types, public)
 * @param shift T
 * @param limit the clamp's upper bound at the output scale, or -1 for no clamp
 */
public record FixedStage(long[] weights, int wBits, long[] bias, int biasBits, int shift, long limit) {

  /**
   * @param f the stage filter, element (o, j) at f[j * fStrideJ + o * fStrideO]
   * @param fBits / wnBits the C types' widths of the filter and of the BN weight
   */
  static FixedStage fold(int outs, int n, int[] f, int fStrideJ, int fStrideO, int fBits, int[] wn, int wnBits,
      int[] b, int bBits, int shLU, int shRU, int shLX, int shRX, long limit) {
    int prodBits = fBits + wnBits - 1; // |F W| <= 2^(fBits + wnBits - 2)
    int r = Math.max(0, prodBits - 17);
    int wBits = prodBits - r + 1;
    int lambda = FxKernels.log2(shLU) - FxKernels.log2(shRU) + r;
    int mu = FxKernels.log2(shLX) - FxKernels.log2(shRX);
    int t = -(lambda + mu);
    if (t < 0) {
      throw new IllegalArgumentException("MBConv stage with a left shift " + t);
    }
    long[] w = new long[outs * n];
    long[] bias = new long[outs];
    for (int o = 0; o < outs; o++) {
      for (int j = 0; j < n; j++) {
        w[o * n + j] = FxKernels.roundShift((long) f[j * fStrideJ + o * fStrideO] * wn[o], r);
      }
      bias[o] = FxKernels.roundShift((long) b[o] * wn[o], lambda);
    }
    int biasBits = bBits + wnBits - 1 - lambda + 1;
    long lim = limit < 0 ? -1 : (mu >= 0 ? limit << mu : limit >> -mu);
    return new FixedStage(w, wBits, bias, Math.max(biasBits, 2), t, lim);
  }

  /** Accumulator ring bits for xBits-bit inputs and n-term sums. */
  int accBits(int xBits, int n) {
    return Math.max(xBits + wBits - 1 + Ring.ceilLog2(n), biasBits) + 2;
  }

  /**
   * The epilogue on the accumulator (outs channels fastest): + bias, floor shift, then the ReLU6 clamp into
   * outBits (or, without a clamp, the shift straight into outBits, twin-checked).
   */
  long[] epilogue(FxKernels fk, long[] acc, int l, int outBits, String where) {
    long[] c = fk.hasWeights() ? bias : new long[bias.length];
    long[] a = fk.addConst(acc, c, l, where + " bias");
    if (limit < 0) {
      return fk.rescale(a, l, shift, outBits, where);
    }
    int pre = Math.max(l - shift, 64 - Long.numberOfLeadingZeros(limit) + 2);
    long[] y = fk.rescale(a, l, shift, pre, where);
    return FxKernels.reduce(fk.clamp(y, limit, pre), outBits);
  }
}
