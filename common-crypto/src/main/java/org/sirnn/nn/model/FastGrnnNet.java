package org.sirnn.nn.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sirnn.nn.ops.Ops;

/**
 * FastGRNN (Kusupati et al., NeurIPS 2018; SiRnn's Google-30 and Industrial-72 cell) unrolled over time, then a
 * dense classifier. Per step t, with low-rank W = W1 W2 and U = U1 U2 (rank 0 = a full matrix "W" / "U"):
 * pre = x_t W + h U; g = sigmoid(pre + Bg) and c = tanh(pre + Bh) (one fused evaluation); h = g * h + (zeta (1 - g) + nu) * c; scores =
 * h FC + FCb. An optional per-input affine normalisation x * norm_scale + norm_offset comes first. x W for all
 * steps is one batched op (it does not depend on the state), so the per-step rounds are those of U, two rescaled
 * sums, sigmoid, tanh and the update, whose two products run in lockstep ({@link Ops#parallel}).
 */
public record FastGrnnNet(int steps, int features, int hidden, int wRank, int uRank, int classes, boolean normalise)
    implements SequenceClassifier {
  public static final String KIND = "fastgrnn";

  static FastGrnnNet from(ModelSpec s) {
    return new FastGrnnNet(s.dim("steps"), s.dim("features"), s.dim("hidden"), s.dim("wRank"), s.dim("uRank"),
        s.dim("classes"), s.dims().getOrDefault("normalise", 0) != 0);
  }

  @Override
  public Map<String, int[]> tensorShapes() {
    Map<String, int[]> m = new LinkedHashMap<>();
    if (normalise) {
      m.put("norm_scale", new int[] {steps * features});
      m.put("norm_offset", new int[] {steps * features});
    }
    lowRank(m, "W", features, wRank);
    lowRank(m, "U", hidden, uRank);
    m.put("Bg", new int[] {hidden});
    m.put("Bh", new int[] {hidden});
    m.put("zeta", new int[] {1});
    m.put("nu", new int[] {1});
    m.put("FC", new int[] {hidden, classes});
    m.put("FCb", new int[] {classes});
    return m;
  }

  private void lowRank(Map<String, int[]> m, String name, int in, int rank) {
    if (rank == 0) {
      m.put(name, new int[] {in, hidden});
    } else {
      m.put(name + "1", new int[] {in, rank});
      m.put(name + "2", new int[] {rank, hidden});
    }
  }

  private <T> T project(Ops<T> o, String op, T x, String name, int rank) {
    if (rank == 0) {
      return o.matVec(op, x, name);
    }
    return o.matVec(op + "2", o.matVec(op + "1", x, name + "1"), name + "2");
  }

  @Override
  public <T> T forward(Ops<T> o, T input) {
    int batch = o.rows(input);
    T x = input;
    T wx;
    try (var sc = o.scope("input")) {
      if (normalise) {
        x = o.addBias("norm", o.mulWeight("norm_mul", x, "norm_scale"), "norm_offset");
      }
      wx = o.reshape(project(o, "wx", o.reshape(x, batch * steps, features), "W", wRank), batch, steps * hidden);
    }
    T h = o.zeros("h", batch, hidden);
    for (int t = 0; t < steps; t++) {
      try (var sc = o.scope("cell")) {
        T pre = o.add("pre", o.columns(wx, t * hidden, (t + 1) * hidden), project(o, "uh", h, "U", uRank));
        java.util.List<T> gc = o.sigmoidTanh("g", o.addBias("zg", pre, "Bg"), "c", o.addBias("zc", pre, "Bh"));
        T g = gc.get(0);
        T c = gc.get(1);
        // g * h does not depend on z = zeta (1 - g) + nu and z * c: they run in lockstep
        T hPrev = h;
        java.util.concurrent.CompletableFuture<T> zf = new java.util.concurrent.CompletableFuture<>();
        java.util.List<T> terms = o.parallel(java.util.List.<java.util.function.Function<Ops<T>, T>>of(
            q -> {
              zf.complete(q.addBias("z", q.mulWeight("zeta_omg", q.oneMinus("omg", g), "zeta"), "nu"));
              return null;
            },
            q -> q.mul("gh", g, hPrev),
            q -> q.mul("zc_mul", q.await(zf), c)));
        h = o.add("h", terms.get(1), terms.get(2));
      }
    }
    return SequenceClassifier.classify(o, h, "FC", "FCb");
  }
}
