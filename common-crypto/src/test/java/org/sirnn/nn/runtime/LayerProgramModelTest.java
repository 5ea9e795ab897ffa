package org.sirnn.nn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.model.Npy;
import org.sirnn.nn.onnx.OnnxImport;

/**
 * An imported model through the repository: its plan carries the ONNX input shape, and a final Softmax is the
 * client's post-processing of the opened scores (compared with torch's softmax outputs).
 */
class LayerProgramModelTest {
  private static final Path EXAMPLES = Path.of("..", "examples", "onnx");

  @TempDir
  Path tmp;

  @Test
  void aFinalSoftmaxRunsOnTheClientAfterOpening() throws Exception {
    Path src = EXAMPLES.resolve("gru-softmax-digits");
    OnnxImport.importModel(src.resolve("model.onnx"), src.resolve("calibration.npy"), "soft", tmp, 16);
    ServedModel m = ModelRepository.open(tmp, ModelRepository.Holder.BOTH).get("soft");
    assertEquals(8, m.plan().inputShape()[0]);
    assertEquals(8, m.plan().inputShape()[1]);
    int n = 20;
    double[] x = Arrays.copyOf(Npy.read(src.resolve("samples.npy")).values(), n * 64);
    double[] torch = Npy.read(src.resolve("expected.npy")).values();
    double[] p = m.probabilities(m.twin(m.encode(x), n));
    double worst = 0;
    int agree = 0;
    int[] ours = Inference.argmax(p, 10);
    int[] theirs = Inference.argmax(Arrays.copyOf(torch, n * 10), 10);
    for (int r = 0; r < n; r++) {
      double sum = 0;
      for (int j = 0; j < 10; j++) {
        sum += p[r * 10 + j];
        worst = Math.max(worst, Math.abs(p[r * 10 + j] - torch[r * 10 + j]));
      }
      assertEquals(1.0, sum, 1e-9);
      agree += ours[r] == theirs[r] ? 1 : 0;
    }
    assertTrue(worst < 0.05, "fixed point vs torch softmax: max abs difference " + worst);
    assertTrue(agree >= n - 1, agree + "/" + n + " labels agree with torch");
  }

  @Test
  void noSoftmaxNoProbabilities() throws Exception {
    ServedModel m = ModelRepository.open(Path.of("..", "models"), ModelRepository.Holder.BOTH).get("gru-digits");
    assertNull(m.probabilities(new long[10]));
  }
}
