package org.sirnn.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.sirnn.nn.graph.GraphProgram;
import org.sirnn.nn.model.FloatModel;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.ops.RealTensor;
import org.sirnn.nn.quant.Quantiser;
import org.sirnn.test.Parties;

/**
 * Checks one ONNX model built in a test: our float program equals onnxruntime within 1e-4 on random inputs, and
 * (if asked) the secure run equals the fixed-point twin bit for bit on a small batch.
 */
final class ImportCheck {
  private ImportCheck() {}

  /** Imports the model (written to {@code dir}) and returns its float model after the checks. */
  static FloatModel check(Path dir, String name, byte[] model, boolean secure) throws Exception {
    Path file = dir.resolve(name + ".onnx");
    Files.write(file, model);
    FloatModel fm = OnnxImport.floatModel(file, name);
    GraphProgram p = (GraphProgram) fm.architecture();
    int[] shape = p.plan().inputShape();
    int n = 5;
    double[] x = gaussian(n * p.inputCols(), name.hashCode());
    long[] ortShape = new long[shape.length + 1];
    ortShape[0] = n;
    for (int k = 0; k < shape.length; k++) {
      ortShape[k + 1] = shape[k];
    }
    double diff = OrtOracle.maxDiff(Inference.real(fm, x, n), OrtOracle.run(model, x, ortShape));
    System.out.printf("%s: %d plan nodes, float vs onnxruntime max |diff| %.2e%n", name, p.plan().nodes().size(),
        diff);
    assertTrue(diff < 1e-4, name + ": float program differs from onnxruntime by " + diff);
    if (secure) {
      int calibN = 32;
      Quantiser.Quantised q = Quantiser.quantise(fm, new RealTensor(gaussian(calibN * p.inputCols(), 7), calibN,
          p.inputCols()), Quantiser.Options.defaults());
      int batch = 3;
      long[] xi = Quantiser.quantiseInput(q.spec(), java.util.Arrays.copyOf(x, batch * p.inputCols()));
      Inference.Scores twin = Inference.clearFixed(q.spec(), q.weights(), xi, batch);
      var r = Parties.run(s -> Inference.secure(s, q.spec(), q.weights(), null, batch),
          c -> Inference.secure(c, q.spec(), null, xi, batch), 60);
      assertArrayEquals(twin.values(), r.client().values(), name + ": secure differs from the twin");
    }
    return fm;
  }

  static double[] gaussian(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian() * 0.7;
    }
    return v;
  }
}
