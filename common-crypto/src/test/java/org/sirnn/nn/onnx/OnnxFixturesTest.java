package org.sirnn.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sirnn.nn.graph.GraphPlan;
import org.sirnn.nn.graph.GraphProgram;
import org.sirnn.nn.graph.PlanNode;
import org.sirnn.nn.model.FloatModel;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.ModelSpec;
import org.sirnn.nn.ops.RealTensor;
import org.sirnn.nn.quant.Quantiser;
import org.sirnn.test.Parties;

/**
 * The committed ONNX fixtures (examples/onnx, made by scripts/onnx/make_fixtures.py) imported end to end: the float
 * program equals onnxruntime within 1e-4 on all 100 samples, the fixed-point twin's labels agree with the float
 * labels on most samples, and the secure run equals the twin bit for bit on a batch of samples.
 */
class OnnxFixturesTest {
  static final Path FIXTURES = Path.of("..", "examples", "onnx");
  private static final int SECURE_BATCH = 4;

  static Stream<String> fixtures() {
    return Stream.of("gru-digits", "lstm-digits", "cell-digits", "rnn-digits", "conv-digits", "gru-softmax-digits");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void importRunsAsFloatTwinAndSecure(String fixture, @TempDir Path out) throws Exception {
    Path dir = FIXTURES.resolve(fixture);
    OnnxImport.Report report = OnnxImport.importModel(dir.resolve("model.onnx"), dir.resolve("calibration.npy"),
        fixture, out, 16);
    ModelSpec spec = ModelFiles.readSpec(report.dir());
    Map<String, long[]> weights = ModelFiles.readWeights(report.dir(), spec);
    FloatModel fm = ModelFiles.readFloat(report.dir());
    int[] shape = spec.program().inputShape();
    RealTensor x = OnnxImport.samples(dir.resolve("samples.npy"), shape);
    int n = x.rows();
    int classes = spec.program().outputCols();
    int[] labels = new ObjectMapper().readValue(dir.resolve("labels.json").toFile(), int[].class);

    long[] ortShape = new long[shape.length + 1];
    ortShape[0] = n;
    for (int k = 0; k < shape.length; k++) {
      ortShape[k + 1] = shape[k];
    }
    float[] ort = OrtOracle.run(Files.readAllBytes(dir.resolve("model.onnx")), x.v(), ortShape);
    double[] real = Inference.real(fm, x.v(), n);
    double[] ours = switch (spec.program().post()) {
      case "softmax" -> softmax(real, classes);
      case "argmax" -> Arrays.stream(Inference.argmax(real, classes)).asDoubleStream().toArray();
      default -> real;
    };
    double diff = OrtOracle.maxDiff(ours, ort);

    long[] xi = Quantiser.quantiseInput(spec, x.v());
    Inference.Scores twin = Inference.clearFixed(spec, weights, xi, n);
    int[] floatLabels = Inference.argmax(real, classes);
    int[] twinLabels = Inference.argmax(twin.values(), classes);
    int agree = 0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      agree += floatLabels[i] == twinLabels[i] ? 1 : 0;
      correct += twinLabels[i] == labels[i] ? 1 : 0;
    }

    long[] xb = Arrays.copyOf(xi, SECURE_BATCH * spec.program().inputCols());
    Inference.Scores twinBatch = Inference.clearFixed(spec, weights, xb, SECURE_BATCH);
    long[] cost = new long[3];
    var r = Parties.run(p -> {
      p.setup();
      return Inference.secure(p, spec, weights, null, SECURE_BATCH);
    }, p -> {
      p.setup();
      long b0 = p.traffic().bytesSent() + p.traffic().bytesReceived();
      long r0 = p.traffic().rounds();
      long t0 = System.nanoTime();
      Inference.Scores s = Inference.secure(p, spec, null, xb, SECURE_BATCH);
      cost[0] = (System.nanoTime() - t0) / 1_000_000;
      cost[1] = p.traffic().bytesSent() + p.traffic().bytesReceived() - b0;
      cost[2] = p.traffic().rounds() - r0;
      return s;
    }, 120);
    System.out.printf("%s: import %.2f s (%d ONNX nodes -> %d plan nodes, %d tensors); float vs onnxruntime max"
        + " |diff| %.2e; twin labels = float labels on %d/%d, twin accuracy %d/%d; secure batch of %d: %d ms,"
        + " %.2f MB, %d rounds%n", fixture, report.seconds(), report.onnxNodes(), report.planNodes(),
        report.tensors(), diff, agree, n, correct, n, SECURE_BATCH, cost[0], cost[1] / 1e6, cost[2]);
    assertTrue(diff < 1e-4, fixture + ": float program differs from onnxruntime by " + diff);
    assertTrue(agree >= 95, fixture + ": twin and float labels agree on only " + agree + "/" + n);
    assertEquals(twinBatch.scale(), r.client().scale());
    assertArrayEquals(twinBatch.values(), r.client().values(), fixture + ": secure scores differ from the twin");
  }

  /**
   * The hand-written cell (16 Gemm and 16 MatMul over 8 steps) runs batched: the input projections of all steps
   * are one dense, the two recurrent products of a step one dense, its sigmoid and tanh one fused call.
   */
  @Test
  void unrolledCellIsBatchedLikeARecurrentNode() throws Exception {
    GraphPlan p = ((GraphProgram) OnnxImport.floatModel(FIXTURES.resolve("cell-digits/model.onnx"), "cell")
        .architecture()).plan();
    Map<String, Long> ops = p.nodes().stream().collect(Collectors.groupingBy(PlanNode::op, Collectors.counting()));
    System.out.println("cell-digits plan ops: " + ops);
    assertEquals(1 + 8 + 1, ops.get("dense"), "x projections of all steps, the recurrent products per step, fc");
    assertEquals(8, ops.get("sigmoidTanh"));
    assertFalse(ops.containsKey("sigmoid") || ops.containsKey("tanh"));
  }

  static double[] softmax(double[] s, int classes) {
    double[] o = new double[s.length];
    for (int r = 0; r < s.length / classes; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, s[r * classes + c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        o[r * classes + c] = Math.exp(s[r * classes + c] - max);
        sum += o[r * classes + c];
      }
      for (int c = 0; c < classes; c++) {
        o[r * classes + c] /= sum;
      }
    }
    return o;
  }
}
