package org.sirnn.nn.heads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * One {@code face2/<header>.json} file of the Heads model (README "JSON format"): an object whose keys are the C
 * names. A key maps either to an integer (a {@code #define}, scalar constant or struct field such as
 * {@code RNN1_SCALES.W}) or to an array {@code {"type": "Q7"|"Q15"|"Q31", "shape": [...], "values": [...]}}.
 * Every accessor validates what it returns (presence, kind, integer range of the C type, count = product of the
 * shape) and every error names the file and the key.
 */
public final class HeaderJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A C array: its element type, declared shape and flat row-major values. */
  public record Tensor(String file, String key, String type, int[] shape, int[] values) {
    /** The number of bits of the C element type (8, 16 or 32). */
    public int bits() {
      return HeaderJson.typeBits(type);
    }
  }

  private final String name;
  private final JsonNode root;

  private HeaderJson(String name, JsonNode root) {
    this.name = name;
    this.root = root;
  }

  /** Reads and parses a file; errors name it. */
  public static HeaderJson read(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    return parse(file.toString(), root);
  }

  /** Wraps an already parsed object; {@code name} labels errors. */
  public static HeaderJson parse(String name, JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(name + ": top level is not a JSON object");
    }
    return new HeaderJson(name, root);
  }

  /** The file name used in error messages. */
  public String name() {
    return name;
  }

  /** Whether the key is present. */
  public boolean has(String key) {
    return root.has(key);
  }

  /** An integer scalar (a define, constant or struct field). */
  public long scalar(String key) {
    JsonNode n = root.get(key);
    if (n == null) {
      throw new IllegalArgumentException(name + ": missing key '" + key + "'");
    }
    if (!n.isIntegralNumber()) {
      throw new IllegalArgumentException(name + ": key '" + key + "' is not an integer scalar: "
          + abbreviate(n.toString()));
    }
    return n.asLong();
  }

  /** An integer scalar that must fit an int. */
  public int intScalar(String key) {
    long v = scalar(key);
    if (v != (int) v) {
      throw new IllegalArgumentException(name + ": key '" + key + "' = " + v + " does not fit 32 bits");
    }
    return (int) v;
  }

  /** A positive power-of-two divisor ("scale" in the non-SHIFT build, README "JSON format"). */
  public int divisor(String key) {
    int v = intScalar(key);
    if (v <= 0 || Integer.bitCount(v) != 1) {
      throw new IllegalArgumentException(name + ": key '" + key + "' = " + v
          + " is not a positive power of two (expected a divisor)");
    }
    return v;
  }

  /** An array of any shape and type. */
  public Tensor tensor(String key) {
    JsonNode n = root.get(key);
    if (n == null) {
      throw new IllegalArgumentException(name + ": missing key '" + key + "'");
    }
    if (!n.isObject() || !n.has("type") || !n.has("shape") || !n.has("values")) {
      throw new IllegalArgumentException(name + ": key '" + key
          + "' is not an array object {type, shape, values}");
    }
    String type = n.get("type").asText();
    int bits;
    try {
      bits = typeBits(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": key '" + key + "': " + e.getMessage());
    }
    JsonNode s = n.get("shape");
    if (!s.isArray()) {
      throw new IllegalArgumentException(name + ": key '" + key + "': shape is not a list");
    }
    int[] shape = new int[s.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      if (!s.get(i).isIntegralNumber() || s.get(i).asLong() < 1) {
        throw new IllegalArgumentException(name + ": key '" + key + "': bad shape " + s);
      }
      shape[i] = s.get(i).asInt();
      count *= shape[i];
    }
    JsonNode v = n.get("values");
    if (!v.isArray() || v.size() != count) {
      throw new IllegalArgumentException(name + ": key '" + key + "': " + (v.isArray() ? v.size() : "no")
          + " values for shape " + Arrays.toString(shape));
    }
    long lo = -(1L << (bits - 1));
    long hi = (1L << (bits - 1)) - 1;
    int[] values = new int[(int) count];
    Iterator<JsonNode> it = v.elements();
    for (int i = 0; i < values.length; i++) {
      JsonNode e = it.next();
      if (!e.isIntegralNumber() || e.asLong() < lo || e.asLong() > hi) {
        throw new IllegalArgumentException(name + ": key '" + key + "': value " + i + " = " + e
            + " is not a " + type + " integer");
      }
      values[i] = e.asInt();
    }
    return new Tensor(name, key, type, shape, values);
  }

  /** An array that must have {@code count} elements and a type among {@code types}. */
  public Tensor tensor(String key, int count, String... types) {
    Tensor t = tensor(key);
    if (t.values().length != count) {
      throw new IllegalArgumentException(name + ": key '" + key + "' has " + t.values().length
          + " values, expected " + count);
    }
    if (types.length > 0 && Arrays.stream(types).noneMatch(t.type()::equals)) {
      throw new IllegalArgumentException(name + ": key '" + key + "' has type " + t.type() + ", expected one of "
          + Arrays.toString(types));
    }
    return t;
  }

  /** Checks {@code scalar(key) == expected} when the key is present (cross-check of a define). */
  public void expectIfPresent(String key, long expected) {
    if (has(key) && scalar(key) != expected) {
      throw new IllegalArgumentException(name + ": key '" + key + "' = " + scalar(key) + ", expected "
          + expected);
    }
  }

  /** Checks {@code scalar(key) == expected}. */
  public void expect(String key, long expected) {
    if (scalar(key) != expected) {
      throw new IllegalArgumentException(name + ": key '" + key + "' = " + scalar(key) + ", expected "
          + expected);
    }
  }

  /** The keys in file order (for diagnostics). */
  public Iterator<Map.Entry<String, JsonNode>> fields() {
    return root.fields();
  }

  static int typeBits(String type) {
    return switch (type) {
      case "Q7" -> 8;
      case "Q15" -> 16;
      case "Q31" -> 32;
      default -> throw new IllegalArgumentException("unknown element type '" + type + "' (Q7, Q15, Q31)");
    };
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
