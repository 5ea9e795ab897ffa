package org.sirnn.nn.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sirnn.nn.ops.Ops;

/**
 * Runs one {@link PlanNode} over {@link Ops}. Ops of the graph program:
 * <ul>
 *   <li>{@code gather} (ints {@code index}): columns by public index, -1 = 0 ({@link Ops#gatherColumns});</li>
 *   <li>{@code concat}: the inputs side by side;</li>
 *   <li>{@code dense} (weights W, optional b; ints {@code groups}): every row holds {@code groups} vectors of W's
 *       in-size, each mapped to x W + b ({@link #dense});</li>
 *   <li>{@code add}, {@code sub}, {@code mul}: two activations of equal shape;</li>
 *   <li>{@code addConst}, {@code mulConst} (weight c): a constant vector or scalar; {@code neg}; {@code oneMinus};</li>
 *   <li>{@code sigmoid}, {@code tanh}, {@code relu}; {@code sigmoidTanh}: sigmoid of input 0 and tanh of input 1 in
 *       one fused evaluation (ops {@code name/s}, {@code name/t}; {@link Ops#sigmoidTanh});</li>
 *   <li>{@code zeros}: public zeros, one row per sample;</li>
 *   <li>{@code gru}, {@code lstm}, {@code rnn}: a recurrent layer over all steps ({@link RecurrentRunner});</li>
 *   <li>{@code maxpool}, {@code sumpool}: reductions over gathered windows ({@link PoolRunner}).</li>
 * </ul>
 * Every output is checked against the plan's column count.
 */
public final class NodeRunner {
  /** The ops a plan may use. */
  public static final Set<String> OPS = Set.of("gather", "concat", "dense", "add", "sub", "mul", "addConst",
      "mulConst", "neg", "oneMinus", "sigmoid", "tanh", "sigmoidTanh", "relu", "zeros", "gru", "lstm", "rnn", "maxpool",
      "sumpool");

  private NodeRunner() {}

  /** Runs {@code n}, reading its inputs from and writing its outputs to {@code env}. */
  public static <T> void run(Ops<T> o, PlanNode n, Map<String, T> env, int batch) {
    List<T> in = new ArrayList<>();
    n.inputs().forEach(name -> in.add(env.get(name)));
    String op = n.name();
    List<T> out = switch (n.op()) {
      case "gather" -> List.of(o.gatherColumns(in.get(0), n.ints("index")));
      case "concat" -> List.of(concat(o, op, in));
      case "dense" -> List.of(dense(o, op, in.get(0), n.integer("groups"), n.weight("W"), n.weights().get("b")));
      case "add" -> List.of(o.add(op, in.get(0), in.get(1)));
      case "sub" -> List.of(o.sub(op, in.get(0), in.get(1)));
      case "mul" -> List.of(o.mul(op, in.get(0), in.get(1)));
      case "addConst" -> List.of(o.addBias(op, in.get(0), n.weight("c")));
      case "mulConst" -> List.of(o.mulWeight(op, in.get(0), n.weight("c")));
      case "neg" -> List.of(o.negate(in.get(0)));
      case "oneMinus" -> List.of(o.oneMinus(op, in.get(0)));
      case "sigmoid" -> List.of(o.sigmoid(op, in.get(0)));
      case "tanh" -> List.of(o.tanh(op, in.get(0)));
      case "relu" -> List.of(o.relu(op, in.get(0)));
      case "sigmoidTanh" -> o.sigmoidTanh(op + "/s", in.get(0), op + "/t", in.get(1));
      case "zeros" -> List.of(o.zeros(op, batch, n.cols(0)));
      case "gru", "lstm", "rnn" -> RecurrentRunner.run(o, n, in);
      case "maxpool", "sumpool" -> List.of(PoolRunner.run(o, n, in.get(0)));
      default -> throw new IllegalArgumentException(n + ": unknown op (known: " + OPS + ")");
    };
    for (int k = 0; k < n.outputs().size(); k++) {
      T v = out.get(k);
      if (v == null) {
        continue;
      }
      if (n.ints().containsKey("cols") && o.cols(v) != n.cols(k)) {
        throw new IllegalStateException(n + ": output " + k + " has " + o.cols(v) + " columns, plan says "
            + n.cols(k));
      }
      env.put(n.outputs().get(k), v);
    }
  }

  /**
   * x W + b for each of the {@code groups} consecutive in-size vectors of every row: the rows are viewed as
   * (batch x groups) x in for one matVec (ops {@code op/mm} and {@code op/b}), then read back as batch x (groups x
   * out).
   */
  public static <T> T dense(Ops<T> o, String op, T x, int groups, String w, String b) {
    int batch = o.rows(x);
    int in = o.cols(x) / groups;
    T y = o.matVec(op + "/mm", o.reshape(x, batch * groups, in), w);
    if (b != null) {
      y = o.addBias(op + "/b", y, b);
    }
    return o.reshape(y, batch, groups * o.cols(y));
  }

  /** The values side by side (op {@code op} aligns their scales). */
  static <T> T concat(Ops<T> o, String op, List<T> xs) {
    T acc = xs.get(0);
    for (int i = 1; i < xs.size(); i++) {
      acc = o.concat(op, acc, xs.get(i));
    }
    return acc;
  }
}
