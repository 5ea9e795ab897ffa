package org.sirnn.nn.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sirnn.nn.graph.PlanNode;

/**
 * Batches the independent ops of a plan into fewer secure calls (each call costs its rounds once, whatever its
 * width), so a hand-written cell unrolled over steps runs like a recurrent node: SIMD over steps where it can,
 * over units and batch always. Rules, applied in order, each keeping the float results (up to shared scales):
 * <ol>
 *   <li>equal {@code gather}s of one value are computed once;</li>
 *   <li>{@code dense} nodes with the same weights over gathers of one value (a projection repeated every step)
 *       become one gather and one dense over all of them, split by free gathers;</li>
 *   <li>{@code dense} nodes reading the same value (at the first one's place: they need nothing else) become one
 *       dense with their weights side by side;</li>
 *   <li>a {@code sigmoid} and a {@code tanh} that do not depend on each other become one {@code sigmoidTanh}.</li>
 * </ol>
 * A node moves earlier only to where all its inputs exist, later only if nothing reads its output before; unread
 * nodes and tensors are dropped at the end.
 */
final class PlanFusion {
  private final PlanBuilder b;
  private final String output;

  private PlanFusion(PlanBuilder b, String output) {
    this.b = b;
    this.output = output;
  }

  /** Rewrites the builder's nodes; {@code output} is the plan's output value. */
  static void run(PlanBuilder b, String output) {
    PlanFusion f = new PlanFusion(b, output);
    f.sameGathers();
    f.hoistRepeatedProjections();
    f.sameGathers();
    f.sameInputDenses();
    f.sigmoidTanhPairs();
    f.dropUnread();
    b.pruneTensors();
  }

  private List<PlanNode> nodes() {
    return b.nodes();
  }

  // ------------------------------------------------------------------------------------------------ rules

  private void sameGathers() {
    Map<String, String> seen = new HashMap<>();
    Map<String, String> rename = new HashMap<>();
    List<PlanNode> out = new ArrayList<>();
    for (PlanNode n : nodes()) {
      PlanNode m = renamed(n, rename);
      if (m.op().equals("gather")) {
        String key = m.inputs().get(0) + java.util.Arrays.toString(m.ints("index"));
        String prior = seen.putIfAbsent(key, m.outputs().get(0));
        if (prior != null) {
          rename.put(m.outputs().get(0), prior);
          continue;
        }
      }
      out.add(m);
    }
    replaceAll(out);
  }

  private void hoistRepeatedProjections() {
    Map<String, PlanNode> producer = producers();
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < nodes().size(); i++) {
      PlanNode n = nodes().get(i);
      PlanNode g = n.op().equals("dense") ? producer.get(n.inputs().get(0)) : null;
      if (g != null && g.op().equals("gather")) {
        String key = n.weights() + "|" + g.inputs().get(0);
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
    }
    Map<Integer, List<PlanNode>> insert = new HashMap<>();
    Set<Integer> removed = new java.util.HashSet<>();
    Map<String, Integer> position = positions();
    for (List<Integer> members : groups.values()) {
      int first = members.get(0);
      PlanNode d0 = nodes().get(first);
      String source = producer.get(d0.inputs().get(0)).inputs().get(0);
      if (members.size() < 2 || position.getOrDefault(source, -1) >= first) {
        continue;
      }
      List<Integer> index = new ArrayList<>();
      int groupsTotal = 0;
      for (int i : members) {
        PlanNode d = nodes().get(i);
        for (int j : producer.get(d.inputs().get(0)).ints("index")) {
          index.add(j);
        }
        groupsTotal += d.integer("groups");
      }
      String name = b.unique(d0.name() + ".steps");
      PlanNode gather = node("gather", b.unique(name + ".in"), List.of(source), Map.of("index", toArray(index)), Map.of(),
          index.size());
      int out = d0.cols(0) / d0.integer("groups");
      PlanNode dense = node("dense", name, gather.outputs(), Map.of("groups", new int[] {groupsTotal}), d0.weights(),
          groupsTotal * out);
      List<PlanNode> added = new ArrayList<>(List.of(gather, dense));
      int from = 0;
      for (int i : members) {
        PlanNode d = nodes().get(i);
        added.add(split(dense.outputs().get(0), 1, dense.cols(0), from, d.cols(0), d.outputs().get(0), d.name()));
        from += d.cols(0);
        removed.add(i);
      }
      insert.put(first, added);
    }
    rebuild(insert, removed);
  }

  private void sameInputDenses() {
    Map<String, List<Integer>> byInput = new LinkedHashMap<>();
    for (int i = 0; i < nodes().size(); i++) {
      PlanNode n = nodes().get(i);
      if (n.op().equals("dense")) {
        byInput.computeIfAbsent(n.inputs().get(0) + "|" + n.integer("groups"), k -> new ArrayList<>()).add(i);
      }
    }
    Map<Integer, List<PlanNode>> insert = new HashMap<>();
    Set<Integer> removed = new java.util.HashSet<>();
    for (List<Integer> members : byInput.values()) {
      if (members.size() < 2) {
        continue;
      }
      PlanNode d0 = nodes().get(members.get(0));
      int groups = d0.integer("groups");
      int in = b.shapes().get(d0.weight("W"))[0];
      List<double[]> ws = new ArrayList<>();
      List<double[]> bs = new ArrayList<>();
      boolean anyBias = false;
      for (int i : members) {
        PlanNode d = nodes().get(i);
        ws.add(b.weights().get(d.weight("W")));
        String bias = d.weights().get("b");
        anyBias |= bias != null;
        bs.add(bias == null ? new double[d.cols(0) / groups] : b.weights().get(bias));
      }
      String name = b.unique(d0.name() + ".fused");
      double[] w = sideBySide(ws, in);
      Map<String, String> roles = new LinkedHashMap<>();
      roles.put("W", b.tensor(name + ".W", new int[] {in, w.length / in}, w));
      if (anyBias) {
        double[] bias = sideBySide(bs, 1);
        roles.put("b", b.tensor(name + ".b", new int[] {bias.length}, bias));
      }
      int width = w.length / in;
      PlanNode dense = node("dense", name, d0.inputs(), Map.of("groups", new int[] {groups}), roles, groups * width);
      List<PlanNode> added = new ArrayList<>(List.of(dense));
      int from = 0;
      for (int i : members) {
        PlanNode d = nodes().get(i);
        int part = d.cols(0) / groups;
        added.add(split(dense.outputs().get(0), groups, width, from, part, d.outputs().get(0), d.name()));
        from += part;
        removed.add(i);
      }
      insert.put(members.get(0), added);
    }
    rebuild(insert, removed);
  }

  private void sigmoidTanhPairs() {
    Map<String, Integer> firstRead = firstReads();
    Set<Integer> used = new java.util.HashSet<>();
    Map<Integer, List<PlanNode>> insert = new HashMap<>();
    Set<Integer> removed = new java.util.HashSet<>();
    for (int s = 0; s < nodes().size(); s++) {
      if (!nodes().get(s).op().equals("sigmoid")) {
        continue;
      }
      for (int t = 0; t < nodes().size(); t++) {
        if (used.contains(t) || !nodes().get(t).op().equals("tanh")) {
          continue;
        }
        int early = Math.min(s, t);
        int late = Math.max(s, t);
        if (firstRead.getOrDefault(nodes().get(early).outputs().get(0), Integer.MAX_VALUE) > late) {
          PlanNode sg = nodes().get(s);
          PlanNode th = nodes().get(t);
          String name = b.unique(sg.name() + "+" + th.name());
          insert.put(late, List.of(new PlanNode("sigmoidTanh", name, List.of(sg.inputs().get(0), th.inputs().get(0)),
              List.of(sg.outputs().get(0), th.outputs().get(0)), Map.of("cols", new int[] {sg.cols(0), th.cols(0)}),
              Map.of())));
          removed.add(s);
          removed.add(t);
          used.add(t);
          break;
        }
      }
    }
    rebuild(insert, removed);
  }

  private void dropUnread() {
    Set<String> read = new java.util.HashSet<>(Set.of(output));
    List<PlanNode> kept = new ArrayList<>();
    for (int i = nodes().size() - 1; i >= 0; i--) {
      PlanNode n = nodes().get(i);
      if (n.outputs().stream().anyMatch(read::contains)) {
        kept.add(0, n);
        read.addAll(n.inputs());
      }
    }
    replaceAll(kept);
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /**
   * Value {@code out}: in each of the {@code groups} blocks of {@code width} columns of {@code in}, the
   * {@code cols} columns from {@code from} on (a free gather named after the node it replaces).
   */
  private PlanNode split(String in, int groups, int width, int from, int cols, String out, String name) {
    int[] index = new int[groups * cols];
    for (int g = 0; g < groups; g++) {
      for (int j = 0; j < cols; j++) {
        index[g * cols + j] = g * width + from + j;
      }
    }
    return new PlanNode("gather", b.unique(name + ".part"), List.of(in), List.of(out),
        Map.of("index", index, "cols", new int[] {index.length}), Map.of());
  }

  /** A single-output node named {@code name} (already unique). */
  private PlanNode node(String op, String name, List<String> inputs, Map<String, int[]> ints,
      Map<String, String> weights, int cols) {
    Map<String, int[]> all = new LinkedHashMap<>(ints);
    all.put("cols", new int[] {cols});
    return new PlanNode(op, name, inputs, List.of(b.value(name)), all, weights);
  }

  /** Columns of row-major in x out_k matrices side by side (in x sum out_k). */
  private static double[] sideBySide(List<double[]> ms, int in) {
    int total = ms.stream().mapToInt(m -> m.length / in).sum();
    double[] o = new double[in * total];
    int at = 0;
    for (double[] m : ms) {
      int c = m.length / in;
      for (int r = 0; r < in; r++) {
        System.arraycopy(m, r * c, o, r * total + at, c);
      }
      at += c;
    }
    return o;
  }

  private static PlanNode renamed(PlanNode n, Map<String, String> rename) {
    if (n.inputs().stream().noneMatch(rename::containsKey)) {
      return n;
    }
    List<String> in = n.inputs().stream().map(v -> rename.getOrDefault(v, v)).toList();
    return new PlanNode(n.op(), n.name(), in, n.outputs(), n.ints(), n.weights());
  }

  private Map<String, PlanNode> producers() {
    Map<String, PlanNode> m = new HashMap<>();
    nodes().forEach(n -> n.outputs().forEach(o -> m.put(o, n)));
    return m;
  }

  /** Position of the node defining each value. */
  private Map<String, Integer> positions() {
    return firstPositions(PlanNode::outputs);
  }

  /** Position of the first node reading each value. */
  private Map<String, Integer> firstReads() {
    return firstPositions(PlanNode::inputs);
  }

  private Map<String, Integer> firstPositions(java.util.function.Function<PlanNode, List<String>> values) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < nodes().size(); i++) {
      for (String v : values.apply(nodes().get(i))) {
        m.putIfAbsent(v, i);
      }
    }
    return m;
  }

  private void rebuild(Map<Integer, List<PlanNode>> insert, Set<Integer> removed) {
    List<PlanNode> out = new ArrayList<>();
    for (int i = 0; i < nodes().size(); i++) {
      if (!removed.contains(i)) {
        out.add(nodes().get(i));
      }
      out.addAll(insert.getOrDefault(i, List.of()));
    }
    replaceAll(out);
  }

  private void replaceAll(List<PlanNode> out) {
    List<PlanNode> copy = new ArrayList<>(out);
    nodes().clear();
    nodes().addAll(copy);
  }

  private static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }
}
