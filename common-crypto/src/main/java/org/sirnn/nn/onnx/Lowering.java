package org.sirnn.nn.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one import while the ONNX nodes are lowered in order: what every ONNX value is (a {@link Known}
 * constant or an {@link Act}ivation held by the plan), who reads it, and the {@link PlanBuilder}.
 */
final class Lowering {
  /** An ONNX value during lowering. */
  sealed interface Value permits Known, Act {}

  /** A constant (public, or a weight). */
  record Known(OnnxTensor t) implements Value {}

  /** An activation: the plan value {@code id}, batch x layout.cols(). */
  record Act(String id, Layout layout) implements Value {}

  final PlanBuilder plan = new PlanBuilder();
  private final Map<String, Value> env = new HashMap<>();
  private final Map<String, List<OnnxNode>> readers = new HashMap<>();
  private final Set<String> graphOutputs;
  private final Set<Integer> absorbed = new HashSet<>();

  Lowering(OnnxGraph g) {
    g.initializers().forEach((k, t) -> env.put(k, new Known(t)));
    for (OnnxNode n : g.nodes()) {
      for (String in : n.inputs()) {
        readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
      }
    }
    graphOutputs = new HashSet<>();
    g.outputs().forEach(o -> graphOutputs.add(o.name()));
  }

  /** Input k of n (null if the optional input is absent). */
  Value value(OnnxNode n, int k) {
    String name = n.input(k);
    if (name.isEmpty()) {
      return null;
    }
    Value v = env.get(name);
    if (v == null) {
      throw new IllegalArgumentException(n.label() + ": input '" + name + "' is not defined before the node");
    }
    return v;
  }

  /** Input k of n, which must be a constant; null if absent. */
  OnnxTensor constant(OnnxNode n, int k) {
    Value v = value(n, k);
    if (v == null) {
      return null;
    }
    if (v instanceof Known c) {
      return c.t();
    }
    throw new IllegalArgumentException(n.label() + ": input " + k + " ('" + n.input(k) + "') must be a constant"
        + " (an initializer or computed from constants), it depends on the model input");
  }

  /** Input k of n, which must be an activation. */
  Act act(OnnxNode n, int k) {
    Value v = value(n, k);
    if (v instanceof Act a) {
      return a;
    }
    throw new IllegalArgumentException(n.label() + ": input " + k + " ('" + n.input(k) + "') must depend on the"
        + " model input");
  }

  void define(String name, Value v) {
    if (!name.isEmpty()) {
      env.put(name, v);
    }
  }

  Value lookup(String name) {
    return env.get(name);
  }

  /** True if some node or the graph output reads the value. */
  boolean used(String name) {
    return !name.isEmpty() && (graphOutputs.contains(name) || readers.containsKey(name));
  }

  /** The only reader of the value, or null (none, several, or a graph output). */
  OnnxNode soleReader(String name) {
    List<OnnxNode> r = readers.get(name);
    return r == null || r.size() != 1 || graphOutputs.contains(name) ? null : r.get(0);
  }

  /** Marks a node as lowered together with an earlier one (e.g. a BatchNormalization folded into its Conv). */
  void absorb(OnnxNode n) {
    absorbed.add(n.index());
  }

  boolean absorbed(OnnxNode n) {
    return absorbed.contains(n.index());
  }
}
