package org.sirnn.nn.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sirnn.nn.graph.PlanNode;

/**
 * Collects the plan nodes and the float weight tensors of an import. Op names are unique per plan node (the ONNX
 * node's name, else "OpType_index", with '/' read as '.' since names also label cost scopes); weight tensors are
 * named {@code op.role}; values get fresh names {@code op:k}.
 */
final class PlanBuilder {
  private final List<PlanNode> nodes = new ArrayList<>();
  private final Map<String, double[]> weights = new LinkedHashMap<>();
  private final Map<String, int[]> shapes = new LinkedHashMap<>();
  private final Set<String> names = new HashSet<>(Set.of("input"));
  private int values;

  /** A new unique op name for (a part of) ONNX node n. */
  String opName(OnnxNode n, String suffix) {
    String raw = (n.name().isEmpty() ? n.opType() + "_" + n.index() : n.name()) + suffix;
    String base = raw.replaceAll("^/+", "").replace('/', '.');
    return unique(base);
  }

  /** A new unique op name derived from {@code base}. */
  String unique(String base) {
    String name = base;
    for (int k = 2; !names.add(name); k++) {
      name = base + "#" + k;
    }
    return name;
  }

  /** A fresh value name for an output of op {@code name}. */
  String value(String name) {
    return name + ":" + values++;
  }

  /**
   * Declares a weight tensor (row-major values of the shape); returns its name, or the name of an equal tensor
   * declared before (an initializer read by several nodes, e.g. every step of an unrolled cell, is stored once).
   */
  String tensor(String name, int[] shape, double[] values) {
    if (OnnxTensor.size(shape) != values.length) {
      throw new IllegalStateException(name + ": " + values.length + " values for " + java.util.Arrays.toString(shape));
    }
    for (Map.Entry<String, double[]> e : weights.entrySet()) {
      if (java.util.Arrays.equals(e.getValue(), values) && java.util.Arrays.equals(shapes.get(e.getKey()), shape)) {
        return e.getKey();
      }
    }
    if (weights.put(name, values.clone()) != null) {
      throw new IllegalStateException("tensor '" + name + "' declared twice");
    }
    shapes.put(name, shape.clone());
    return name;
  }

  /** Adds a node with outputs of the given layouts; returns the activations it defines (null layout = unused). */
  List<Lowering.Act> emit(String op, String name, List<String> inputs, List<Layout> outs, Map<String, int[]> ints,
      Map<String, String> weightRoles) {
    List<String> outNames = new ArrayList<>();
    List<Lowering.Act> acts = new ArrayList<>();
    int[] cols = new int[outs.size()];
    for (int k = 0; k < outs.size(); k++) {
      String v = value(name);
      outNames.add(v);
      Layout l = outs.get(k);
      cols[k] = l == null ? 0 : l.cols();
      acts.add(l == null ? null : new Lowering.Act(v, l));
    }
    Map<String, int[]> all = new LinkedHashMap<>(ints);
    all.put("cols", cols);
    nodes.add(new PlanNode(op, name, inputs, outNames, all, weightRoles));
    return acts;
  }

  /** A single-output node. */
  Lowering.Act emit(String op, String name, List<String> inputs, Layout out, Map<String, int[]> ints,
      Map<String, String> weightRoles) {
    return emit(op, name, inputs, List.of(out), ints, weightRoles).get(0);
  }

  /** The nodes (mutable: {@link PlanFusion} rewrites them). */
  List<PlanNode> nodes() {
    return nodes;
  }

  /** Drops the tensors no node reads. */
  void pruneTensors() {
    java.util.Set<String> used = new HashSet<>();
    nodes.forEach(n -> used.addAll(n.weights().values()));
    weights.keySet().retainAll(used);
    shapes.keySet().retainAll(used);
  }

  Map<String, double[]> weights() {
    return weights;
  }

  Map<String, int[]> shapes() {
    return shapes;
  }
}
