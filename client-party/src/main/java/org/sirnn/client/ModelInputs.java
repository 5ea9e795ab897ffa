package org.sirnn.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.sirnn.nn.model.Npy;
import org.sirnn.nn.runtime.ServedModel;

/**
 * Reads a model's input from a file for {@code infer} and {@code bench model}: integers in the model's encoding
 * (one per line, {@code #} comments, or a JSON array; {@code -} is standard input), or a float {@code .npy} whose
 * sample K the model encodes ({@link ServedModel#sample}: quantised at its input scale, with expected outputs where
 * the file carries them). Errors start with {@code --input FILE}.
 */
public final class ModelInputs {
  private ModelInputs() {}

  /** Sample {@code sample} (null: 0) of {@code file} for model {@code m}. */
  public static ServedModel.SampleInput read(ServedModel m, String file, Integer sample) throws IOException {
    if (isNpy(file)) {
      Path p = Path.of(file);
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("--input " + file + ": no such file");
      }
      try {
        return m.sample(Npy.read(p), sample == null ? 0 : sample, file);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--input " + e.getMessage(), e);
      }
    }
    if (sample != null && sample != 0) {
      throw new IllegalArgumentException("--sample picks a row of a .npy input; " + file + " is one sample");
    }
    return new ServedModel.SampleInput(readValues(file), null);
  }

  static boolean isNpy(String file) {
    return file.toLowerCase(java.util.Locale.ROOT).endsWith(".npy");
  }

  /** Reads the input integers from {@code file} ("-" = standard input): one per line or a JSON array. */
  static long[] readValues(String file) throws IOException {
    String where = file.equals("-") ? "standard input" : file;
    String text;
    if (file.equals("-")) {
      InputStream in = System.in;
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } else {
      Path p = Path.of(file);
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("--input " + file + ": no such file");
      }
      text = Files.readString(p, StandardCharsets.UTF_8);
    }
    String trimmed = text.strip();
    if (trimmed.startsWith("[")) {
      return fromJson(where, trimmed);
    }
    long[] buf = new long[1024];
    int n = 0;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String t = lines[i].strip();
      int hash = t.indexOf('#');
      if (hash >= 0) {
        t = t.substring(0, hash).strip();
      }
      if (t.isEmpty()) {
        continue;
      }
      try {
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, 2 * n);
        }
        buf[n++] = Long.parseLong(t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + " line " + (i + 1) + ": not an integer: '" + t + "'");
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(where + ": no input integers");
    }
    return Arrays.copyOf(buf, n);
  }

  private static long[] fromJson(String where, String text) {
    JsonNode node;
    try {
      node = new ObjectMapper().readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": not a valid JSON array: " + e.getOriginalMessage());
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(where + ": expected a JSON array of integers");
    }
    long[] v = new long[node.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode e = node.get(i);
      if (!e.isIntegralNumber() || !e.canConvertToLong()) {
        throw new IllegalArgumentException(where + ": element " + i + " is not a 64-bit integer: " + e);
      }
      v[i] = e.asLong();
    }
    if (v.length == 0) {
      throw new IllegalArgumentException(where + ": empty JSON array");
    }
    return v;
  }
}
