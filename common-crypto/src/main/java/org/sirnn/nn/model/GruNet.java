package org.sirnn.nn.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sirnn.nn.ops.Ops;

/**
 * GRU (Cho et al. 2014, the PyTorch gate order r, z, n) unrolled over time, then a dense classifier. W (features x
 * 3H) and bx for all steps in one op; per step: hu = h U + bh; [r | z] = sigmoid(xw_rz + hu_rz) in one call;
 * n = tanh(xw_n + r * hu_n); h = (1 - z) * n + z * h as one element-wise multiplication of [1 - z | z] by [n | h].
 */
public record GruNet(int steps, int features, int hidden, int classes) implements SequenceClassifier {
  public static final String KIND = "gru";

  static GruNet from(ModelSpec s) {
    return new GruNet(s.dim("steps"), s.dim("features"), s.dim("hidden"), s.dim("classes"));
  }

  @Override
  public Map<String, int[]> tensorShapes() {
    Map<String, int[]> m = new LinkedHashMap<>();
    m.put("W", new int[] {features, 3 * hidden});
    m.put("bx", new int[] {3 * hidden});
    m.put("U", new int[] {hidden, 3 * hidden});
    m.put("bh", new int[] {3 * hidden});
    m.put("FC", new int[] {hidden, classes});
    m.put("FCb", new int[] {classes});
    return m;
  }

  @Override
  public <T> T forward(Ops<T> o, T input) {
    int batch = o.rows(input);
    int g = 3 * hidden;
    T xw = projectAllSteps(o, input, "W", "bx", g);
    T h = o.zeros("h", batch, hidden);
    for (int t = 0; t < steps; t++) {
      try (var sc = o.scope("cell")) {
        T x = o.columns(xw, t * g, (t + 1) * g);
        T hu = o.addBias("hu", o.matVec("uh", h, "U"), "bh");
        T rz = o.sigmoid("rz", o.add("rz_pre", o.columns(x, 0, 2 * hidden), o.columns(hu, 0, 2 * hidden)));
        T r = o.columns(rz, 0, hidden);
        T z = o.columns(rz, hidden, 2 * hidden);
        T n = o.tanh("n", o.add("n_pre", o.columns(x, 2 * hidden, g), o.mul("r_hu", r, o.columns(hu, 2 * hidden,
            g))));
        T prod = o.mul("mix", o.concat("gates", o.oneMinus("omz", z), z), o.concat("states", n, h));
        h = o.add("h", o.columns(prod, 0, hidden), o.columns(prod, hidden, 2 * hidden));
      }
    }
    return SequenceClassifier.classify(o, h, "FC", "FCb");
  }
}
