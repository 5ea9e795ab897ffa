package org.sirnn.nn.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Lowers element-wise ops with an activation input: Add, Sub, Mul of two activations (broadcast by free gathers
 * first); with a constant (broadcast to one row, which must not vary over the batch): Add and Sub as
 * {@code addConst} (const - x as {@code neg} then {@code addConst}, 1 - x as {@code oneMinus}), Mul as
 * {@code mulConst}, Div by a constant as {@code mulConst} by its reciprocal; Neg; Sigmoid, Tanh, Relu.
 */
final class ElementwiseLowering {
  private ElementwiseLowering() {}

  static void unary(Lowering cx, OnnxNode n) {
    Lowering.Act x = cx.act(n, 0);
    String name = cx.plan.opName(n, "");
    String op = switch (n.opType()) {
      case "Sigmoid" -> "sigmoid";
      case "Tanh" -> "tanh";
      case "Relu" -> "relu";
      default -> "neg";
    };
    cx.define(n.outputs().get(0), cx.plan.emit(op, name, List.of(x.id()), x.layout(), Map.of(), Map.of()));
  }

  static void binary(Lowering cx, OnnxNode n) {
    Lowering.Value a = cx.value(n, 0);
    Lowering.Value b = cx.value(n, 1);
    String name = cx.plan.opName(n, "");
    Lowering.Act out;
    if (a instanceof Lowering.Act x && b instanceof Lowering.Act y) {
      out = twoActivations(cx, n, name, x, y);
    } else if (a instanceof Lowering.Act x) {
      out = withConstant(cx, n, name, x, ((Lowering.Known) b).t(), false);
    } else {
      out = withConstant(cx, n, name, (Lowering.Act) b, ((Lowering.Known) a).t(), true);
    }
    cx.define(n.outputs().get(0), out);
  }

  private static Lowering.Act twoActivations(Lowering cx, OnnxNode n, String name, Lowering.Act x, Lowering.Act y) {
    String op = switch (n.opType()) {
      case "Add" -> "add";
      case "Sub" -> "sub";
      case "Mul" -> "mul";
      default -> throw new IllegalArgumentException(n.label() + ": " + n.opType() + " of two activations is not"
          + " supported (Div needs a constant divisor)");
    };
    int[] out = IndexMaps.broadcastDims(x.layout().withBatch(2), y.layout().withBatch(2), n.label());
    Lowering.Act bx = LayoutLowering.broadcast(cx, cx.plan.opName(n, "/bx"), x, out, n.label());
    Lowering.Act by = LayoutLowering.broadcast(cx, cx.plan.opName(n, "/by"), y, out, n.label());
    if (!bx.layout().equals(by.layout())) {
      throw new IllegalArgumentException(n.label() + ": the operands' batch axes differ (" + x.layout() + " vs "
          + y.layout() + ")");
    }
    return cx.plan.emit(op, name, List.of(bx.id(), by.id()), bx.layout(), Map.of(), Map.of());
  }

  /** x op c, or c op x if {@code constFirst}. */
  private static Lowering.Act withConstant(Lowering cx, OnnxNode n, String name, Lowering.Act x, OnnxTensor c,
      boolean constFirst) {
    int[] out = IndexMaps.broadcastDims(x.layout().withBatch(2), c.dims(), n.label());
    Lowering.Act bx = LayoutLowering.broadcast(cx, cx.plan.opName(n, "/bx"), x, out, n.label());
    double[] row = row(n, c, bx.layout());
    return switch (n.opType()) {
      case "Add" -> addConst(cx, name, bx, row);
      case "Sub" -> {
        if (!constFirst) {
          yield addConst(cx, name, bx, scaled(row, -1));
        }
        if (Arrays.stream(row).allMatch(v -> v == 1)) {
          yield cx.plan.emit("oneMinus", name, List.of(bx.id()), bx.layout(), Map.of(), Map.of());
        }
        Lowering.Act neg = cx.plan.emit("neg", cx.plan.opName(n, "/neg"), List.of(bx.id()), bx.layout(), Map.of(),
            Map.of());
        yield addConst(cx, name, neg, row);
      }
      case "Mul" -> mulConst(cx, name, bx, row);
      default -> {
        if (constFirst) {
          throw new IllegalArgumentException(n.label() + ": division by an activation is not supported");
        }
        double[] inv = new double[row.length];
        for (int i = 0; i < inv.length; i++) {
          inv[i] = 1 / row[i];
        }
        yield mulConst(cx, name, bx, inv);
      }
    };
  }

  /** x + c for a row c of x's columns (a scalar tensor if all equal). */
  static Lowering.Act addConst(Lowering cx, String name, Lowering.Act x, double[] row) {
    String t = constTensor(cx, name + ".c", row);
    return cx.plan.emit("addConst", name, List.of(x.id()), x.layout(), Map.of(), Map.of("c", t));
  }

  /** x * c for a row c of x's columns (a scalar tensor if all equal). */
  static Lowering.Act mulConst(Lowering cx, String name, Lowering.Act x, double[] row) {
    String t = constTensor(cx, name + ".c", row);
    return cx.plan.emit("mulConst", name, List.of(x.id()), x.layout(), Map.of(), Map.of("c", t));
  }

  private static String constTensor(Lowering cx, String name, double[] row) {
    boolean same = Arrays.stream(row).allMatch(v -> v == row[0]);
    double[] v = same ? new double[] {row[0]} : row;
    return cx.plan.tensor(name, new int[] {v.length}, v);
  }

  /**
   * The constant broadcast to one sample's columns of layout {@code l} (it must not vary along the batch axis).
   */
  static double[] row(OnnxNode n, OnnxTensor c, Layout l) {
    int[] full = l.withBatch(1);
    int[] cd = c.dims();
    int off = full.length - cd.length;
    if (l.batchAxis() - off >= 0 && cd[l.batchAxis() - off] != 1) {
      throw new IllegalArgumentException(n.label() + ": the constant varies along the batch axis");
    }
    IndexMaps.Selection s = IndexMaps.broadcast(cd, full, n.label());
    return c.select(s.dims(), s.src()).toDoubles();
  }

  private static double[] scaled(double[] v, double f) {
    double[] o = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      o[i] = v[i] * f;
    }
    return o;
  }
}
