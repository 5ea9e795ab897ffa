package org.sirnn.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sirnn.nn.quant.Quantiser;
import org.sirnn.nn.runtime.LayerProgramModel;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.test.TwoParties;

/**
 * The bundled quantised models (models/ in the repository): the fixed-point twin's accuracy on every bundled
 * sample against the labels and the float model, and a secure slice equal to the twin bit for bit.
 */
class BundledModelsTest {
  static final Path MODELS = Path.of("..", "models");

  record Loaded(ModelSpec spec, Map<String, long[]> weights, FloatModel real, LabelledSamples samples) {}

  static Loaded load(String name) throws Exception {
    Path dir = MODELS.resolve(name);
    Assumptions.assumeTrue(Files.isDirectory(dir), "no " + dir);
    ModelSpec spec = ModelFiles.readSpec(dir);
    return new Loaded(spec, ModelFiles.readWeights(dir, spec), ModelFiles.readFloat(dir), ModelFiles.readSamples(dir));
  }

  static int agree(int[] a, int[] b) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      n += a[i] == b[i] ? 1 : 0;
    }
    return n;
  }

  @ParameterizedTest
  @ValueSource(strings = {"google13", "usps"})
  void twinAccuracyOnAllSamples(String name) throws Exception {
    Loaded m = load(name);
    LabelledSamples s = m.samples();
    int classes = Architecture.of(m.spec()).outputCols();
    long[] x = Quantiser.quantiseInput(m.spec(), s.inputs());
    int[] fixed = Inference.argmax(Inference.clearFixed(m.spec(), m.weights(), x, s.n()).values(), classes);
    int[] real = Inference.argmax(Inference.real(m.real(), s.inputs(), s.n()), classes);
    int correctFixed = agree(fixed, s.labels());
    int correctFloat = agree(real, s.labels());
    System.out.printf("%s: n=%d fixed-point correct %d, float correct %d, fixed agrees with float %d%n", name, s.n(),
        correctFixed, correctFloat, agree(fixed, real));
    if (name.equals("google13")) {
      assertTrue(correctFixed >= 86, "google13 fixed point: " + correctFixed + "/100");
    } else {
      assertEquals(10, correctFixed, "usps fixed point");
    }
  }

  /** The committed model files are exactly what the importer and quantiser produce from ../shared/data. */
  @Test
  void bundledFilesAreReproducible(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path data = Path.of("..", "..", "shared", "data");
    if (!Files.isDirectory(data)) {
      data = Path.of("..", "shared", "data");
    }
    Assumptions.assumeTrue(Files.isDirectory(data.resolve("google13-srnn")), "no shared data");
    Assumptions.assumeTrue(Files.isDirectory(MODELS.resolve("google13")), "no bundled models");
    org.sirnn.nn.quant.BundledModels.main(new String[] {data.toString(), tmp.toString()});
    for (String name : new String[] {"google13", "usps", "industrial72-standin"}) {
      for (String f : new String[] {ModelFiles.SPEC, ModelFiles.WEIGHTS}) {
        assertEquals(Files.readString(MODELS.resolve(name).resolve(f)), Files.readString(tmp.resolve(name).resolve(f)),
            name + "/" + f + " differs from a fresh build (rerun BundledModels)");
      }
    }
  }

  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void secureSliceEqualsTwin() throws Exception {
    for (String name : new String[] {"usps", "google13", "industrial72-standin"}) {
      Loaded m = load(name);
      int batch = 2;
      int cols = Architecture.of(m.spec()).inputCols();
      long[] x = Quantiser.quantiseInput(m.spec(), Arrays.copyOf(m.samples().inputs(), batch * cols));
      Inference.Scores twin = Inference.clearFixed(m.spec(), m.weights(), x, batch);
      LayerProgramModel served = new LayerProgramModel(m.spec(), m.weights(), null);
      var r = TwoParties.inMemory(ch -> {
        SessionRunner.runServer(ch, served, batch);
        return null;
      }, ch -> SessionRunner.runClient(ch, served, x, batch), 120);
      assertArrayEquals(twin.values(), r.client(), name);
      assertEquals(twin.scale(), served.plan().outputScale(), name);
    }
  }
}
