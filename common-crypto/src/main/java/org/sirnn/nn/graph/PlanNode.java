package org.sirnn.nn.graph;

import java.util.Arrays;
import java.util.Collections;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a {@link GraphPlan}: an op of the graph program ({@link NodeRunner#OPS}), its name (the prefix of
 * every scale key it reads, stable and unique per plan node), the values it reads and writes, public integer
 * attributes (dimensions, column index maps, flags) and the names of the weight tensors it reads by role (e.g.
 * {@code W -> "fc.W"}). Never weight values: those stay with the server.
 */
public record PlanNode(String op, String name, List<String> inputs, List<String> outputs, Map<String, int[]> ints,
    Map<String, String> weights) {

  public PlanNode {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    // sorted keys: the same node serialises (and fingerprints) the same however its maps were built
    Map<String, int[]> copy = new TreeMap<>();
    ints.forEach((k, v) -> copy.put(k, v.clone()));
    ints = Collections.unmodifiableMap(copy);
    weights = Collections.unmodifiableMap(new TreeMap<>(weights));
  }

  /** An integer attribute (a one-element array). */
  public int integer(String key) {
    return ints(key)[0];
  }

  /** An integer attribute, or {@code def} if absent. */
  public int integer(String key, int def) {
    int[] v = ints.get(key);
    return v == null ? def : v[0];
  }

  /** An integer array attribute. */
  public int[] ints(String key) {
    int[] v = ints.get(key);
    if (v == null) {
      throw new IllegalArgumentException(this + ": missing attribute '" + key + "'");
    }
    return v.clone();
  }

  /** The weight tensor of a role. */
  public String weight(String role) {
    String w = weights.get(role);
    if (w == null) {
      throw new IllegalArgumentException(this + ": missing weight '" + role + "'");
    }
    return w;
  }

  /** Columns of output k (attribute {@code cols}, one entry per output). */
  public int cols(int k) {
    return ints("cols")[k];
  }

  /** Canonical one-line text (fingerprint input): every field in a fixed order. */
  String canonical() {
    StringBuilder b = new StringBuilder(op).append(' ').append(name).append(" in ").append(inputs).append(" out ")
        .append(outputs);
    new java.util.TreeMap<>(ints).forEach((k, v) -> b.append(' ').append(k).append('=').append(Arrays.toString(v)));
    new java.util.TreeMap<>(weights).forEach((k, v) -> b.append(' ').append(k).append(':').append(v));
    return b.toString();
  }

  @Override
  public String toString() {
    return "plan node '" + name + "' (" + op + ")";
  }
}
