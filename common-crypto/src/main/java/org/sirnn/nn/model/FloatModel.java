package org.sirnn.nn.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sirnn.nn.graph.GraphPlan;

/**
 * A float model before quantisation: architecture kind and dimensions (as in {@link ModelSpec}) and float weight
 * tensors by name, row-major in the shapes {@link Architecture#tensorShapes()} names (x W convention: W is in x
 * out). An imported model (kind {@value org.sirnn.nn.graph.GraphProgram#KIND}) carries its public program, null
 * otherwise.
 */
public record FloatModel(String name, String kind, String description, Map<String, Integer> dims,
    Map<String, double[]> weights, List<String> labels, GraphPlan program) {
  public FloatModel {
    dims = Collections.unmodifiableMap(new LinkedHashMap<>(dims));
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    labels = labels == null ? List.of() : List.copyOf(labels);
  }

  /** A float model of a built-in architecture (no program). */
  public FloatModel(String name, String kind, String description, Map<String, Integer> dims,
      Map<String, double[]> weights, List<String> labels) {
    this(name, kind, description, dims, weights, labels, null);
  }

  /** The metadata skeleton (no tensors or scales yet) from which the architecture is built. */
  public ModelSpec skeleton(int bits) {
    return new ModelSpec(name, kind, description, dims, bits, 0, Map.of(), Map.of(), labels, program);
  }

  /** The architecture, with every weight checked against its expected shape (errors name the tensor). */
  public Architecture architecture() {
    Architecture a = Architecture.of(skeleton(16));
    for (Map.Entry<String, int[]> e : a.tensorShapes().entrySet()) {
      double[] w = weights.get(e.getKey());
      int n = 1;
      for (int d : e.getValue()) {
        n *= d;
      }
      if (w == null) {
        throw new IllegalArgumentException(name + ": missing tensor '" + e.getKey() + "'");
      }
      if (w.length != n) {
        throw new IllegalArgumentException(name + ": tensor '" + e.getKey() + "' has " + w.length + " values, "
            + "expected " + java.util.Arrays.toString(e.getValue()));
      }
    }
    return a;
  }
}
