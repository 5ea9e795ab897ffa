package org.sirnn.nn.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sirnn.nn.ops.Ops;

/**
 * Shallow RNN (Dennis et al., NeurIPS 2019) of two FastRNN layers, EdgeML's Google-13 keyword spotter: the input
 * (bricks x brickSteps x features per sample) is cut into bricks; layer 0 runs over each brick from h = 0 (all
 * bricks of all samples as one batch), its final states are layer 1's time steps; then a dense classifier.
 * FastRNN cell with the inner non-linearity a sigmoid: h = sigmoid(beta) h + sigmoid(alpha) sigmoid(x W + h U + b).
 * The two scalars sigmoid(alpha), sigmoid(beta) are weights ("mixK", [sigmoid(beta) x hidden | sigmoid(alpha) x
 * hidden]), so both products are one element-wise multiplication by a server-known vector.
 */
public record ShallowRnnNet(int bricks, int brickSteps, int features, int hidden0, int hidden1, int classes)
    implements Architecture {
  public static final String KIND = "shallow-fastrnn";

  static ShallowRnnNet from(ModelSpec s) {
    return new ShallowRnnNet(s.dim("bricks"), s.dim("brickSteps"), s.dim("features"), s.dim("hidden0"),
        s.dim("hidden1"), s.dim("classes"));
  }

  @Override
  public int inputCols() {
    return bricks * brickSteps * features;
  }

  @Override
  public int outputCols() {
    return classes;
  }

  @Override
  public Map<String, int[]> tensorShapes() {
    Map<String, int[]> m = new LinkedHashMap<>();
    layerShapes(m, 0, features, hidden0);
    layerShapes(m, 1, hidden0, hidden1);
    m.put("fcW", new int[] {hidden1, classes});
    m.put("fcB", new int[] {classes});
    return m;
  }

  private static void layerShapes(Map<String, int[]> m, int k, int in, int hidden) {
    m.put("W" + k, new int[] {in, hidden});
    m.put("U" + k, new int[] {hidden, hidden});
    m.put("b" + k, new int[] {hidden});
    m.put("mix" + k, new int[] {2 * hidden});
  }

  /** One FastRNN layer over steps; x is rows x (steps x in); returns the final state, rows x hidden. */
  private static <T> T layer(Ops<T> o, int k, T x, int steps, int in, int hidden) {
    String l = "l" + k + "/";
    int rows = o.rows(x);
    T wx;
    try (var sc = o.scope("layer" + k + "-input")) {
      wx = o.reshape(o.matVec(l + "wx", o.reshape(x, rows * steps, in), "W" + k), rows, steps * hidden);
    }
    T h = o.zeros(l + "h", rows, hidden);
    for (int t = 0; t < steps; t++) {
      try (var sc = o.scope("layer" + k)) {
        T pre = o.addBias(l + "pre", o.add(l + "sum", o.columns(wx, t * hidden, (t + 1) * hidden),
            o.matVec(l + "uh", h, "U" + k)), "b" + k);
        T s = o.sigmoid(l + "sig", pre);
        T mixed = o.mulWeight(l + "mix", o.concat(l + "hs", h, s), "mix" + k);
        h = o.add(l + "h", o.columns(mixed, 0, hidden), o.columns(mixed, hidden, 2 * hidden));
      }
    }
    return h;
  }

  @Override
  public <T> T forward(Ops<T> o, T input) {
    int batch = o.rows(input);
    T bricksIn = o.reshape(input, batch * bricks, brickSteps * features);
    T h0 = layer(o, 0, bricksIn, brickSteps, features, hidden0);
    T h1 = layer(o, 1, o.reshape(h0, batch, bricks * hidden0), bricks, hidden0, hidden1);
    return SequenceClassifier.classify(o, h1, "fcW", "fcB");
  }
}
