package org.sirnn.nn.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0): reads little-endian {@code <f4}, {@code <f8},
 * {@code <i4}, {@code <i8} and {@code |u1} arrays in C order into doubles with their shape, and writes float32 or
 * float64 arrays. Anything else (big-endian, Fortran order, other dtypes, a truncated file) is an
 * {@link IllegalArgumentException} naming the file.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
  private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");
  private static final long EXACT_LONG = 1L << 53;

  private Npy() {}

  /** An array: row-major values and the shape (empty for a scalar). */
  public record Array(double[] values, int[] shape) {
    public Array {
      values = values.clone();
      shape = shape.clone();
      if (values.length != count(shape)) {
        throw new IllegalArgumentException(values.length + " values for shape " + Arrays.toString(shape));
      }
    }

    @Override
    public double[] values() {
      return values.clone();
    }

    @Override
    public int[] shape() {
      return shape.clone();
    }
  }

  /** Reads a file; errors name it. */
  public static Array read(Path file) throws IOException {
    return decode(file.toString(), Files.readAllBytes(file));
  }

  /** Parses the bytes of an .npy file; {@code name} labels errors. */
  public static Array decode(String name, byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new IllegalArgumentException(name + ": not a .npy file (no \\x93NUMPY magic)");
    }
    int major = bytes[6] & 0xff;
    int minor = bytes[7] & 0xff;
    long headerLen;
    int start;
    if (major == 1) {
      headerLen = b.getShort(8) & 0xffff;
      start = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new IllegalArgumentException(name + ": truncated header");
      }
      headerLen = b.getInt(8) & 0xffffffffL;
      start = 12;
    } else {
      throw new IllegalArgumentException(name + ": unsupported .npy version " + major + "." + minor
          + " (supported: 1.0, 2.0, 3.0)");
    }
    if (start + headerLen > bytes.length) {
      throw new IllegalArgumentException(name + ": truncated header");
    }
    String header = new String(bytes, start, (int) headerLen,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = field(name, DESCR, header, "descr");
    if (field(name, FORTRAN, header, "fortran_order").equals("True")) {
      throw new IllegalArgumentException(name + ": Fortran-order arrays are not supported (save in C order)");
    }
    int[] shape = parseShape(name, field(name, SHAPE, header, "shape"));
    int n = count(shape);
    int width = switch (descr) {
      case "<f4", "<i4" -> 4;
      case "<f8", "<i8" -> 8;
      case "|u1" -> 1;
      default -> throw new IllegalArgumentException(name + ": unsupported dtype '" + descr
          + "' (supported: <f4, <f8, <i4, <i8, |u1)");
    };
    int dataStart = start + (int) headerLen;
    long expected = (long) n * width;
    if (bytes.length - dataStart != expected) {
      throw new IllegalArgumentException(name + ": " + (bytes.length - dataStart) + " data bytes, expected "
          + expected + " for " + descr + " " + Arrays.toString(shape));
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      int at = dataStart + i * width;
      v[i] = switch (descr) {
        case "<f4" -> b.getFloat(at);
        case "<f8" -> b.getDouble(at);
        case "<i4" -> b.getInt(at);
        case "<i8" -> exactLong(name, b.getLong(at), i);
        default -> bytes[at] & 0xff;
      };
    }
    return new Array(v, shape);
  }

  /** Writes values as a float32 array of the given shape (values are rounded to float). */
  public static void writeFloat32(Path file, double[] values, int... shape) throws IOException {
    Files.write(file, encode(values, shape, false));
  }

  /** Writes values as a float64 array of the given shape. */
  public static void writeFloat64(Path file, double[] values, int... shape) throws IOException {
    Files.write(file, encode(values, shape, true));
  }

  /** The bytes of a version-1.0 (2.0 if the header needs it) .npy file, header padded to 64 bytes. */
  public static byte[] encode(double[] values, int[] shape, boolean float64) {
    if (values.length != count(shape)) {
      throw new IllegalArgumentException(values.length + " values for shape " + Arrays.toString(shape));
    }
    StringBuilder s = new StringBuilder("{'descr': '").append(float64 ? "<f8" : "<f4")
        .append("', 'fortran_order': False, 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      s.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    s.append(shape.length == 1 ? ",), }" : "), }");
    int prefix = 10;
    int total = pad(prefix + s.length() + 1);
    if (total - prefix > 0xffff) {
      prefix = 12;
      total = pad(prefix + s.length() + 1);
    }
    s.append(" ".repeat(total - prefix - s.length() - 1)).append('\n');
    int width = float64 ? 8 : 4;
    ByteBuffer b = ByteBuffer.allocate(Math.addExact(total, Math.multiplyExact(values.length, width)))
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) (prefix == 10 ? 1 : 2)).put((byte) 0);
    if (prefix == 10) {
      b.putShort((short) (total - prefix));
    } else {
      b.putInt(total - prefix);
    }
    b.put(s.toString().getBytes(StandardCharsets.ISO_8859_1));
    for (double d : values) {
      if (float64) {
        b.putDouble(d);
      } else {
        b.putFloat((float) d);
      }
    }
    return b.array();
  }

  private static int pad(int n) {
    return (n + 63) / 64 * 64;
  }

  private static String field(String name, Pattern p, String header, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new IllegalArgumentException(name + ": header lacks '" + key + "': " + header.strip());
    }
    return m.group(1);
  }

  private static int[] parseShape(String name, String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return new int[0];
    }
    String[] parts = t.split(",");
    int k = parts.length;
    if (parts[k - 1].isBlank()) {
      k--;
    }
    int[] shape = new int[k];
    for (int i = 0; i < k; i++) {
      String d = parts[i].strip();
      if (d.endsWith("L")) {
        d = d.substring(0, d.length() - 1);
      }
      try {
        shape[i] = Integer.parseInt(d);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + ": bad shape (" + text + ")");
      }
      if (shape[i] < 0) {
        throw new IllegalArgumentException(name + ": bad shape (" + text + ")");
      }
    }
    try {
      count(shape);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
    return shape;
  }

  private static double exactLong(String name, long v, int index) {
    if (v > EXACT_LONG || v < -EXACT_LONG) {
      throw new IllegalArgumentException(name + ": int64 value " + v + " at index " + index
          + " is not exact as a double");
    }
    return v;
  }

  static int count(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
      if (n > Integer.MAX_VALUE - 64) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
      }
    }
    return (int) n;
  }
}
