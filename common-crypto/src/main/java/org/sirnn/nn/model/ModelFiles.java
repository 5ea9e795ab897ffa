package org.sirnn.nn.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sirnn.nn.graph.GraphPlan;
import org.sirnn.nn.graph.GraphPlanJson;
import org.sirnn.nn.ops.Ops;
import org.sirnn.nn.ops.RealOps;
import org.sirnn.nn.ops.RealTensor;

/**
 * A model directory on disk, read and written with validation:
 * <ul>
 *   <li>{@value #SPEC}: the public {@link ModelSpec} ("format", name, kind, description, dims, bits, inputScale,
 *       tensors {name: {shape, bits, scale}}, opScales {op: scale}, labels, and for an imported model its
 *       {@value #PROGRAM}, {@link GraphPlanJson}), both parties;</li>
 *   <li>{@value #WEIGHTS}: the server's integer weights {"format", "tensors": {name: [ints]}};</li>
 *   <li>{@value #FLOAT}: the float model before quantisation ("format", name, kind, description, dims, labels,
 *       {@value #PROGRAM} if imported, "tensors": {name: {"shape", "values"}}), for the float reference and
 *       re-quantisation;</li>
 *   <li>{@value #SAMPLES} (float32, n x inputCols, or n x the input's dims, flattened row-major) and
 *       {@value #LABELS} ([ints], -1 = unknown): labelled inputs.</li>
 * </ul>
 * Reading checks everything the programs rely on: the tensor set and shapes equal the architecture's
 * ({@link Architecture#tensorShapes()}), every op the fixed-point program reads has an integer scale, every weight
 * tensor has exactly its shape's number of values, each an integer in the signed range of its bits. Errors are
 * {@link IllegalArgumentException}s naming the file (as {@code dir/file}) and the tensor.
 */
public final class ModelFiles {
  public static final String FORMAT = "sirnn-model/1";
  public static final String SPEC = "model.json";
  public static final String WEIGHTS = "weights.json";
  public static final String FLOAT = "float-weights.json";
  public static final String SAMPLES = "samples.npy";
  public static final String LABELS = "labels.json";
  /** The field of model.json and float-weights.json holding an imported model's program. */
  public static final String PROGRAM = "program";

  /** Ops of {@link Ops} whose output scale the fixed-point program looks up by op name. */
  private static final Set<String> SCALED = Set.of("zeros", "concat", "matVec", "addBias", "mulWeight", "add",
      "sub", "mul", "oneMinus", "sigmoid", "tanh");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelFiles() {}

  // ---------------------------------------------------------------------------------------------- model.json

  /** Reads and validates {@value #SPEC}. */
  public static ModelSpec readSpec(Path dir) throws IOException {
    String where = label(dir, SPEC);
    JsonNode root = parse(dir.resolve(SPEC), where);
    checkFormat(root, where);
    Map<String, TensorSpec> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : entries(field(root, "tensors", where), where + ": tensors")) {
      String at = where + ": tensor '" + e.getKey() + "'";
      JsonNode t = e.getValue();
      try {
        tensors.put(e.getKey(), new TensorSpec(intArray(field(t, "shape", at), at + " shape"),
            integer(field(t, "bits", at), at + " bits"), integer(field(t, "scale", at), at + " scale")));
      } catch (IllegalArgumentException x) {
        throw x.getMessage().startsWith(where) ? x : new IllegalArgumentException(at + ": " + x.getMessage(), x);
      }
    }
    ModelSpec spec;
    try {
      spec = new ModelSpec(text(field(root, "name", where), where + ": name"),
          text(field(root, "kind", where), where + ": kind"), optionalText(root, "description", where),
          intMap(field(root, "dims", where), where + ": dims"), integer(field(root, "bits", where), where + ": bits"),
          integer(field(root, "inputScale", where), where + ": inputScale"), tensors,
          intMap(field(root, "opScales", where), where + ": op scale"), labels(root, where), program(root, where));
    } catch (IllegalArgumentException x) {
      throw x.getMessage().startsWith(where) ? x : new IllegalArgumentException(where + ": " + x.getMessage(), x);
    }
    checkSpec(spec, where);
    return spec;
  }

  /** Validates and writes {@value #SPEC}. */
  public static void writeSpec(Path dir, ModelSpec spec) throws IOException {
    String where = label(dir, SPEC);
    checkSpec(spec, where);
    ObjectNode root = header(spec.name(), spec.kind(), spec.description(), spec.dims());
    root.put("bits", spec.bits());
    root.put("inputScale", spec.inputScale());
    ObjectNode tensors = root.putObject("tensors");
    spec.tensors().forEach((name, t) -> {
      ObjectNode n = tensors.putObject(name);
      ArrayNode shape = n.putArray("shape");
      Arrays.stream(t.shape()).forEach(shape::add);
      n.put("bits", t.bits());
      n.put("scale", t.scale());
    });
    ObjectNode ops = root.putObject("opScales");
    spec.opScales().forEach(ops::put);
    spec.labels().forEach(root.putArray("labels")::add);
    if (spec.program() != null) {
      GraphPlanJson.write(spec.program(), root.putObject(PROGRAM));
    }
    write(dir, SPEC, root);
  }

  /**
   * Checks a spec against its architecture: the same tensor names with the same shapes, an op scale for every
   * op the fixed-point program reads ({@link #scaledOps}), labels (if any) one per class.
   */
  public static void checkSpec(ModelSpec spec, String where) {
    Architecture a = architecture(spec, where);
    checkShapes(a, shapesOf(spec.tensors()), where, spec.kind());
    for (String op : scaledOps(a)) {
      if (!spec.opScales().containsKey(op)) {
        throw new IllegalArgumentException(where + ": no scale for op '" + op + "' (opScales must name every op"
            + " of the " + spec.kind() + " program)");
      }
    }
    checkLabels(spec.labels(), a, where);
  }

  /**
   * The op names whose output scale the fixed-point program of {@code a} reads from the metadata (every named op
   * but relu), found by running the architecture once on a zero input through a recording {@link Ops}.
   */
  public static Set<String> scaledOps(Architecture a) {
    Map<String, double[]> zeros = new HashMap<>();
    a.tensorShapes().forEach((k, s) -> zeros.put(k, new double[Npy.count(s)]));
    RealOps real = new RealOps(zeros, new RealTensor(new double[a.inputCols()], 1, a.inputCols()));
    Set<String> names = new LinkedHashSet<>();
    @SuppressWarnings("unchecked")
    Ops<RealTensor> recorder = (Ops<RealTensor>) Proxy.newProxyInstance(Ops.class.getClassLoader(),
        new Class<?>[] {Ops.class}, (proxy, m, args) -> {
          if (SCALED.contains(m.getName())) {
            names.add((String) args[0]);
          }
          if (m.getName().equals("parallel")) { // branches run one after the other, through this recorder
            return org.sirnn.nn.ops.InTurn.run((java.util.List<java.util.function.Function<Object, Object>>) args[0],
                proxy);
          }
          if (m.getName().equals("sigmoidTanh")) { // two ops: (opS, xs, opT, xt)
            names.add((String) args[0]);
            names.add((String) args[2]);
          }
          try {
            return m.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    a.forward(recorder, recorder.input());
    return names;
  }

  // -------------------------------------------------------------------------------------------- weights.json

  /** Reads {@value #WEIGHTS}, validated against the spec; tensors in the spec's order. */
  public static Map<String, long[]> readWeights(Path dir, ModelSpec spec) throws IOException {
    String where = label(dir, WEIGHTS);
    JsonNode root = parse(dir.resolve(WEIGHTS), where);
    checkFormat(root, where);
    JsonNode tensors = field(root, "tensors", where);
    if (!tensors.isObject()) {
      throw new IllegalArgumentException(where + ": 'tensors' is not an object");
    }
    Map<String, long[]> out = new LinkedHashMap<>();
    for (String name : spec.tensors().keySet()) {
      JsonNode arr = tensors.get(name);
      String at = where + ": tensor '" + name + "'";
      if (arr == null) {
        throw new IllegalArgumentException(at + " missing");
      }
      if (!arr.isArray()) {
        throw new IllegalArgumentException(at + " is not an array of integers");
      }
      long[] v = new long[arr.size()];
      for (int i = 0; i < v.length; i++) {
        JsonNode x = arr.get(i);
        if (!x.isIntegralNumber() || !x.canConvertToLong()) {
          throw new IllegalArgumentException(at + " value " + i + " (" + x + ") is not an integer");
        }
        v[i] = x.asLong();
      }
      out.put(name, v);
    }
    for (Iterator<String> it = tensors.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!spec.tensors().containsKey(name)) {
        throw new IllegalArgumentException(where + ": tensor '" + name + "' is not in the model's metadata");
      }
    }
    checkWeights(spec, out, where);
    return out;
  }

  /** Validates the weights against the spec and writes {@value #WEIGHTS}. */
  public static void writeWeights(Path dir, ModelSpec spec, Map<String, long[]> weights) throws IOException {
    String where = label(dir, WEIGHTS);
    for (String name : weights.keySet()) {
      if (!spec.tensors().containsKey(name)) {
        throw new IllegalArgumentException(where + ": tensor '" + name + "' is not in the model's metadata");
      }
    }
    checkWeights(spec, weights, where);
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    ObjectNode tensors = root.putObject("tensors");
    for (String name : spec.tensors().keySet()) {
      ArrayNode a = tensors.putArray(name);
      Arrays.stream(weights.get(name)).forEach(a::add);
    }
    write(dir, WEIGHTS, root);
  }

  /** Every spec tensor present with exactly its shape's count of values, each in the signed range of its bits. */
  public static void checkWeights(ModelSpec spec, Map<String, long[]> weights, String where) {
    for (Map.Entry<String, TensorSpec> e : spec.tensors().entrySet()) {
      String at = where + ": tensor '" + e.getKey() + "'";
      long[] v = weights.get(e.getKey());
      TensorSpec t = e.getValue();
      if (v == null) {
        throw new IllegalArgumentException(at + " missing");
      }
      if (v.length != t.size()) {
        throw new IllegalArgumentException(at + " has " + v.length + " values, expected "
            + Arrays.toString(t.shape()) + " = " + t.size());
      }
      long max = (1L << (t.bits() - 1)) - 1;
      for (int i = 0; i < v.length; i++) {
        if (v[i] > max || v[i] < -max - 1) {
          throw new IllegalArgumentException(at + " value " + i + " = " + v[i] + " is outside int" + t.bits()
              + " [" + (-max - 1) + ", " + max + "]");
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------- float-weights.json

  /** Reads {@value #FLOAT}: the float model, its tensors checked against the architecture. */
  public static FloatModel readFloat(Path dir) throws IOException {
    String where = label(dir, FLOAT);
    JsonNode root = parse(dir.resolve(FLOAT), where);
    checkFormat(root, where);
    Map<String, double[]> weights = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : entries(field(root, "tensors", where), where + ": tensors")) {
      String at = where + ": tensor '" + e.getKey() + "'";
      int[] shape = intArray(field(e.getValue(), "shape", at), at + " shape");
      JsonNode values = field(e.getValue(), "values", at);
      if (!values.isArray()) {
        throw new IllegalArgumentException(at + " values is not an array");
      }
      double[] v = new double[values.size()];
      for (int i = 0; i < v.length; i++) {
        JsonNode x = values.get(i);
        if (!x.isNumber()) {
          throw new IllegalArgumentException(at + " value " + i + " (" + x + ") is not a number");
        }
        v[i] = x.asDouble();
      }
      if (v.length != Npy.count(shape)) {
        throw new IllegalArgumentException(at + " has " + v.length + " values, expected "
            + Arrays.toString(shape) + " = " + Npy.count(shape));
      }
      shapes.put(e.getKey(), shape);
      weights.put(e.getKey(), v);
    }
    FloatModel m = new FloatModel(text(field(root, "name", where), where + ": name"),
        text(field(root, "kind", where), where + ": kind"), optionalText(root, "description", where),
        intMap(field(root, "dims", where), where + ": dims"), weights, labels(root, where), program(root, where));
    Architecture a = architecture(m.skeleton(16), where);
    checkShapes(a, shapes, where, m.kind());
    checkLabels(m.labels(), a, where);
    return m;
  }

  /** Validates and writes {@value #FLOAT} (shapes from the architecture). */
  public static void writeFloat(Path dir, FloatModel m) throws IOException {
    String where = label(dir, FLOAT);
    Architecture a = architecture(m.skeleton(16), where);
    ObjectNode root = header(m.name(), m.kind(), m.description(), m.dims());
    m.labels().forEach(root.putArray("labels")::add);
    if (m.program() != null) {
      GraphPlanJson.write(m.program(), root.putObject(PROGRAM));
    }
    ObjectNode tensors = root.putObject("tensors");
    for (Map.Entry<String, int[]> e : a.tensorShapes().entrySet()) {
      String at = where + ": tensor '" + e.getKey() + "'";
      double[] v = m.weights().get(e.getKey());
      if (v == null) {
        throw new IllegalArgumentException(at + " missing");
      }
      if (v.length != Npy.count(e.getValue())) {
        throw new IllegalArgumentException(at + " has " + v.length + " values, expected "
            + Arrays.toString(e.getValue()) + " = " + Npy.count(e.getValue()));
      }
      ObjectNode t = tensors.putObject(e.getKey());
      Arrays.stream(e.getValue()).forEach(t.putArray("shape")::add);
      ArrayNode values = t.putArray("values");
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          throw new IllegalArgumentException(at + " value " + i + " is " + v[i]);
        }
        values.add(v[i]);
      }
    }
    for (String name : m.weights().keySet()) {
      if (!a.tensorShapes().containsKey(name)) {
        throw new IllegalArgumentException(where + ": tensor '" + name + "' is not used by architecture '"
            + m.kind() + "'");
      }
    }
    write(dir, FLOAT, root);
  }

  // --------------------------------------------------------------------------------- samples.npy, labels.json

  /** Reads {@value #SAMPLES} and {@value #LABELS}; null if the directory has no samples. */
  public static LabelledSamples readSamples(Path dir) throws IOException {
    Path file = dir.resolve(SAMPLES);
    if (!Files.exists(file)) {
      return null;
    }
    Npy.Array a = Npy.decode(label(dir, SAMPLES), Files.readAllBytes(file));
    int[] shape = a.shape();
    if (shape.length < 2) {
      throw new IllegalArgumentException(label(dir, SAMPLES) + ": shape " + Arrays.toString(shape)
          + ", expected [n, inputCols] or [n, ...input dims]");
    }
    int cols = Npy.count(Arrays.copyOfRange(shape, 1, shape.length));
    String where = label(dir, LABELS);
    if (!Files.exists(dir.resolve(LABELS))) {
      throw new IllegalArgumentException(where + ": missing (" + SAMPLES + " needs its labels, -1 if unknown)");
    }
    int[] labels = intArray(parse(dir.resolve(LABELS), where), where);
    if (labels.length != shape[0]) {
      throw new IllegalArgumentException(where + ": " + labels.length + " labels for " + shape[0] + " samples");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < -1) {
        throw new IllegalArgumentException(where + ": label " + i + " = " + labels[i] + " (use -1 for unknown)");
      }
    }
    return new LabelledSamples(a.values(), shape[0], cols, labels);
  }

  /** Writes {@value #SAMPLES} (float32) and {@value #LABELS}. */
  public static void writeSamples(Path dir, LabelledSamples s) throws IOException {
    Files.createDirectories(dir);
    Npy.writeFloat32(dir.resolve(SAMPLES), s.inputs(), s.n(), s.inputCols());
    ArrayNode labels = JSON.createArrayNode();
    Arrays.stream(s.labels()).forEach(labels::add);
    Files.writeString(dir.resolve(LABELS), JSON.writeValueAsString(labels) + "\n");
  }

  // ----------------------------------------------------------------------------------------------- helpers

  /** "dir/file", naming the directory by its last component. */
  static String label(Path dir, String file) {
    Path name = dir.toAbsolutePath().normalize().getFileName();
    return (name == null ? dir.toString() : name.toString()) + "/" + file;
  }

  private static Architecture architecture(ModelSpec spec, String where) {
    try {
      return Architecture.of(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, int[]> shapesOf(Map<String, TensorSpec> tensors) {
    Map<String, int[]> m = new LinkedHashMap<>();
    tensors.forEach((k, t) -> m.put(k, t.shape()));
    return m;
  }

  private static void checkShapes(Architecture a, Map<String, int[]> shapes, String where, String kind) {
    for (Map.Entry<String, int[]> e : a.tensorShapes().entrySet()) {
      int[] got = shapes.get(e.getKey());
      if (got == null) {
        throw new IllegalArgumentException(where + ": tensor '" + e.getKey() + "' missing (architecture '" + kind
            + "' needs " + a.tensorShapes().keySet() + ")");
      }
      if (!Arrays.equals(got, e.getValue())) {
        throw new IllegalArgumentException(where + ": tensor '" + e.getKey() + "' has shape " + Arrays.toString(got)
            + ", architecture '" + kind + "' expects " + Arrays.toString(e.getValue()));
      }
    }
    for (String name : shapes.keySet()) {
      if (!a.tensorShapes().containsKey(name)) {
        throw new IllegalArgumentException(where + ": tensor '" + name + "' is not used by architecture '" + kind
            + "' (it needs " + a.tensorShapes().keySet() + ")");
      }
    }
  }

  private static void checkLabels(List<String> labels, Architecture a, String where) {
    if (!labels.isEmpty() && labels.size() != a.outputCols()) {
      throw new IllegalArgumentException(where + ": " + labels.size() + " labels for " + a.outputCols()
          + " classes");
    }
  }

  private static ObjectNode header(String name, String kind, String description, Map<String, Integer> dims) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("name", name);
    root.put("kind", kind);
    root.put("description", description == null ? "" : description);
    ObjectNode d = root.putObject("dims");
    dims.forEach(d::put);
    return root;
  }

  private static void write(Path dir, String file, JsonNode root) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(file), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  private static JsonNode parse(Path file, String where) throws IOException {
    try {
      return JSON.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": malformed JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void checkFormat(JsonNode root, String where) {
    if (!root.isObject()) {
      throw new IllegalArgumentException(where + ": not a JSON object");
    }
    JsonNode f = root.get("format");
    if (f == null || !FORMAT.equals(f.asText())) {
      throw new IllegalArgumentException(where + ": format " + (f == null ? "missing" : f) + ", expected \""
          + FORMAT + "\"");
    }
  }

  private static JsonNode field(JsonNode obj, String key, String where) {
    JsonNode v = obj.isObject() ? obj.get(key) : null;
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(where + ": missing '" + key + "'");
    }
    return v;
  }

  private static List<Map.Entry<String, JsonNode>> entries(JsonNode obj, String where) {
    if (!obj.isObject()) {
      throw new IllegalArgumentException(where + " is not an object");
    }
    List<Map.Entry<String, JsonNode>> l = new ArrayList<>();
    obj.fields().forEachRemaining(l::add);
    return l;
  }

  private static int integer(JsonNode n, String where) {
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new IllegalArgumentException(where + " " + n + " is not an int");
    }
    return n.asInt();
  }

  private static int[] intArray(JsonNode n, String where) {
    if (!n.isArray()) {
      throw new IllegalArgumentException(where + " is not an array of ints");
    }
    int[] v = new int[n.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = integer(n.get(i), where + " [" + i + "]");
    }
    return v;
  }

  private static Map<String, Integer> intMap(JsonNode n, String where) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : entries(n, where)) {
      m.put(e.getKey(), integer(e.getValue(), where + " '" + e.getKey() + "'"));
    }
    return m;
  }

  private static String text(JsonNode n, String where) {
    if (!n.isTextual()) {
      throw new IllegalArgumentException(where + " is not a string");
    }
    return n.asText();
  }

  private static String optionalText(JsonNode root, String key, String where) {
    JsonNode n = root.get(key);
    return n == null || n.isNull() ? "" : text(n, where + ": " + key);
  }

  /** The optional "program" of an imported model. */
  private static GraphPlan program(JsonNode root, String where) {
    JsonNode n = root.get(PROGRAM);
    return n == null || n.isNull() ? null : GraphPlanJson.read(n, where + ": " + PROGRAM);
  }

  private static List<String> labels(JsonNode root, String where) {
    JsonNode n = root.get("labels");
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(where + ": labels is not an array of strings");
    }
    List<String> l = new ArrayList<>();
    n.forEach(x -> l.add(text(x, where + ": label")));
    return l;
  }
}
