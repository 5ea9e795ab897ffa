package org.sirnn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.nn.heads.HeadsAccuracy;
import org.sirnn.nn.model.Npy;
import org.sirnn.nn.runtime.ModelPlan;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import picocli.CommandLine;

/**
 * The wiring of Heads into the client's commands, without a secure run of a full image (that takes about 10
 * minutes and 12 GB of heap; HeadsSecure has no entry point for a smaller crop): the bundled model and images,
 * input validation of {@code infer --model heads} and {@code bench model heads}, the heap guard, the cleartext twin
 * behind {@code matches_twin}, and the Inference API's catalog entry. Run with client-party/ as working directory.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeadsCommandsTest {
  private static final Path MODELS = Path.of("..", "models");
  private static final Path CLASSROOM = MODELS.resolve("heads").resolve("classroom.npy");

  @TempDir
  Path tmp;

  private record Result(int code, String out, String err) {}

  private static Result infer(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new InferCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private static Result bench(String... args) {
    BenchRun r = BenchRun.of(args);
    return new Result(r.code(), r.out(), r.err());
  }

  private static final ModelRepository REPO = ModelRepository.open(MODELS, ModelRepository.Holder.BOTH);

  private static boolean smallHeap() {
    return LocalRun.heapProblem(REPO.get("heads").plan()) != null;
  }

  @Test
  void theBundledModelLoadsWithAPublicViewForTheClient() throws Exception {
    assertTrue(REPO.names().contains("heads"), REPO.names().toString());
    ServedModel m = REPO.get("heads");
    ModelPlan p = m.plan();
    assertEquals(76800, p.inputCols());
    assertEquals(18000, p.outputCols());
    assertEquals(12, p.outputScale());
    assertEquals(-128, p.inputMin());
    assertEquals(127, p.inputMax());
    ServedModel client = ModelRepository.open(MODELS, ModelRepository.Holder.CLIENT).get("heads");
    assertFalse(client.hasWeights(), "the client's view has no weights");
    assertArrayEquals(p.fingerprint(), client.plan().fingerprint());
  }

  @Test
  void imagesReadFromTheSampleFileOrAPlainImage() throws Exception {
    ServedModel m = REPO.get("heads");
    ServedModel.SampleInput in = m.sample(Npy.read(CLASSROOM), 0, CLASSROOM.toString());
    assertEquals(76800, in.input().length);
    assertEquals(18000, in.expected().length);
    assertTrue(Arrays.stream(in.input()).allMatch(v -> v >= -128 && v <= 127));
    // the image alone, 240 x 320: the same integers, no reference
    double[] pixels = Arrays.copyOfRange(Npy.read(CLASSROOM).values(), 18000, 94800);
    Path plain = tmp.resolve("plain.npy");
    Npy.writeFloat64(plain, pixels, 240, 320);
    ServedModel.SampleInput p = m.sample(Npy.read(plain), 0, plain.toString());
    assertArrayEquals(in.input(), p.input());
    assertNull(p.expected());
    assertTrue(Double.isNaN(m.errorVsExpected(new long[18000], p.expected())));
  }

  @Test
  void theTwinMeetsTheBarOnClassroom() throws Exception {
    ServedModel m = REPO.get("heads");
    ServedModel.SampleInput in = m.sample(Npy.read(CLASSROOM), 0, CLASSROOM.toString());
    long[] y = m.twin(in.input(), 1);
    assertEquals(18000, y.length);
    double p95 = m.errorVsExpected(y, in.expected());
    assertTrue(p95 < HeadsAccuracy.BAR, "p95 " + p95);
    assertEquals(0.223018, p95, 5e-7, "docs/heads.md's twin figure");
  }

  @Test
  void inferRejectsAMissingFileAndWrongSizesWithExit2() throws Exception {
    Result r = infer("--model", "heads", "--input", tmp.resolve("none.npy").toString(), "--models", MODELS.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("no such file"), r.err());

    Path small = tmp.resolve("small.npy");
    Npy.writeFloat32(small, new double[100], 10, 10);
    r = infer("--model", "heads", "--input", small.toString(), "--models", MODELS.toString(), "--json");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("infer: --input " + small) && r.err().contains("100 values (shape [10, 10])")
        && r.err().contains("94800") && r.err().contains("76800"), r.err());
    assertEquals("", r.out());

    Path text = Files.writeString(tmp.resolve("few.txt"), "1\n2\n3\n");
    r = infer("--model", "heads", "--input", text.toString(), "--models", MODELS.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("3 input values; model heads takes 76800"), r.err());

    r = infer("--model", "heads", "--input", CLASSROOM.toString(), "--sample", "1", "--models", MODELS.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("sample 1: a heads file holds one image"), r.err());

    long[] wide = new long[76800];
    wide[5] = 200;
    Path outOfRange = Files.writeString(tmp.resolve("wide.txt"), Arrays.toString(wide));
    r = infer("--model", "heads", "--input", outOfRange.toString(), "--models", MODELS.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("input value 200 at index 5 is outside [-128, 127]"), r.err());
  }

  @Test
  void aSmallHeapIsRefusedWithTheCommandToUse() {
    Assumptions.assumeTrue(smallHeap(), "this JVM's heap is large enough: the guard does not fire");
    Result r = infer("--model", "heads", "--input", CLASSROOM.toString(), "--models", MODELS.toString(), "--json");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("java -Xmx14g -jar") && r.err().contains("--force"), r.err());
    Result b = bench("model", "heads", "--models", MODELS.toString());
    assertEquals(2, b.code());
    assertTrue(b.err().contains("java -Xmx14g -jar") && b.err().contains("--force"), b.err());
  }

  @Test
  void benchRejectsAWrongImageWithExit2() throws Exception {
    Path small = tmp.resolve("small.npy");
    Npy.writeFloat32(small, new double[100], 100);
    Result b = bench("model", "heads", "--models", MODELS.toString(), "--image", small.toString());
    assertEquals(2, b.code());
    assertTrue(b.err().contains("100 values") && b.err().contains("94800"), b.err());
    b = bench("model", "heads", "--models", tmp.toString());
    assertEquals(2, b.code());
    assertTrue(b.err().contains("no model named 'heads'"), b.err());
  }

  @Test
  void theApiOffersHeadsOnlyWhenBundled() throws Exception {
    ModelRepository client = ModelRepository.open(MODELS, ModelRepository.Holder.CLIENT);
    ModelPlan h = client.get("heads").plan();
    assertArrayEquals(new int[] {240, 320}, h.inputShape());
    assertEquals(-1, h.inputScale());
    assertTrue(h.description().contains("18000"), h.description());
    assertFalse(ModelRepository.open(tmp, ModelRepository.Holder.CLIENT).contains("heads"));
  }
}
