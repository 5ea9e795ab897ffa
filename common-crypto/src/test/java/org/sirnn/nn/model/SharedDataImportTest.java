package org.sirnn.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.nn.ops.RealOps;
import org.sirnn.nn.ops.RealTensor;

/**
 * The shared data's real models, imported and run by the float reference ({@link RealOps} through
 * {@link Architecture#forward}), reproduce their upstream results: google13's logits and 87/100, usps's C scores
 * and 10/10. Skipped when the shared data folder is absent.
 */
class SharedDataImportTest {
  @TempDir
  Path tmp;

  /** $SIRNN_DATA/name, else ../../shared/data/name or ../shared/data/name (relative to common-crypto/). */
  static Path data(String name) {
    String env = System.getenv("SIRNN_DATA");
    Path[] candidates = env == null || env.isBlank()
        ? new Path[] {Path.of("..", "..", "shared", "data", name), Path.of("..", "shared", "data", name)}
        : new Path[] {Path.of(env, name), Path.of("..", "..", "shared", "data", name)};
    for (Path c : candidates) {
      if (Files.isDirectory(c)) {
        return c;
      }
    }
    Assumptions.abort("shared data folder " + name + " not found (set SIRNN_DATA or place it at"
        + " ../../shared/data relative to common-crypto/)");
    return null;
  }

  static double[] floatScores(SharedDataImport.Imported i) {
    FloatModel m = i.model();
    Architecture a = m.architecture();
    LabelledSamples s = i.samples();
    RealTensor out = a.forward(new RealOps(m.weights(), new RealTensor(s.inputs(), s.n(), s.inputCols())),
        new RealTensor(s.inputs(), s.n(), s.inputCols()));
    assertEquals(s.n(), out.rows());
    assertEquals(a.outputCols(), out.cols());
    return out.v();
  }

  static int argmax(double[] m, int row, int cols) {
    int best = 0;
    for (int c = 1; c < cols; c++) {
      if (m[row * cols + c] > m[row * cols + best]) {
        best = c;
      }
    }
    return best;
  }

  @Test
  void google13FloatReferenceMatchesUpstream() throws IOException {
    Path dir = data("google13-srnn");
    SharedDataImport.Imported g = SharedDataImport.google13(dir);
    assertEquals(ShallowRnnNet.KIND, g.model().kind());
    assertEquals(SharedDataImport.GOOGLE13_LABELS, g.model().labels());
    assertEquals(100, g.samples().n());
    assertEquals(6 * 8 * 32, g.samples().inputCols());
    assertEquals(78, Arrays.stream(g.samples().labels()).filter(l -> l == 0).count());
    double[] mix0 = g.model().weights().get("mix0");
    assertEquals(0.892619, mix0[0], 1e-6);
    assertEquals(0.371637, mix0[31], 1e-6);
    assertEquals(0.968985, g.model().weights().get("mix1")[15], 1e-6);
    assertEquals(0.393828, g.model().weights().get("mix1")[16], 1e-6);

    double[] scores = floatScores(g);
    double[] predicted = Npy.read(dir.resolve("params").resolve("predicted_sample.npy")).values();
    double maxDiff = 0;
    int agree = 0;
    int correct = 0;
    for (int k = 0; k < 100; k++) {
      for (int c = 0; c < 13; c++) {
        maxDiff = Math.max(maxDiff, Math.abs(scores[k * 13 + c] - predicted[k * 13 + c]));
      }
      agree += argmax(scores, k, 13) == argmax(predicted, k, 13) ? 1 : 0;
      correct += argmax(scores, k, 13) == g.samples().labels()[k] ? 1 : 0;
    }
    System.out.printf("google13 float: %d/100 correct, argmax agreement %d/100, max |logit - predicted| %.3g%n",
        correct, agree, maxDiff);
    assertEquals(100, agree);
    assertEquals(87, correct);
    assertTrue(maxDiff < 1e-4, "max |logit - predicted| = " + maxDiff);
  }

  @Test
  void uspsFloatReferenceMatchesTheCReference() throws IOException {
    Path dir = data("usps-fastgrnn");
    SharedDataImport.Imported u = SharedDataImport.usps(dir);
    assertEquals(FastGrnnNet.KIND, u.model().kind());
    assertArrayEquals(new int[] {9, 6, 3, 6, 6, 0, 0, 0, 6, 9}, u.samples().labels());
    double[] scores = floatScores(u);
    double[] ref = SharedDataImport.uspsReferenceScores(dir);
    assertEquals(100, ref.length);
    double maxDiff = 0;
    int correct = 0;
    for (int k = 0; k < 10; k++) {
      for (int c = 0; c < 10; c++) {
        maxDiff = Math.max(maxDiff, Math.abs(scores[k * 10 + c] - ref[k * 10 + c]));
      }
      correct += argmax(scores, k, 10) == u.samples().labels()[k] ? 1 : 0;
    }
    System.out.printf("usps float: %d/10 correct, max |score - C float32| %.3g%n", correct, maxDiff);
    assertEquals(10, correct);
    assertTrue(maxDiff < 1e-4, "max |score - reference| = " + maxDiff);
  }

  @Test
  void industrialStandInIsDeterministicAndRuns() {
    SharedDataImport.Imported a = SharedDataImport.industrial72StandIn();
    SharedDataImport.Imported b = SharedDataImport.industrial72StandIn();
    assertEquals("synthetic stand-in for SiRnn's proprietary Industrial-72 model", a.model().description());
    assertTrue(a.model().name().contains("standin"));
    a.model().weights().forEach((k, v) -> assertArrayEquals(v, b.model().weights().get(k), k));
    assertArrayEquals(a.samples().inputs(), b.samples().inputs());
    FastGrnnNet net = (FastGrnnNet) a.model().architecture();
    assertEquals(7, net.steps());
    assertEquals(64, net.hidden());
    assertEquals(8, a.samples().n());
    assertTrue(Arrays.stream(a.samples().labels()).allMatch(l -> l == -1));
    double[] scores = floatScores(a);
    assertTrue(Arrays.stream(scores).allMatch(Double::isFinite));
    assertTrue(Arrays.stream(scores).anyMatch(s -> s != 0));
  }

  @Test
  void importedModelsSurviveTheirModelDirectory() throws IOException {
    SharedDataImport.Imported[] all = {SharedDataImport.industrial72StandIn(),
        SharedDataImport.usps(data("usps-fastgrnn")), SharedDataImport.google13(data("google13-srnn"))};
    for (SharedDataImport.Imported i : all) {
      Path d = tmp.resolve(i.model().name());
      ModelFiles.writeFloat(d, i.model());
      ModelFiles.writeSamples(d, i.samples());
      FloatModel m = ModelFiles.readFloat(d);
      assertEquals(i.model().dims(), m.dims());
      assertEquals(i.model().labels(), m.labels());
      i.model().weights().forEach((k, v) -> assertArrayEquals(v, m.weights().get(k), k));
      LabelledSamples s = ModelFiles.readSamples(d);
      assertArrayEquals(i.samples().labels(), s.labels());
      for (int k = 0; k < s.inputs().length; k++) {
        assertEquals((float) i.samples().inputs()[k], s.inputs()[k]);
      }
      double[] before = floatScores(i);
      double[] after = floatScores(new SharedDataImport.Imported(m, s));
      int cols = m.architecture().outputCols();
      for (int k = 0; k < s.n(); k++) {
        assertEquals(argmax(before, k, cols), argmax(after, k, cols), i.model().name() + " sample " + k);
      }
    }
  }
}
