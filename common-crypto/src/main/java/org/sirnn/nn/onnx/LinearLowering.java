package org.sirnn.nn.onnx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers the ops with a constant weight matrix to {@code dense} (x W + b, W stored in x W orientation as a server
 * tensor): Gemm (alpha, beta, transA on the activation, transB on the weight) and MatMul by a constant 2-D matrix
 * (every vector along the last axis, e.g. [B, T, F] x [F, H] as one (B*T) x F product).
 */
final class LinearLowering {
  private LinearLowering() {}

  static void gemm(Lowering cx, OnnxNode n) {
    Lowering.Act a = cx.act(n, 0);
    OnnxTensor b = cx.constant(n, 1);
    OnnxTensor c = cx.constant(n, 2);
    Layout la = a.layout();
    int kAxis = n.i("transA", 0) == 1 ? 0 : 1;
    if (la.rank() != 2 || la.batchAxis() == kAxis) {
      throw new IllegalArgumentException(n.label() + ": input A " + la + " must be 2-D with the batch as its "
          + (kAxis == 1 ? "rows" : "columns (transA)"));
    }
    int k = la.dims()[kAxis];
    int[] bd = b.dims();
    boolean transB = n.i("transB", 0) == 1;
    if (bd.length != 2 || bd[transB ? 1 : 0] != k) {
      throw new IllegalArgumentException(n.label() + ": B " + java.util.Arrays.toString(bd) + " does not match K = "
          + k);
    }
    int out = bd[transB ? 0 : 1];
    double[] w = transB ? transpose(b.toDoubles(), out, k) : b.toDoubles();
    scale(w, n.f("alpha", 1));
    double[] bias = null;
    if (c != null) {
      bias = ElementwiseLowering.row(n, c, new Layout(new int[] {1, out}, 0));
      scale(bias, n.f("beta", 1));
    }
    cx.define(n.outputs().get(0), dense(cx, n, a, k, out, w, bias, new Layout(new int[] {1, out}, 0)));
  }

  static void matMul(Lowering cx, OnnxNode n) {
    if (!(cx.value(n, 0) instanceof Lowering.Act a)) {
      throw new IllegalArgumentException(n.label() + ": MatMul of a constant by an activation is not supported"
          + " (transpose the product so the weight is on the right)");
    }
    OnnxTensor b = cx.constant(n, 1);
    Layout la = a.layout();
    int[] bd = b.dims();
    int k = la.dims()[la.rank() - 1];
    if (bd.length != 2 || bd[0] != k || la.batchAxis() == la.rank() - 1) {
      throw new IllegalArgumentException(n.label() + ": MatMul of " + la + " by " + java.util.Arrays.toString(bd)
          + " is not supported (a constant 2-D right operand, the batch not on the last axis)");
    }
    int[] od = la.dims();
    od[od.length - 1] = bd[1];
    cx.define(n.outputs().get(0), dense(cx, n, a, k, bd[1], b.toDoubles(), null, new Layout(od, la.batchAxis())));
  }

  /** A dense node: every in-size vector of each row times W (in x out), plus the bias if any. */
  static Lowering.Act dense(Lowering cx, OnnxNode n, Lowering.Act x, int in, int out, double[] w, double[] bias,
      Layout outLayout) {
    String name = cx.plan.opName(n, "");
    Map<String, String> roles = new LinkedHashMap<>();
    roles.put("W", cx.plan.tensor(name + ".W", new int[] {in, out}, w));
    if (bias != null) {
      roles.put("b", cx.plan.tensor(name + ".b", new int[] {out}, bias));
    }
    int groups = x.layout().cols() / in;
    return cx.plan.emit("dense", name, List.of(x.id()), outLayout, Map.of("groups", new int[] {groups}), roles);
  }

  /** The transpose (cols x rows) of a row-major rows x cols matrix. */
  static double[] transpose(double[] m, int rows, int cols) {
    IndexMaps.Selection s = IndexMaps.transpose(new int[] {rows, cols}, new int[] {1, 0});
    return OnnxTensor.ofFloats(new int[] {rows, cols}, m).select(s.dims(), s.src()).toDoubles();
  }

  static void scale(double[] v, double f) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= f;
    }
  }
}
