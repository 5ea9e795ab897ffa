package org.sirnn.nn.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.sirnn.nn.graph.GraphPlan;

/**
 * Turns an {@link OnnxGraph} into a {@link GraphPlan} and its float weights. Nodes are visited in order: a node
 * whose inputs are all constants is folded ({@link ConstFolder}, the batch size symbolic), any other is lowered to
 * plan nodes by its op's lowering; {@link PlanFusion} then batches independent plan nodes. A final Softmax or ArgMax is left to the client: the plan's output is its input.
 * An op outside {@link #SUPPORTED}, or an unsupported attribute, is an {@link IllegalArgumentException} naming the
 * node (index and name), its op type and the supported ops.
 */
public final class GraphLowering {
  /** The plan value of the model input. */
  static final String INPUT = "input";

  /** The ops an imported graph may use. */
  public static final Set<String> SUPPORTED;

  /** Ops allowed only as the graph's final node, run by the client on the opened scores. */
  private static final Set<String> POST = Set.of("Softmax", "ArgMax");

  static {
    Set<String> s = new TreeSet<>(ConstFolder.OPS);
    s.addAll(Set.of("Shape", "Sigmoid", "Tanh", "Relu", "Gemm", "MatMul", "GRU", "LSTM", "RNN", "Conv",
        "BatchNormalization", "MaxPool", "AveragePool", "GlobalAveragePool"));
    s.addAll(POST);
    SUPPORTED = java.util.Collections.unmodifiableSet(s);
  }

  /** The lowered model: its public plan and float weights by tensor name. */
  public record Lowered(GraphPlan plan, Map<String, double[]> weights, int onnxNodes) {}

  private GraphLowering() {}

  /** Lowers the graph; {@code where} (e.g. the file) prefixes errors. */
  public static Lowered lower(OnnxGraph g, String where) {
    try {
      return lower(g);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static Lowered lower(OnnxGraph g) {
    if (g.inputs().size() != 1 || g.outputs().isEmpty()) {
      throw new IllegalArgumentException("the graph must have one input (it has " + g.inputs().size()
          + ") and an output");
    }
    OnnxValueInfo in = g.inputs().get(0);
    long[] d = in.dims();
    int batchAxis = 0;
    for (int k = 0; k < d.length; k++) {
      if (d[k] < 0) {
        batchAxis = k;
        break;
      }
    }
    int[] dims = new int[d.length];
    int[] sample = new int[Math.max(0, d.length - 1)];
    for (int k = 0, j = 0; k < d.length; k++) {
      if (k != batchAxis) {
        if (d[k] <= 0) {
          throw new IllegalArgumentException("input '" + in.name() + "' has a second dynamic dimension ("
              + Arrays.toString(d) + "); only the batch may be dynamic");
        }
        dims[k] = (int) d[k];
        sample[j++] = dims[k];
      }
    }
    if (d.length == 0) {
      throw new IllegalArgumentException("input '" + in.name() + "' has no shape");
    }
    Lowering cx = new Lowering(g);
    cx.define(in.name(), new Lowering.Act(INPUT, Layout.of(dims, batchAxis)));
    String post = "none";
    String outName = g.outputs().get(0).name();
    for (OnnxNode n : g.nodes()) {
      if (cx.absorbed(n)) {
        continue;
      }
      if (POST.contains(n.opType())) {
        post = postProcessing(cx, n, outName);
        continue;
      }
      lowerNode(cx, n);
    }
    Lowering.Value out = cx.lookup(outName);
    if (!(out instanceof Lowering.Act a)) {
      throw new IllegalArgumentException("output '" + outName + "' does not depend on the input");
    }
    PlanFusion.run(cx.plan, a.id());
    GraphPlan plan = new GraphPlan(INPUT, sample, a.id(), a.layout().cols(), post, cx.plan.nodes(),
        cx.plan.shapes());
    return new Lowered(plan, cx.plan.weights(), g.nodes().size());
  }

  private static void lowerNode(Lowering cx, OnnxNode n) {
    String op = n.opType();
    if (!SUPPORTED.contains(op)) {
      throw unsupported(n);
    }
    boolean allKnown = true;
    boolean symbolic = false;
    for (int k = 0; k < n.inputs().size(); k++) {
      Lowering.Value v = cx.value(n, k);
      allKnown &= v == null || v instanceof Lowering.Known;
      symbolic |= v instanceof Lowering.Known c && c.t().isSymbolic();
    }
    if (allKnown && symbolic && (op.equals("ConstantOfShape") || op.equals("Expand"))) {
      LayoutLowering.batchConstant(cx, n);
      return;
    }
    if (allKnown && ConstFolder.OPS.contains(op)) {
      List<OnnxTensor> in = new java.util.ArrayList<>();
      for (int k = 0; k < n.inputs().size(); k++) {
        in.add(cx.constant(n, k));
      }
      List<OnnxTensor> out = ConstFolder.fold(n, in);
      for (int k = 0; k < out.size(); k++) {
        cx.define(n.outputs().get(k), new Lowering.Known(out.get(k)));
      }
      return;
    }
    switch (op) {
      case "Shape" -> LayoutLowering.shape(cx, n);
      case "Cast" -> cx.define(n.outputs().get(0), cx.act(n, 0));
      case "Add", "Sub", "Mul", "Div" -> ElementwiseLowering.binary(cx, n);
      case "Neg", "Sigmoid", "Tanh", "Relu" -> ElementwiseLowering.unary(cx, n);
      case "Gemm" -> LinearLowering.gemm(cx, n);
      case "MatMul" -> LinearLowering.matMul(cx, n);
      case "GRU", "LSTM", "RNN" -> RecurrentLowering.lower(cx, n);
      case "Conv" -> ConvLowering.conv(cx, n);
      case "BatchNormalization" -> ConvLowering.batchNorm(cx, n);
      case "MaxPool", "AveragePool", "GlobalAveragePool" -> PoolLowering.lower(cx, n);
      default -> {
        if (Reindexing.OPS.contains(op)) {
          LayoutLowering.reindex(cx, n);
        } else {
          throw new IllegalArgumentException(n.label() + ": " + op + " of an activation is not supported"
              + " (supported ops: " + SUPPORTED + ")");
        }
      }
    }
  }

  /** A final Softmax/ArgMax over the last axis: the client applies it; the value is its input. */
  private static String postProcessing(Lowering cx, OnnxNode n, String outName) {
    if (!n.outputs().get(0).equals(outName)) {
      throw new IllegalArgumentException(n.label() + ": " + n.opType() + " is supported only as the graph's final"
          + " node (the client applies it to the opened scores)");
    }
    Lowering.Act x = cx.act(n, 0);
    Layout l = x.layout();
    long axis = n.i("axis", n.opType().equals("Softmax") ? -1 : 0);
    int a = IndexMaps.axis(axis, l.rank(), n.label());
    if (l.rank() != 2 || l.batchAxis() != 0 || a != 1) {
      throw new IllegalArgumentException(n.label() + ": " + n.opType() + " must run over the classes of a [B, C]"
          + " input (got " + l + ", axis " + axis + ")");
    }
    cx.define(outName, x);
    return n.opType().toLowerCase(java.util.Locale.ROOT);
  }

  /** The error for an op outside {@link #SUPPORTED}. */
  static IllegalArgumentException unsupported(OnnxNode n) {
    return new IllegalArgumentException(n.label() + ": op type " + n.opType() + " is not supported (supported ops: "
        + String.join(", ", SUPPORTED) + ")");
  }
}
