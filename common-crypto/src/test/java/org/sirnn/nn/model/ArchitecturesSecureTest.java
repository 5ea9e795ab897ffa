package org.sirnn.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sirnn.nn.ops.RealTensor;
import org.sirnn.nn.quant.Quantiser;
import org.sirnn.test.Parties;

/**
 * Every architecture, quantised from random float weights: the secure scores equal the cleartext fixed-point twin's
 * bit for bit (batched, several samples), and the fixed-point scores stay close to the float model's.
 */
public class ArchitecturesSecureTest {

  static Stream<FloatModel> models() {
    return Stream.of(
        randomModel("fastgrnn-lr", FastGrnnNet.KIND, Map.of("steps", 3, "features", 6, "hidden", 8, "wRank", 3,
            "uRank", 2, "classes", 4, "normalise", 1)),
        randomModel("fastgrnn-full", FastGrnnNet.KIND, Map.of("steps", 2, "features", 5, "hidden", 7, "wRank", 0,
            "uRank", 0, "classes", 3, "normalise", 0)),
        randomModel("shallow", ShallowRnnNet.KIND, Map.of("bricks", 2, "brickSteps", 3, "features", 4, "hidden0", 5,
            "hidden1", 6, "classes", 3)),
        randomModel("gru", GruNet.KIND, Map.of("steps", 3, "features", 4, "hidden", 6, "classes", 3)),
        randomModel("lstm", LstmNet.KIND, Map.of("steps", 3, "features", 4, "hidden", 5, "classes", 3)));
  }

  public static FloatModel randomModel(String name, String kind, Map<String, Integer> dims) {
    FloatModel skeleton = new FloatModel(name, kind, "test", dims, Map.of(), List.of());
    Architecture a = Architecture.of(skeleton.skeleton(16));
    SplittableRandom rnd = new SplittableRandom(name.hashCode());
    Map<String, double[]> w = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : a.tensorShapes().entrySet()) {
      int[] s = e.getValue();
      int n = 1;
      for (int d : s) {
        n *= d;
      }
      double bound = s.length == 2 ? 1.5 / Math.sqrt(s[0]) : 1.0;
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = (rnd.nextDouble() * 2 - 1) * bound;
      }
      if (e.getKey().equals("zeta") || e.getKey().startsWith("mix")) {
        for (int i = 0; i < n; i++) {
          v[i] = 0.2 + 0.7 * rnd.nextDouble();
        }
      }
      w.put(e.getKey(), v);
    }
    return new FloatModel(name, kind, "random test model", dims, w, List.of());
  }

  public static double[] randomInputs(int n, int cols, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] x = new double[n * cols];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextGaussian();
    }
    return x;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void secureEqualsTwinAndTracksFloat(FloatModel m) throws Exception {
    Architecture a = m.architecture();
    int batch = 5;
    double[] calib = randomInputs(64, a.inputCols(), 1);
    Quantiser.Quantised q = Quantiser.quantise(m, new RealTensor(calib, 64, a.inputCols()),
        Quantiser.Options.defaults());
    double[] x = randomInputs(batch, a.inputCols(), 2);
    long[] xi = Quantiser.quantiseInput(q.spec(), x);
    Inference.Scores twin = Inference.clearFixed(q.spec(), q.weights(), xi, batch);
    var r = Parties.run(p -> Inference.secure(p, q.spec(), q.weights(), null, batch),
        p -> Inference.secure(p, q.spec(), null, xi, batch), 120);
    assertNull(r.server());
    assertArrayEquals(twin.values(), r.client().values(), m.name() + ": secure scores differ from the fixed-point twin");

    double[] real = Inference.real(m, x, batch);
    double[] fixed = twin.real();
    double maxErr = 0;
    double maxAbs = 0;
    for (int i = 0; i < real.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(real[i] - fixed[i]));
      maxAbs = Math.max(maxAbs, Math.abs(real[i]));
    }
    System.out.printf("%s: max |fixed - float| = %.4f (max |score| %.3f)%n", m.name(), maxErr, maxAbs);
    assertTrue(maxErr < 0.05 * Math.max(1, maxAbs), m.name() + ": fixed point strays from float by " + maxErr);
  }
}
