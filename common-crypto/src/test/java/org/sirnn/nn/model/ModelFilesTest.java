package org.sirnn.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Model directories: round trips of every file and every validation error with its message. */
class ModelFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;
  Path dir;
  ModelSpec spec;
  Map<String, long[]> weights;

  @BeforeEach
  void writeValidModel() throws IOException {
    dir = tmp.resolve("usps");
    spec = spec(FastGrnnNet.KIND, Map.of("steps", 2, "features", 16, "hidden", 4, "wRank", 5, "uRank", 0,
        "classes", 3));
    weights = weights(spec);
    ModelFiles.writeSpec(dir, spec);
    ModelFiles.writeWeights(dir, spec, weights);
  }

  /** A spec of the kind with int8 weights at scale 6 and every op at scale 8. */
  static ModelSpec spec(String kind, Map<String, Integer> dims) {
    ModelSpec skeleton = new ModelSpec("tiny", kind, "a test model", dims, 16, 9, Map.of(), Map.of(), null);
    Architecture a = Architecture.of(skeleton);
    Map<String, TensorSpec> tensors = new LinkedHashMap<>();
    a.tensorShapes().forEach((k, s) -> tensors.put(k, new TensorSpec(s, 8, 6)));
    Map<String, Integer> ops = new LinkedHashMap<>();
    ModelFiles.scaledOps(a).forEach(op -> ops.put(op, 8));
    return new ModelSpec("tiny", kind, "a test model", dims, 16, 9, tensors, ops, null);
  }

  static Map<String, long[]> weights(ModelSpec spec) {
    SplittableRandom r = new SplittableRandom(1);
    Map<String, long[]> w = new LinkedHashMap<>();
    spec.tensors().forEach((k, t) -> w.put(k, r.longs(t.size(), -128, 128).toArray()));
    return w;
  }

  @ParameterizedTest
  @ValueSource(strings = {FastGrnnNet.KIND, ShallowRnnNet.KIND, GruNet.KIND, LstmNet.KIND})
  void specAndWeightsRoundTrip(String kind) throws IOException {
    Map<String, Integer> dims = switch (kind) {
      case FastGrnnNet.KIND -> Map.of("steps", 3, "features", 4, "hidden", 5, "wRank", 2, "uRank", 0,
          "classes", 3, "normalise", 1);
      case ShallowRnnNet.KIND -> Map.of("bricks", 2, "brickSteps", 3, "features", 4, "hidden0", 5, "hidden1", 6,
          "classes", 3);
      default -> Map.of("steps", 3, "features", 4, "hidden", 5, "classes", 3);
    };
    ModelSpec s = spec(kind, dims);
    Map<String, long[]> w = weights(s);
    Path d = tmp.resolve(kind);
    ModelFiles.writeSpec(d, s);
    ModelFiles.writeWeights(d, s, w);
    ModelSpec back = ModelFiles.readSpec(d);
    assertEquals(s, back);
    assertEquals(ModelFiles.FORMAT, JSON.readTree(d.resolve("model.json").toFile()).get("format").asText());
    Map<String, long[]> wBack = ModelFiles.readWeights(d, back);
    assertEquals(w.keySet(), wBack.keySet());
    w.forEach((k, v) -> assertArrayEquals(v, wBack.get(k), k));
  }

  @Test
  void scaledOpsAreTheNamedOpsOfTheProgram() {
    Set<String> ops = ModelFiles.scaledOps(Architecture.of(spec));
    assertEquals(Set.of("wx1", "wx2", "h", "pre", "uh", "zg", "g", "zc", "c", "omg", "zeta_omg", "z", "gh",
        "zc_mul", "fc", "scores"), ops);
  }

  @Test
  void specAcceptsExtraOpScales() throws IOException {
    editSpec(r -> ((ObjectNode) r.get("opScales")).put("unused", 3));
    assertEquals(3, ModelFiles.readSpec(dir).opScale("unused"));
  }

  @Test
  void specErrors() throws IOException {
    specError(r -> tensors(r).remove("W2"), "usps/model.json: tensor 'W2' missing (architecture 'fastgrnn' needs"
        + " [W1, W2, U, Bg, Bh, zeta, nu, FC, FCb])");
    specError(r -> shape(r, "W1").set(1, 4),
        "usps/model.json: tensor 'W1' has shape [16, 4], architecture 'fastgrnn' expects [16, 5]");
    specError(r -> tensors(r).set("extra", tensors(r).get("Bg").deepCopy()),
        "usps/model.json: tensor 'extra' is not used by architecture 'fastgrnn' (it needs [W1, W2, U, Bg, Bh,"
            + " zeta, nu, FC, FCb])");
    specError(r -> r.put("kind", "transformer"),
        "usps/model.json: tiny: unknown architecture kind 'transformer' (known: fastgrnn, shallow-fastrnn, gru,"
            + " lstm, graph)");
    specError(r -> ((ObjectNode) r.get("opScales")).remove("g"),
        "usps/model.json: no scale for op 'g' (opScales must name every op of the fastgrnn program)");
    specError(r -> ((ObjectNode) r.get("opScales")).put("g", 7.5), "usps/model.json: op scale 'g' 7.5 is not an"
        + " int");
    specError(r -> ((ObjectNode) r.get("dims")).remove("hidden"),
        "usps/model.json: tiny: metadata lacks dimension 'hidden'");
    specError(r -> ((ObjectNode) tensors(r).get("W1")).put("bits", 40),
        "usps/model.json: tensor 'W1': bits 40 outside 2..32");
    specError(r -> ((ObjectNode) tensors(r).get("W1")).put("scale", "6"),
        "usps/model.json: tensor 'W1' scale \"6\" is not an int");
    specError(r -> ((ObjectNode) tensors(r).get("W1")).remove("bits"), "usps/model.json: tensor 'W1': missing"
        + " 'bits'");
    specError(r -> r.put("bits", 64), "usps/model.json: tiny: activation bits 64 outside 8..32");
    specError(r -> r.remove("inputScale"), "usps/model.json: missing 'inputScale'");
    specError(r -> r.putArray("labels").add("a"), "usps/model.json: 1 labels for 3 classes");
    specError(r -> r.put("format", "sirnn-model/0"),
        "usps/model.json: format \"sirnn-model/0\", expected \"sirnn-model/1\"");
    Files.writeString(dir.resolve("model.json"), "{\"format\": ");
    assertMessage(() -> ModelFiles.readSpec(dir), "usps/model.json: malformed JSON");
  }

  @Test
  void weightsErrors() throws IOException {
    weightsError(t -> t.remove("Bg"), "usps/weights.json: tensor 'Bg' missing");
    weightsError(t -> ((ArrayNode) t.get("W1")).remove(0),
        "usps/weights.json: tensor 'W1' has 79 values, expected [16, 5] = 80");
    weightsError(t -> ((ArrayNode) t.get("W1")).set(3, 128),
        "usps/weights.json: tensor 'W1' value 3 = 128 is outside int8 [-128, 127]");
    weightsError(t -> ((ArrayNode) t.get("FCb")).set(0, -129),
        "usps/weights.json: tensor 'FCb' value 0 = -129 is outside int8 [-128, 127]");
    weightsError(t -> ((ArrayNode) t.get("W1")).set(2, 1.5),
        "usps/weights.json: tensor 'W1' value 2 (1.5) is not an integer");
    weightsError(t -> t.putArray("X").add(1), "usps/weights.json: tensor 'X' is not in the model's metadata");
    weightsError(t -> t.put("Bg", 3), "usps/weights.json: tensor 'Bg' is not an array of integers");
  }

  @Test
  void writersValidate() {
    Map<String, long[]> w = new LinkedHashMap<>(weights);
    w.put("W1", new long[79]);
    assertMessage(() -> ModelFiles.writeWeights(dir, spec, w),
        "usps/weights.json: tensor 'W1' has 79 values, expected [16, 5] = 80");
    Map<String, Integer> ops = new LinkedHashMap<>(spec.opScales());
    ops.remove("scores");
    ModelSpec noScores = new ModelSpec(spec.name(), spec.kind(), spec.description(), spec.dims(), spec.bits(),
        spec.inputScale(), spec.tensors(), ops, spec.labels());
    assertMessage(() -> ModelFiles.writeSpec(dir, noScores), "usps/model.json: no scale for op 'scores'");
  }

  @Test
  void floatModelRoundTripAndErrors() throws IOException {
    ModelSpec s = spec;
    Map<String, double[]> fw = new LinkedHashMap<>();
    SplittableRandom r = new SplittableRandom(2);
    s.tensors().forEach((k, t) -> fw.put(k, r.doubles(t.size(), -1, 1).toArray()));
    FloatModel m = new FloatModel("tiny", s.kind(), "desc", s.dims(), fw, List.of("a", "b", "c"));
    ModelFiles.writeFloat(dir, m);
    FloatModel back = ModelFiles.readFloat(dir);
    assertEquals(m.name(), back.name());
    assertEquals(m.kind(), back.kind());
    assertEquals(m.description(), back.description());
    assertEquals(m.dims(), back.dims());
    assertEquals(m.labels(), back.labels());
    assertEquals(fw.keySet(), back.weights().keySet());
    fw.forEach((k, v) -> assertArrayEquals(v, back.weights().get(k), k));

    floatError(t -> t.remove("U"), "usps/float-weights.json: tensor 'U' missing");
    floatError(t -> {
      ObjectNode w1 = (ObjectNode) t.get("W1");
      ((ArrayNode) w1.get("shape")).set(0, 8);
      ArrayNode v = (ArrayNode) w1.get("values");
      while (v.size() > 40) {
        v.remove(v.size() - 1);
      }
    }, "usps/float-weights.json: tensor 'W1' has shape [8, 5], architecture 'fastgrnn' expects [16, 5]");
    floatError(t -> ((ArrayNode) t.get("W1").get("values")).remove(0),
        "usps/float-weights.json: tensor 'W1' has 79 values, expected [16, 5] = 80");
    floatError(t -> t.set("more", t.get("Bg").deepCopy()),
        "usps/float-weights.json: tensor 'more' is not used by architecture 'fastgrnn'");
    floatError(t -> ((ArrayNode) t.get("W1").get("values")).set(0, "x"),
        "usps/float-weights.json: tensor 'W1' value 0 (\"x\") is not a number");

    Map<String, double[]> missing = new LinkedHashMap<>(fw);
    missing.remove("FCb");
    assertMessage(() -> ModelFiles.writeFloat(dir, new FloatModel("tiny", s.kind(), "", s.dims(), missing, null)),
        "usps/float-weights.json: tensor 'FCb' missing");
  }

  @Test
  void samplesRoundTripAsFloat32() throws IOException {
    assertNull(ModelFiles.readSamples(dir));
    double[] x = {0.1, 0.2, 0.3, -1, -2, -3};
    LabelledSamples s = new LabelledSamples(x, 2, 3, new int[] {2, -1});
    ModelFiles.writeSamples(dir, s);
    LabelledSamples back = ModelFiles.readSamples(dir);
    assertEquals(2, back.n());
    assertEquals(3, back.inputCols());
    assertArrayEquals(new int[] {2, -1}, back.labels());
    for (int i = 0; i < x.length; i++) {
      assertEquals((float) x[i], back.inputs()[i]);
    }

    Files.writeString(dir.resolve("labels.json"), "[1, 2, 3]");
    assertMessage(() -> ModelFiles.readSamples(dir), "usps/labels.json: 3 labels for 2 samples");
    Files.writeString(dir.resolve("labels.json"), "[1, -2]");
    assertMessage(() -> ModelFiles.readSamples(dir), "usps/labels.json: label 1 = -2 (use -1 for unknown)");
    Files.delete(dir.resolve("labels.json"));
    assertMessage(() -> ModelFiles.readSamples(dir), "usps/labels.json: missing");
    Npy.writeFloat32(dir.resolve("samples.npy"), x, 6);
    assertMessage(() -> ModelFiles.readSamples(dir), "usps/samples.npy: shape [6], expected [n, inputCols]");
  }

  // ----------------------------------------------------------------------------------------------- helpers

  private interface Action {
    void run() throws IOException;
  }

  private static void assertMessage(Action a, String prefix) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, a::run);
    assertTrue(e.getMessage().startsWith(prefix), () -> "expected: " + prefix + "\nactual:   " + e.getMessage());
  }

  private static ObjectNode tensors(ObjectNode root) {
    return (ObjectNode) root.get("tensors");
  }

  private static ArrayNode shape(ObjectNode root, String tensor) {
    return (ArrayNode) tensors(root).get(tensor).get("shape");
  }

  private void editSpec(Consumer<ObjectNode> edit) throws IOException {
    ModelFiles.writeSpec(dir, spec);
    edit(dir.resolve("model.json"), edit);
  }

  private void specError(Consumer<ObjectNode> edit, String message) throws IOException {
    editSpec(edit);
    assertMessage(() -> ModelFiles.readSpec(dir), message);
  }

  private void weightsError(Consumer<ObjectNode> editTensors, String message) throws IOException {
    ModelFiles.writeWeights(dir, spec, weights);
    edit(dir.resolve("weights.json"), r -> editTensors.accept(tensors(r)));
    assertMessage(() -> ModelFiles.readWeights(dir, spec), message);
  }

  private void floatError(Consumer<ObjectNode> editTensors, String message) throws IOException {
    ObjectNode saved = (ObjectNode) JSON.readTree(dir.resolve("float-weights.json").toFile());
    edit(dir.resolve("float-weights.json"), r -> editTensors.accept(tensors(r)));
    assertMessage(() -> ModelFiles.readFloat(dir), message);
    JSON.writeValue(dir.resolve("float-weights.json").toFile(), saved);
  }

  private static void edit(Path file, Consumer<ObjectNode> edit) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
    edit.accept(root);
    JSON.writeValue(file.toFile(), root);
  }
}
