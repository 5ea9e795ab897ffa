package org.sirnn.nn.graph;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The public program of an imported model (architecture kind {@value GraphProgram#KIND}): the nodes in execution
 * order over named values, each value a batch of rows (one per sample) of {@code cols} fixed or float numbers.
 *
 * @param input the name of the model input
 * @param inputShape the input's dimensions without the batch (a samples file is [n, ...inputShape])
 * @param output the name of the value whose rows are the scores
 * @param outputCols scores per sample
 * @param post what the client does with the opened scores: {@code none}, {@code softmax} or {@code argmax} (the
 *     graph's final Softmax/ArgMax, not run securely)
 * @param nodes the program
 * @param tensors every weight tensor's shape (row-major, x W convention)
 */
public record GraphPlan(String input, int[] inputShape, String output, int outputCols, String post,
    List<PlanNode> nodes, Map<String, int[]> tensors) {
  /** Post-processing values of {@link #post}. */
  public static final List<String> POST = List.of("none", "softmax", "argmax");

  public GraphPlan {
    inputShape = inputShape.clone();
    nodes = List.copyOf(nodes);
    Map<String, int[]> t = new LinkedHashMap<>();
    tensors.forEach((k, v) -> t.put(k, v.clone()));
    tensors = Collections.unmodifiableMap(t);
    if (!POST.contains(post)) {
      throw new IllegalArgumentException("graph plan: post-processing '" + post + "' is not one of " + POST);
    }
    check(input, output, nodes, tensors);
  }

  /** Input values per sample. */
  public int inputCols() {
    int n = 1;
    for (int d : inputShape) {
      n *= d;
    }
    return n;
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** Canonical text covering everything that changes the computation (for the model fingerprint). */
  public String canonical() {
    StringBuilder b = new StringBuilder("program input ").append(input).append(' ')
        .append(Arrays.toString(inputShape)).append(" output ").append(output).append(' ').append(outputCols)
        .append(" post ").append(post).append('\n');
    nodes.forEach(n -> b.append("node ").append(n.canonical()).append('\n'));
    new java.util.TreeMap<>(tensors).forEach((k, v) -> b.append("shape ").append(k).append(' ')
        .append(Arrays.toString(v)).append('\n'));
    return b.toString();
  }

  /** Every value defined before use, op names unique, known ops, weights declared. */
  private static void check(String input, String output, List<PlanNode> nodes, Map<String, int[]> tensors) {
    Set<String> defined = new HashSet<>(Set.of(input));
    Set<String> names = new HashSet<>();
    for (PlanNode n : nodes) {
      if (!NodeRunner.OPS.contains(n.op())) {
        throw new IllegalArgumentException("graph plan: " + n + " has an unknown op (known: " + NodeRunner.OPS + ")");
      }
      if (!names.add(n.name())) {
        throw new IllegalArgumentException("graph plan: two nodes are named '" + n.name() + "'");
      }
      for (String in : n.inputs()) {
        if (!defined.contains(in)) {
          throw new IllegalArgumentException("graph plan: " + n + " reads '" + in + "' before it is defined");
        }
      }
      for (String w : n.weights().values()) {
        if (!tensors.containsKey(w)) {
          throw new IllegalArgumentException("graph plan: " + n + " reads undeclared tensor '" + w + "'");
        }
      }
      if (n.ints().containsKey("cols") && n.ints().get("cols").length != n.outputs().size()) {
        throw new IllegalArgumentException("graph plan: " + n + " needs one 'cols' entry per output");
      }
      defined.addAll(n.outputs());
    }
    if (!defined.contains(output)) {
      throw new IllegalArgumentException("graph plan: output '" + output + "' is never defined");
    }
  }
}
