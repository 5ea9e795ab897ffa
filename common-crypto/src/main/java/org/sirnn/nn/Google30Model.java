package org.sirnn.nn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Google-30 FastGRNN (keyword spotting, SiRnn's end-to-end benchmark) as quantised data: the server's weights
 * ({@code weights.txt}) and the client's input ({@code input.txt}), one signed integer per line (see
 * {@code shared/data/google30/README.md}). Every value must fit in 8 bits (-128..127); the loaders name the tensor
 * and element of any offending value and the expected count of a short or long file.
 */
public final class Google30Model {
  /** Model name on the wire and in the API. */
  public static final String NAME = "google30";

  /** The same model with the step's sigmoid and tanh fused ({@code org.sirnn.math.SigmoidTanh}), fewer rounds. */
  public static final String NAME_FUSED = "google30-fused";
  /** Time steps. */
  public static final int STEPS = 99;
  /** Features per step. */
  public static final int FEATURES = 32;
  /** Low rank of the input factorisation W1 W2. */
  public static final int RANK_W = 16;
  /** Hidden units. */
  public static final int HIDDEN = 100;
  /** Low rank of the recurrent factorisation U1 U2. */
  public static final int RANK_U = 35;
  /** Keyword classes. */
  public static final int CLASSES = 30;
  /** Bitwidth of every stored weight and input value. */
  public static final int VALUE_BITS = 8;

  /** One tensor of weights.txt: name and shape (row-major). */
  public record Tensor(String name, int rows, int cols) {
    public int size() {
      return rows * cols;
    }
  }

  /** The tensors of weights.txt, in file order. */
  public static final List<Tensor> TENSORS = List.of(new Tensor("W1", FEATURES, RANK_W),
      new Tensor("W2", RANK_W, HIDDEN), new Tensor("U1", HIDDEN, RANK_U), new Tensor("U2", RANK_U, HIDDEN),
      new Tensor("Bg", 1, HIDDEN), new Tensor("Bh", 1, HIDDEN), new Tensor("FC", HIDDEN, CLASSES),
      new Tensor("FCbias", 1, CLASSES));

  /** Values in weights.txt (12342). */
  public static final int WEIGHT_COUNT = TENSORS.stream().mapToInt(Tensor::size).sum();
  /** Values in input.txt (3168). */
  public static final int INPUT_COUNT = STEPS * FEATURES;

  /** The server's weights, each row-major as signed values, shapes as in {@link #TENSORS}. */
  public record Weights(long[] w1, long[] w2, long[] u1, long[] u2, long[] bg, long[] bh, long[] fc, long[] fcBias) {}

  private Google30Model() {}

  /** Loads weights.txt. */
  public static Weights loadWeights(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return loadWeights(in, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("google30: cannot read weights " + path, e);
    }
  }

  /** Loads weights from a stream (not closed); {@code source} names it in errors. */
  public static Weights loadWeights(InputStream in, String source) {
    long[] all = readInts(in, source, "weights");
    if (all.length != WEIGHT_COUNT) {
      throw new IllegalArgumentException("google30 weights " + source + ": expected " + WEIGHT_COUNT
          + " values (" + describeTensors() + "), got " + all.length
          + (all.length < WEIGHT_COUNT ? "; file ends inside tensor " + tensorAt(all.length).name() : ""));
    }
    long[][] t = new long[TENSORS.size()][];
    int at = 0;
    for (int k = 0; k < TENSORS.size(); k++) {
      Tensor tensor = TENSORS.get(k);
      t[k] = new long[tensor.size()];
      for (int i = 0; i < tensor.size(); i++, at++) {
        long v = all[at];
        if (v < -128 || v > 127) {
          throw new IllegalArgumentException("google30 weights " + source + ": tensor " + tensor.name() + " element "
              + i + " (row " + i / tensor.cols() + ", col " + i % tensor.cols() + ", line " + (at + 1) + ") = " + v
              + " is outside the signed 8-bit range -128..127");
        }
        t[k][i] = v;
      }
    }
    return new Weights(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
  }

  /** Loads input.txt: 99 steps x 32 features, step-major (flat, feature j of step t at 32 t + j). */
  public static long[] loadInput(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return loadInput(in, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("google30: cannot read input " + path, e);
    }
  }

  /** Loads the input from a stream (not closed); {@code source} names it in errors. */
  public static long[] loadInput(InputStream in, String source) {
    long[] x = readInts(in, source, "input");
    if (x.length != INPUT_COUNT) {
      throw new IllegalArgumentException("google30 input " + source + ": expected " + INPUT_COUNT + " values ("
          + STEPS + " steps x " + FEATURES + " features), got " + x.length);
    }
    for (int i = 0; i < x.length; i++) {
      if (x[i] < -128 || x[i] > 127) {
        throw new IllegalArgumentException("google30 input " + source + ": tensor input element " + i + " (step "
            + i / FEATURES + ", feature " + i % FEATURES + ", line " + (i + 1) + ") = " + x[i]
            + " is outside the signed 8-bit range -128..127");
      }
    }
    return x;
  }

  private static Tensor tensorAt(int index) {
    int at = 0;
    for (Tensor t : TENSORS) {
      at += t.size();
      if (index < at) {
        return t;
      }
    }
    return TENSORS.get(TENSORS.size() - 1);
  }

  private static String describeTensors() {
    StringBuilder sb = new StringBuilder();
    for (Tensor t : TENSORS) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(t.name()).append(' ').append(t.rows()).append('x').append(t.cols());
    }
    return sb.toString();
  }

  private static long[] readInts(InputStream in, String source, String what) {
    List<Long> out = new ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
    int lineNo = 0;
    try {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNo++;
        String s = line.trim();
        if (s.isEmpty()) {
          continue;
        }
        try {
          out.add(Long.parseLong(s));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("google30 " + what + " " + source + ": line " + lineNo
              + " is not an integer: '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("google30: cannot read " + what + " " + source, e);
    }
    long[] a = new long[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    return a;
  }
}
