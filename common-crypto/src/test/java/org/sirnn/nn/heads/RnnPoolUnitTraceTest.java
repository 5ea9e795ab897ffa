package org.sirnn.nn.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rnnpool-unit oracle (shared/data/rnnpool-unit/README.md): the VWW float RNNPool block, one 6x6x8 patch,
 * 32 expected outputs, through the same {@link RnnPoolSweeps} the integer Heads layer uses.
 */
class RnnPoolUnitTraceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static double[] values(JsonNode n, String file, String key) {
    JsonNode a = n.get(key);
    if (a == null || !a.has("values")) {
      throw new IllegalArgumentException(file + ": missing array '" + key + "'");
    }
    double[] v = new double[a.get("values").size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get("values").get(i).asDouble();
    }
    return v;
  }

  private static FloatFastGrnn cell(Path dir, int k, int in) throws IOException {
    String f = "rnn" + k + ".json";
    JsonNode n = JSON.readTree(dir.resolve(f).toFile());
    int hidden = values(n, f, "Bg" + k).length;
    return new FloatFastGrnn(values(n, f, "W" + k), values(n, f, "U" + k), values(n, f, "Bg" + k),
        values(n, f, "Bh" + k), n.get("sigmoid_zeta" + k).asDouble(), n.get("sigmoid_nu" + k).asDouble(), in,
        hidden);
  }

  @Test
  void traceReproduced() throws IOException {
    Path dir = HeadsTestData.dir("rnnpool-unit");
    JsonNode in = JSON.readTree(dir.resolve("trace_0_0_input.json").toFile());
    int p = in.get("PATCH_DIM").asInt();
    int c = in.get("INPUT_DIMS").asInt();
    double[] x = values(in, "trace_0_0_input.json", "input");
    double[][][] patch = new double[p][p][];
    for (int r = 0; r < p; r++) {
      for (int q = 0; q < p; q++) {
        patch[r][q] = Arrays.copyOfRange(x, (r * p + q) * c, (r * p + q + 1) * c);
      }
    }
    FloatFastGrnn rnn1 = cell(dir, 1, c);
    FloatFastGrnn rnn2 = cell(dir, 2, 8);
    List<double[]> out = RnnPoolSweeps.apply(patch, rnn1, rnn2, v -> v);
    double[] want = values(JSON.readTree(dir.resolve("trace_0_0_output.json").toFile()), "trace_0_0_output.json",
        "output");
    assertEquals(32, want.length);
    double maxAbs = 0;
    double sq = 0;
    for (int k = 0; k < 4; k++) {
      for (int i = 0; i < 8; i++) {
        double d = out.get(k)[i] - want[k * 8 + i];
        maxAbs = Math.max(maxAbs, Math.abs(d));
        sq += d * d;
      }
    }
    System.out.printf("rnnpool-unit trace: max |delta| = %.3g, squared L2 = %.3g%n", maxAbs, sq);
    // the expected values are float32 roundings of the C float computation
    assertTrue(maxAbs < 1e-6, "max |delta| " + maxAbs);
  }
}
