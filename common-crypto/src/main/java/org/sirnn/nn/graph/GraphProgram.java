package org.sirnn.nn.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.sirnn.nn.model.Architecture;
import org.sirnn.nn.model.ModelSpec;
import org.sirnn.nn.ops.Ops;

/**
 * An imported model: its {@link GraphPlan} interpreted over {@link Ops}, so the float reference, the fixed-point
 * twin and the secure run execute the same plan. Each plan node runs in a cost scope named after it.
 */
public record GraphProgram(GraphPlan plan) implements Architecture {
  public static final String KIND = "graph";

  /** The program of a spec of kind {@value #KIND}. */
  public static GraphProgram from(ModelSpec spec) {
    if (spec.program() == null) {
      throw new IllegalArgumentException(spec.name() + ": kind '" + KIND + "' needs a program");
    }
    return new GraphProgram(spec.program());
  }

  @Override
  public int inputCols() {
    return plan.inputCols();
  }

  @Override
  public int outputCols() {
    return plan.outputCols();
  }

  @Override
  public Map<String, int[]> tensorShapes() {
    return plan.tensors();
  }

  /** Nodes run as one lockstep group at most (threads and live values stay bounded for large graphs). */
  static final int MAX_GROUP = 64;

  /**
   * Runs the plan as a dataflow: every node is a branch of {@link Ops#parallel} that starts as soon as its inputs
   * exist, so nodes that do not depend on each other share rounds (the plan's order is topological; groups of at
   * most {@value #MAX_GROUP} consecutive nodes). Each node keeps its own scope (its layer in the metrics), whose
   * rounds are its own chain's; the session's rounds are those of the longest path.
   */
  @Override
  public <T> T forward(Ops<T> o, T input) {
    Map<String, CompletableFuture<T>> values = new HashMap<>();
    values.put(plan.input(), CompletableFuture.completedFuture(input));
    int batch = o.rows(input);
    List<PlanNode> nodes = plan.nodes();
    for (PlanNode n : nodes) {
      for (String out : n.outputs()) {
        values.put(out, new CompletableFuture<>());
      }
    }
    for (int from = 0; from < nodes.size(); from += MAX_GROUP) {
      List<Function<Ops<T>, Void>> branches = new ArrayList<>();
      for (PlanNode n : nodes.subList(from, Math.min(nodes.size(), from + MAX_GROUP))) {
        branches.add(q -> {
          Map<String, T> env = new HashMap<>();
          for (String in : n.inputs()) {
            CompletableFuture<T> v = values.get(in);
            if (v == null) {
              throw new IllegalStateException("graph program: node " + n.name() + " reads '" + in
                  + "', which no earlier node writes");
            }
            env.put(in, q.await(v));
          }
          try (var sc = q.scope(n.name())) {
            NodeRunner.run(q, n, env, batch);
          }
          for (String out : n.outputs()) {
            values.get(out).complete(env.get(out));
          }
          return null;
        });
      }
      o.parallel(branches);
    }
    T out = values.get(plan.output()).join();
    if (o.cols(out) != plan.outputCols()) {
      throw new IllegalStateException("graph program: output has " + o.cols(out) + " columns, plan says "
          + plan.outputCols());
    }
    return out;
  }
}
