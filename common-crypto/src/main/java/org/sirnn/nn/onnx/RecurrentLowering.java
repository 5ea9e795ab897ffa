package org.sirnn.nn.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers ONNX GRU, LSTM and RNN nodes (forward, one layer, layout 0, default activations, no sequence lengths, no
 * clip, no peepholes) to one {@code gru}/{@code lstm}/{@code rnn} plan node. ONNX stores W (gates x H, F), R (gates x H, H)
 * and B (Wb then Rb) with gates z, r, h (GRU) or i, o, f, c (LSTM); we store x W layouts: W (F x gates H), U (H x
 * gates H), biases folded where the cell equations allow. See {@link org.sirnn.nn.graph.GraphProgram} for the cell
 * programs.
 */
final class RecurrentLowering {
  /** LSTM gate blocks in our order [i | f | o | c] as ONNX block numbers (ONNX: i, o, f, c). */
  private static final int[] LSTM_BLOCKS = {0, 2, 1, 3};

  private RecurrentLowering() {}

  static void lower(Lowering cx, OnnxNode n) {
    String type = n.opType();
    int gates = switch (type) {
      case "GRU" -> 3;
      case "LSTM" -> 4;
      default -> 1;
    };
    checkAttributes(n, gates);
    Lowering.Act x = cx.act(n, 0);
    Layout lx = x.layout();
    if (lx.rank() != 3 || lx.batchAxis() != 1) {
      throw new IllegalArgumentException(n.label() + ": input " + lx + " is not [steps, B, features]");
    }
    int steps = lx.dims()[0];
    int f = lx.dims()[2];
    int h = (int) n.i("hidden_size", -1);
    OnnxTensor w = cx.constant(n, 1);
    OnnxTensor r = cx.constant(n, 2);
    OnnxTensor b = cx.constant(n, 3);
    if (!Arrays.equals(w.dims(), new int[] {1, gates * h, f})
        || !Arrays.equals(r.dims(), new int[] {1, gates * h, h})) {
      throw new IllegalArgumentException(n.label() + ": W " + Arrays.toString(w.dims()) + " / R "
          + Arrays.toString(r.dims()) + " do not match hidden_size " + h + " and " + f + " features");
    }
    if (!n.input(4).isEmpty()) {
      throw new IllegalArgumentException(n.label() + ": sequence_lens is not supported (all sequences have "
          + steps + " steps)");
    }
    if (type.equals("LSTM") && !n.input(7).isEmpty()) {
      throw new IllegalArgumentException(n.label() + ": peephole weights P are not supported");
    }
    double[] bias = b == null ? new double[2 * gates * h] : b.toDoubles();
    double[] wb = Arrays.copyOfRange(bias, 0, gates * h);
    double[] rb = Arrays.copyOfRange(bias, gates * h, 2 * gates * h);
    double[] wT = LinearLowering.transpose(w.toDoubles(), gates * h, f);
    double[] rT = LinearLowering.transpose(r.toDoubles(), gates * h, h);
    String name = cx.plan.opName(n, "");
    Map<String, String> roles = new LinkedHashMap<>();
    Map<String, int[]> ints = new LinkedHashMap<>();
    ints.put("hidden", new int[] {h});
    ints.put("steps", new int[] {steps});
    String op = type.toLowerCase(java.util.Locale.ROOT);
    int g = gates * h;
    if (type.equals("LSTM")) {
      wT = blocks(wT, f, h, LSTM_BLOCKS);
      rT = blocks(rT, h, h, LSTM_BLOCKS);
      wb = blocks(plus(wb, rb), 1, h, LSTM_BLOCKS);
      roles.put("U", cx.plan.tensor(name + ".U", new int[] {h, g}, rT));
    } else if (type.equals("GRU")) {
      int lbr = (int) n.i("linear_before_reset", 0);
      ints.put("linearBeforeReset", new int[] {lbr});
      if (lbr == 1) {
        double[] bh = new double[g];
        for (int j = 2 * h; j < g; j++) {
          bh[j] = rb[j];
          rb[j] = 0;
        }
        roles.put("U", cx.plan.tensor(name + ".U", new int[] {h, g}, rT));
        roles.put("bh", cx.plan.tensor(name + ".bh", new int[] {g}, bh));
      } else {
        roles.put("U", cx.plan.tensor(name + ".U", new int[] {h, 2 * h}, columns(rT, h, g, 0, 2 * h)));
        roles.put("Un", cx.plan.tensor(name + ".Un", new int[] {h, h}, columns(rT, h, g, 2 * h, g)));
      }
      wb = plus(wb, rb);
    } else {
      roles.put("U", cx.plan.tensor(name + ".U", new int[] {h, h}, rT));
      wb = plus(wb, rb);
    }
    roles.put("W", cx.plan.tensor(name + ".W", new int[] {f, g}, wT));
    roles.put("b", cx.plan.tensor(name + ".b", new int[] {g}, wb));
    List<String> inputs = new ArrayList<>(List.of(x.id()));
    boolean cellState = type.equals("LSTM") && !n.input(6).isEmpty();
    if (!n.input(5).isEmpty() || cellState) {
      inputs.add(state(cx, n, 5, h));
    }
    if (cellState) {
      inputs.add(state(cx, n, 6, h));
    }
    int outs = type.equals("LSTM") ? 3 : 2;
    boolean wantY = cx.used(n.outputs().get(0));
    ints.put("want", new int[] {wantY ? 1 : 0});
    Layout y = new Layout(new int[] {steps, 1, 1, h}, 2);
    Layout state = new Layout(new int[] {1, 1, h}, 1);
    List<Layout> layouts = new ArrayList<>(Arrays.asList(wantY ? y : null, state));
    if (outs == 3) {
      layouts.add(state);
    }
    List<Lowering.Act> acts = cx.plan.emit(op, name, inputs, layouts, ints, roles);
    for (int k = 0; k < Math.min(outs, n.outputs().size()); k++) {
      if (k > 0 || wantY) {
        cx.define(n.outputs().get(k), acts.get(k));
      }
    }
  }

  /** Initial state input k (public zeros if absent), batch x hidden. */
  private static String state(Lowering cx, OnnxNode n, int k, int h) {
    if (n.input(k).isEmpty()) {
      return cx.plan.emit("zeros", cx.plan.opName(n, "/s" + k), List.of(), new Layout(new int[] {1, h}, 0), Map.of(),
          Map.of()).id();
    }
    Lowering.Act s = cx.act(n, k);
    if (s.layout().cols() != h) {
      throw new IllegalArgumentException(n.label() + ": initial state " + s.layout() + " is not [1, B, " + h + "]");
    }
    return s.id();
  }

  private static void checkAttributes(OnnxNode n, int gates) {
    String dir = n.s("direction", "forward");
    if (!dir.equals("forward")) {
      throw new IllegalArgumentException(n.label() + ": direction '" + dir + "' is not supported (forward only)");
    }
    if (n.has("clip")) {
      throw new IllegalArgumentException(n.label() + ": clip is not supported");
    }
    if (n.i("layout", 0) != 0) {
      throw new IllegalArgumentException(n.label() + ": layout 1 (batch first) is not supported (onnxruntime does"
          + " not run it either; PyTorch exports batch_first as a Transpose and layout 0)");
    }
    if (n.i("input_forget", 0) != 0) {
      throw new IllegalArgumentException(n.label() + ": input_forget is not supported");
    }
    Object acts = n.attributes().get("activations");
    List<String> expected = switch (gates) {
      case 3 -> List.of("Sigmoid", "Tanh");
      case 4 -> List.of("Sigmoid", "Tanh", "Tanh");
      default -> List.of("Tanh");
    };
    if (acts != null && !acts.equals(expected)) {
      throw new IllegalArgumentException(n.label() + ": activations " + acts + " are not supported (only the"
          + " defaults " + expected + ")");
    }
    if (n.i("hidden_size", -1) <= 0) {
      throw new IllegalArgumentException(n.label() + ": missing hidden_size");
    }
  }

  /** Re-orders the gate column blocks (each h wide) of a rows x (blocks h) matrix. */
  private static double[] blocks(double[] m, int rows, int h, int[] order) {
    int g = order.length * h;
    double[] o = new double[m.length];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < order.length; k++) {
        System.arraycopy(m, r * g + order[k] * h, o, r * g + k * h, h);
      }
    }
    return o;
  }

  private static double[] columns(double[] m, int rows, int cols, int from, int to) {
    double[] o = new double[rows * (to - from)];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(m, r * cols + from, o, r * (to - from), to - from);
    }
    return o;
  }

  private static double[] plus(double[] a, double[] b) {
    double[] o = a.clone();
    for (int i = 0; i < o.length; i++) {
      o[i] += b[i];
    }
    return o;
  }
}
