package org.sirnn.nn.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sirnn.nn.ops.Ops;

/**
 * LSTM (Hochreiter and Schmidhuber 1997, gate order i, f, o, g) unrolled over time, then a dense classifier. W
 * (features x 4H) and b for all steps in one op; per step: gates = xw + h U; [i | f | o] = sigmoid(...) and g = tanh(...) in one fused
 * call; c = f * c + i * g as one element-wise multiplication of [f | i] by [c | g]; h = o * tanh(c).
 */
public record LstmNet(int steps, int features, int hidden, int classes) implements SequenceClassifier {
  public static final String KIND = "lstm";

  static LstmNet from(ModelSpec s) {
    return new LstmNet(s.dim("steps"), s.dim("features"), s.dim("hidden"), s.dim("classes"));
  }

  @Override
  public Map<String, int[]> tensorShapes() {
    Map<String, int[]> m = new LinkedHashMap<>();
    m.put("W", new int[] {features, 4 * hidden});
    m.put("b", new int[] {4 * hidden});
    m.put("U", new int[] {hidden, 4 * hidden});
    m.put("FC", new int[] {hidden, classes});
    m.put("FCb", new int[] {classes});
    return m;
  }

  @Override
  public <T> T forward(Ops<T> o, T input) {
    int batch = o.rows(input);
    int g4 = 4 * hidden;
    T xw = projectAllSteps(o, input, "W", "b", g4);
    T h = o.zeros("h", batch, hidden);
    T c = o.zeros("c", batch, hidden);
    for (int t = 0; t < steps; t++) {
      try (var sc = o.scope("cell")) {
        T gates = o.add("gates", o.columns(xw, t * g4, (t + 1) * g4), o.matVec("uh", h, "U"));
        java.util.List<T> act = o.sigmoidTanh("ifo", o.columns(gates, 0, 3 * hidden), "g",
            o.columns(gates, 3 * hidden, g4));
        T ifo = act.get(0);
        T gg = act.get(1);
        T prod = o.mul("fc_ig", o.concat("fi", o.columns(ifo, hidden, 2 * hidden), o.columns(ifo, 0, hidden)),
            o.concat("cg", c, gg));
        c = o.add("c", o.columns(prod, 0, hidden), o.columns(prod, hidden, 2 * hidden));
        h = o.mul("h", o.columns(ifo, 2 * hidden, 3 * hidden), o.tanh("tanh_c", c));
      }
    }
    return SequenceClassifier.classify(o, h, "FC", "FCb");
  }
}
