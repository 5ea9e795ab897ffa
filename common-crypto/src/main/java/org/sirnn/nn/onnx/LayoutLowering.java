package org.sirnn.nn.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lowers the ops that only move values when they move activations: Transpose, Slice, Gather, Squeeze, Unsqueeze,
 * Reshape, Flatten, Expand, Concat, Identity. The op is applied to a probe of each input's layout
 * ({@link Layout#probe}) with the very index maps that fold constants, and the result read back as a column map:
 * no plan node if the columns stay in place (a transpose that only moves the batch axis, a reshape that keeps it
 * separate), else one free {@code gather}. Also Shape of an activation (a symbolic constant) and constants
 * broadcast over the batch (ConstantOfShape/Expand of a shape holding B: public zeros plus a constant row).
 */
final class LayoutLowering {
  /** Batch size of the probes. */
  private static final int PROBE_BATCH = 2;

  private LayoutLowering() {}

  /** A re-indexing op with at least one activation input. */
  static void reindex(Lowering cx, OnnxNode n) {
    List<Integer> data = Reindexing.dataInputs(n);
    List<Lowering.Act> acts = new ArrayList<>();
    for (int k : data) {
      if (!(cx.value(n, k) instanceof Lowering.Act a)) {
        throw new IllegalArgumentException(n.label() + ": mixing constants and activations is not supported");
      }
      acts.add(a);
    }
    int total = acts.stream().mapToInt(a -> a.layout().cols()).sum();
    List<OnnxTensor> probes = new ArrayList<>();
    List<int[]> dims = new ArrayList<>();
    int offset = 0;
    for (Lowering.Act a : acts) {
      probes.add(a.layout().probe(total, offset));
      dims.add(a.layout().withBatch(PROBE_BATCH));
      offset += a.layout().cols();
    }
    List<OnnxTensor> params = new ArrayList<>();
    for (int k = 0; k < n.inputs().size(); k++) {
      OnnxTensor t = data.contains(k) ? null : cx.constant(n, k);
      params.add(t == null ? null : t.concrete(PROBE_BATCH));
    }
    IndexMaps.Selection s = Reindexing.of(n, dims, params);
    Layout.Columns c = Layout.detect(ConstFolder.joined(probes).select(s.dims(), s.src()), total, n.label());
    String in = acts.get(0).id();
    String name = cx.plan.opName(n, "");
    if (acts.size() > 1) {
      List<String> ids = acts.stream().map(Lowering.Act::id).toList();
      Layout flat = new Layout(new int[] {1, total}, 0);
      in = cx.plan.emit("concat", name, ids, flat, Map.of(), Map.of()).id();
    }
    cx.define(n.outputs().get(0), c.identity(total) ? new Lowering.Act(in, c.layout())
        : gather(cx, acts.size() > 1 ? cx.plan.opName(n, ".g") : name, in, c));
  }

  /** A gather node producing {@code c}. */
  static Lowering.Act gather(Lowering cx, String name, String in, Layout.Columns c) {
    return cx.plan.emit("gather", name, List.of(in), c.layout(), Map.of("index", c.index()), Map.of());
  }

  /** An activation broadcast (numpy rules) to {@code out}, batch axes aligned; itself if nothing moves. */
  static Lowering.Act broadcast(Lowering cx, String name, Lowering.Act a, int[] outWithBatch, String where) {
    int total = a.layout().cols();
    IndexMaps.Selection s = IndexMaps.broadcast(a.layout().withBatch(PROBE_BATCH), outWithBatch, where);
    Layout.Columns c = Layout.detect(a.layout().probe(total, 0).select(s.dims(), s.src()), total, where);
    return c.identity(total) ? new Lowering.Act(a.id(), c.layout()) : gather(cx, name, a.id(), c);
  }

  /** Shape of an activation: its dims with B at the batch axis (optional start/end attributes). */
  static void shape(Lowering cx, OnnxNode n) {
    Layout l = cx.act(n, 0).layout();
    int r = l.rank();
    long[] c = new long[r];
    long[] b = new long[r];
    for (int k = 0; k < r; k++) {
      c[k] = k == l.batchAxis() ? 0 : l.dims()[k];
      b[k] = k == l.batchAxis() ? 1 : 0;
    }
    int start = (int) n.i("start", 0);
    int end = (int) n.i("end", r);
    start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
    end = Math.max(start, Math.min(r, end < 0 ? end + r : end));
    OnnxTensor all = OnnxTensor.symbolic(new int[] {r}, c, b);
    int[] src = new int[end - start];
    for (int k = 0; k < src.length; k++) {
      src[k] = start + k;
    }
    cx.define(n.outputs().get(0), new Lowering.Known(all.select(new int[] {src.length}, src)));
  }

  /**
   * ConstantOfShape or Expand of a constant to a shape holding the batch size: the same row for every sample, as
   * public zeros plus the row ({@code zeros}, then {@code addConst} unless all zero).
   */
  static void batchConstant(Lowering cx, OnnxNode n) {
    OnnxTensor shape = cx.constant(n, n.opType().equals("Expand") ? 1 : 0);
    int axis = -1;
    for (int k = 0; k < shape.size(); k++) {
      if (shape.coefficient(k) != 0) {
        if (axis >= 0 || shape.coefficient(k) != 1 || shape.constant(k) != 0) {
          throw new IllegalArgumentException(n.label() + ": a shape that is not the batch size at one axis");
        }
        axis = k;
      }
    }
    List<OnnxTensor> in = new ArrayList<>();
    for (int k = 0; k < n.inputs().size(); k++) {
      OnnxTensor t = cx.constant(n, k);
      in.add(t == null ? null : t.concrete(1));
    }
    OnnxTensor row = ConstFolder.fold(n, in).get(0);
    if (row.dims()[axis] != 1) {
      throw new IllegalArgumentException(n.label() + ": the expanded constant varies along the batch axis");
    }
    Layout l = new Layout(row.dims(), axis);
    String name = cx.plan.opName(n, "");
    Lowering.Act z = cx.plan.emit("zeros", name, List.of(), l, Map.of(), Map.of());
    double[] v = row.toDoubles();
    if (java.util.Arrays.stream(v).anyMatch(x -> x != 0)) {
      z = ElementwiseLowering.addConst(cx, cx.plan.opName(n, "/c"), z, v);
    }
    cx.define(n.outputs().get(0), z);
  }
}
