package org.sirnn.nn.onnx;

import java.util.Arrays;

/**
 * Lowers Conv (1-D or 2-D, group 1) as im2col: one free {@code gather} of every output position's patch (zeros in
 * the padding), one {@code dense} over all (batch x positions) patches, one free {@code gather} back to channel-major
 * [B, M, spatial...]. A BatchNormalization that alone reads the Conv's output is folded into its weights; any other
 * BatchNormalization becomes a per-channel {@code mulConst} and {@code addConst}.
 */
final class ConvLowering {
  private ConvLowering() {}

  static void conv(Lowering cx, OnnxNode n) {
    if (n.i("group", 1) != 1) {
      throw new IllegalArgumentException(n.label() + ": group " + n.i("group", 1) + " is not supported (group 1"
          + " only)");
    }
    Lowering.Act x = cx.act(n, 0);
    Layout l = x.layout();
    OnnxTensor w = cx.constant(n, 1);
    OnnxTensor b = cx.constant(n, 2);
    int[] xd = l.dims();
    int[] wd = w.dims();
    if (l.batchAxis() != 0 || (l.rank() != 3 && l.rank() != 4) || wd.length != l.rank() || wd[1] != xd[1]) {
      throw new IllegalArgumentException(n.label() + ": input " + l + " and weight " + Arrays.toString(wd)
          + " are not [B, C, spatial...] and [M, C, kernel...]");
    }
    int m = wd[0];
    int c = xd[1];
    Window win = Window.of(n, Arrays.copyOfRange(xd, 2, xd.length), Arrays.copyOfRange(wd, 2, wd.length));
    int ck = c * win.kernelSize();
    double[] weight = w.toDoubles();
    double[] bias = b == null ? new double[m] : b.toDoubles();
    String out = n.outputs().get(0);
    OnnxNode bn = cx.soleReader(out);
    if (bn != null && bn.opType().equals("BatchNormalization") && bn.input(0).equals(out)) {
      double[][] sb = batchNormAffine(cx, bn);
      for (int j = 0; j < m; j++) {
        for (int i = 0; i < ck; i++) {
          weight[j * ck + i] *= sb[0][j];
        }
        bias[j] = bias[j] * sb[0][j] + sb[1][j];
      }
      cx.absorb(bn);
      out = bn.outputs().get(0);
    }
    int p = win.outSize();
    int[] im2col = new int[p * ck];
    for (int pos = 0; pos < p; pos++) {
      for (int ch = 0; ch < c; ch++) {
        for (int e = 0; e < win.kernelSize(); e++) {
          int s = win.source(pos, e);
          im2col[pos * ck + ch * win.kernelSize() + e] = s < 0 ? -1 : ch * win.inSize() + s;
        }
      }
    }
    String name = cx.plan.opName(n, "/im2col");
    Lowering.Act patches = LayoutLowering.gather(cx, name, x.id(),
        new Layout.Columns(new Layout(new int[] {1, p * ck}, 0), im2col));
    Lowering.Act y = LinearLowering.dense(cx, n, patches, ck, m, LinearLowering.transpose(weight, m, ck), bias,
        new Layout(new int[] {1, p * m}, 0));
    int[] back = new int[m * p];
    for (int j = 0; j < m; j++) {
      for (int pos = 0; pos < p; pos++) {
        back[j * p + pos] = pos * m + j;
      }
    }
    int[] od = new int[xd.length];
    od[0] = 1;
    od[1] = m;
    System.arraycopy(win.out(), 0, od, 2, win.out().length);
    cx.define(out, LayoutLowering.gather(cx, cx.plan.opName(n, "/nchw"), y.id(),
        new Layout.Columns(new Layout(od, 0), back)));
  }

  /** A BatchNormalization not folded into a Conv: x * scale + shift per channel (axis 1). */
  static void batchNorm(Lowering cx, OnnxNode n) {
    Lowering.Act x = cx.act(n, 0);
    Layout l = x.layout();
    if (l.batchAxis() != 0 || l.rank() < 2) {
      throw new IllegalArgumentException(n.label() + ": input " + l + " is not [B, C, ...]");
    }
    double[][] sb = batchNormAffine(cx, n);
    int c = l.dims()[1];
    int per = l.cols() / c;
    double[] scale = new double[l.cols()];
    double[] shift = new double[l.cols()];
    for (int i = 0; i < scale.length; i++) {
      scale[i] = sb[0][i / per];
      shift[i] = sb[1][i / per];
    }
    Lowering.Act y = ElementwiseLowering.mulConst(cx, cx.plan.opName(n, "/scale"), x, scale);
    cx.define(n.outputs().get(0), ElementwiseLowering.addConst(cx, cx.plan.opName(n, "/shift"), y, shift));
  }

  /** {scale, shift} per channel: gamma / sqrt(var + eps) and beta - mean * scale. */
  private static double[][] batchNormAffine(Lowering cx, OnnxNode n) {
    if (n.outputs().size() > 1 && n.outputs().subList(1, n.outputs().size()).stream().anyMatch(cx::used)) {
      throw new IllegalArgumentException(n.label() + ": training-mode outputs are not supported");
    }
    double[] gamma = cx.constant(n, 1).toDoubles();
    double[] beta = cx.constant(n, 2).toDoubles();
    double[] mean = cx.constant(n, 3).toDoubles();
    double[] var = cx.constant(n, 4).toDoubles();
    double eps = n.f("epsilon", 1e-5);
    double[][] sb = new double[2][gamma.length];
    for (int j = 0; j < gamma.length; j++) {
      sb[0][j] = gamma[j] / Math.sqrt(var[j] + eps);
      sb[1][j] = beta[j] - mean[j] * sb[0][j];
    }
    return sb;
  }
}
