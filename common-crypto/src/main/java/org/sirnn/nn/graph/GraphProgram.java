package org.sirnn.nn.graph;

import java.util.HashMap;
import java.util.Map;
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

  @Override
  public <T> T forward(Ops<T> o, T input) {
    Map<String, T> env = new HashMap<>();
    env.put(plan.input(), input);
    int batch = o.rows(input);
    for (PlanNode n : plan.nodes()) {
      try (var sc = o.scope(n.name())) {
        NodeRunner.run(o, n, env, batch);
      }
    }
    T out = env.get(plan.output());
    if (o.cols(out) != plan.outputCols()) {
      throw new IllegalStateException("graph program: output has " + o.cols(out) + " columns, plan says "
          + plan.outputCols());
    }
    return out;
  }
}
