package org.sirnn.nn.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Lowers MaxPool, AveragePool and GlobalAveragePool over [B, C, spatial...] (no padding, no ceil mode): the
 * window elements are gathered into blocks and reduced pairwise ({@code maxpool}: max(a, b) = a + relu(b - a);
 * {@code sumpool}: sums), all windows at once; averages then scale by 1/(window size) with one {@code mulConst}.
 */
final class PoolLowering {
  private PoolLowering() {}

  static void lower(Lowering cx, OnnxNode n) {
    Lowering.Act x = cx.act(n, 0);
    Layout l = x.layout();
    int[] xd = l.dims();
    if (l.batchAxis() != 0 || l.rank() < 3) {
      throw new IllegalArgumentException(n.label() + ": input " + l + " is not [B, C, spatial...]");
    }
    int[] spatial = Arrays.copyOfRange(xd, 2, xd.length);
    boolean global = n.opType().equals("GlobalAveragePool");
    int[] kernel = global ? spatial : toInts(n.ints("kernel_shape"), n);
    Window win = Window.of(n, spatial, kernel);
    if (win.padded()) {
      throw new IllegalArgumentException(n.label() + ": padded pooling is not supported");
    }
    if (n.i("storage_order", 0) != 0) {
      throw new IllegalArgumentException(n.label() + ": storage_order 1 is not supported");
    }
    int c = xd[1];
    int p = win.outSize();
    int k = win.kernelSize();
    int width = c * p;
    int[] index = new int[k * width];
    for (int e = 0; e < k; e++) {
      for (int ch = 0; ch < c; ch++) {
        for (int pos = 0; pos < p; pos++) {
          index[e * width + ch * p + pos] = ch * win.inSize() + win.source(pos, e);
        }
      }
    }
    int[] od = xd.clone();
    System.arraycopy(win.out(), 0, od, 2, win.out().length);
    Layout out = new Layout(od, 0);
    boolean max = n.opType().equals("MaxPool");
    String name = cx.plan.opName(n, "");
    Lowering.Act y = cx.plan.emit(max ? "maxpool" : "sumpool", name, List.of(x.id()), out,
        Map.of("window", new int[] {k}, "index", index), Map.of());
    if (!max) {
      y = ElementwiseLowering.mulConst(cx, cx.plan.opName(n, "/mean"), y, new double[] {1.0 / k});
    }
    cx.define(n.outputs().get(0), y);
  }

  private static int[] toInts(long[] v, OnnxNode n) {
    if (v == null) {
      throw new IllegalArgumentException(n.label() + ": missing kernel_shape");
    }
    return Arrays.stream(v).mapToInt(Math::toIntExact).toArray();
  }
}
