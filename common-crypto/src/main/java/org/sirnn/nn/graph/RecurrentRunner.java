package org.sirnn.nn.graph;

import java.util.ArrayList;
import java.util.List;
import org.sirnn.nn.ops.Ops;

/**
 * ONNX's GRU, LSTM and RNN (forward, one layer, default activations) over {@link Ops}. The input projection x W + b
 * of all steps is one op; every step is SIMD over the batch and the units. Inputs: x (batch x steps*features, step
 * major) and optional initial states (batch x hidden; absent = public zeros). Outputs, in ONNX order: Y (batch x
 * steps*hidden, step major), Y_h, and for LSTM Y_c; a null output is one the graph does not read (ints {@code want}:
 * one flag per output). Weights are stored by the importer in our x W layout with the gate blocks as named below.
 */
final class RecurrentRunner {
  private RecurrentRunner() {}

  static <T> List<T> run(Ops<T> o, PlanNode n, List<T> in) {
    int hidden = n.integer("hidden");
    int steps = n.integer("steps");
    int batch = o.rows(in.get(0));
    int gates = switch (n.op()) {
      case "gru" -> 3;
      case "lstm" -> 4;
      default -> 1;
    };
    String op = n.name();
    T xw = NodeRunner.dense(o, op + "/x", in.get(0), steps, n.weight("W"), n.weight("b"));
    T h = in.size() > 1 ? in.get(1) : o.zeros(op + "/h0", batch, hidden);
    T c = n.op().equals("lstm") ? (in.size() > 2 ? in.get(2) : o.zeros(op + "/c0", batch, hidden)) : null;
    boolean wantY = n.ints("want")[0] == 1;
    T ys = null;
    int g = gates * hidden;
    for (int t = 0; t < steps; t++) {
      T x = o.columns(xw, t * g, (t + 1) * g);
      switch (n.op()) {
        case "gru" -> h = n.integer("linearBeforeReset") == 1 ? gruStep(o, op, n, x, h, hidden)
            : gruStepResetFirst(o, op, n, x, h, hidden);
        case "lstm" -> {
          List<T> hc = lstmStep(o, op, n, x, h, c, hidden);
          h = hc.get(0);
          c = hc.get(1);
        }
        default -> h = o.tanh(op + "/h", o.add(op + "/pre", x, o.matVec(op + "/uh", h, n.weight("U"))));
      }
      if (wantY) {
        ys = ys == null ? h : o.concat(op + "/Y", ys, h);
      }
    }
    List<T> out = new ArrayList<>();
    out.add(ys);
    out.add(h);
    if (c != null) {
      out.add(c);
    }
    return out;
  }

  /**
   * GRU with linear_before_reset = 1 (PyTorch's): x holds [z | r | n] pre-activations; hu = h U + bh with U
   * (hidden x 3 hidden) and bh = [0 | 0 | Rb_n]; n = tanh(x_n + r * hu_n); h' = (1 - z) n + z h as one product of
   * [1 - z | z] and [n | h].
   */
  private static <T> T gruStep(Ops<T> o, String op, PlanNode node, T x, T h, int hidden) {
    T hu = o.addBias(op + "/hu", o.matVec(op + "/uh", h, node.weight("U")), node.weight("bh"));
    T zr = o.sigmoid(op + "/zr", o.add(op + "/zr_pre", o.columns(x, 0, 2 * hidden), o.columns(hu, 0, 2 * hidden)));
    T r = o.columns(zr, hidden, 2 * hidden);
    T cand = o.tanh(op + "/n", o.add(op + "/n_pre", o.columns(x, 2 * hidden, 3 * hidden),
        o.mul(op + "/r_hu", r, o.columns(hu, 2 * hidden, 3 * hidden))));
    return mix(o, op, o.columns(zr, 0, hidden), cand, h, hidden);
  }

  /**
   * GRU with linear_before_reset = 0 (ONNX's default): [z | r] = sigmoid(x_zr + h Uzr); n = tanh(x_n + (r h) Un)
   * (both recurrent biases folded into x's bias by the importer).
   */
  private static <T> T gruStepResetFirst(Ops<T> o, String op, PlanNode node, T x, T h, int hidden) {
    T zr = o.sigmoid(op + "/zr", o.add(op + "/zr_pre", o.columns(x, 0, 2 * hidden),
        o.matVec(op + "/uh", h, node.weight("U"))));
    T rh = o.mul(op + "/rh", o.columns(zr, hidden, 2 * hidden), h);
    T cand = o.tanh(op + "/n", o.add(op + "/n_pre", o.columns(x, 2 * hidden, 3 * hidden),
        o.matVec(op + "/un", rh, node.weight("Un"))));
    return mix(o, op, o.columns(zr, 0, hidden), cand, h, hidden);
  }

  /** (1 - z) n + z h as one element-wise product of [1 - z | z] and [n | h]. */
  private static <T> T mix(Ops<T> o, String op, T z, T cand, T h, int hidden) {
    T prod = o.mul(op + "/mix", o.concat(op + "/gates", o.oneMinus(op + "/omz", z), z),
        o.concat(op + "/states", cand, h));
    return o.add(op + "/h", o.columns(prod, 0, hidden), o.columns(prod, hidden, 2 * hidden));
  }

  /**
   * LSTM step, x holding [i | f | o | c] pre-activations: gates = x + h U; sigmoid of [i | f | o] and tanh of the
   * cell candidate in one fused call; c' = f c + i g as one product of [f | i] and [c | g]; h' = o tanh(c').
   */
  private static <T> List<T> lstmStep(Ops<T> o, String op, PlanNode node, T x, T h, T c, int hidden) {
    T pre = o.add(op + "/pre", x, o.matVec(op + "/uh", h, node.weight("U")));
    List<T> act = o.sigmoidTanh(op + "/ifo", o.columns(pre, 0, 3 * hidden), op + "/g",
        o.columns(pre, 3 * hidden, 4 * hidden));
    T ifo = act.get(0);
    T prod = o.mul(op + "/fc_ig", o.concat(op + "/fi", o.columns(ifo, hidden, 2 * hidden),
        o.columns(ifo, 0, hidden)), o.concat(op + "/cg", c, act.get(1)));
    T c2 = o.add(op + "/c", o.columns(prod, 0, hidden), o.columns(prod, hidden, 2 * hidden));
    T h2 = o.mul(op + "/h", o.columns(ifo, 2 * hidden, 3 * hidden), o.tanh(op + "/tanh_c", c2));
    return List.of(h2, c2);
  }
}
