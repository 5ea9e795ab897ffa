package org.sirnn.nn.runtime;

import java.util.Arrays;
import org.sirnn.nn.model.Npy;

/** Rows of samples in a float .npy array whose trailing dimensions hold one sample. */
public final class NpyRows {
  private NpyRows() {}

  /** How many samples of {@code cols} values the array holds; the message names {@code file}. */
  public static int count(Npy.Array a, int cols, String file) {
    int[] shape = a.shape();
    long tail = 1;
    int split = -1;
    for (int i = shape.length - 1; i >= 0; i--) {
      tail *= shape[i];
      if (tail == cols) {
        split = i;
      }
      if (tail > cols) {
        break;
      }
    }
    if (split < 0) {
      throw new IllegalArgumentException(file + ": shape " + Arrays.toString(shape) + " does not end in dimensions"
          + " of " + cols + " values (one sample of the model's input)");
    }
    int rows = 1;
    for (int i = 0; i < split; i++) {
      rows *= shape[i];
    }
    return rows;
  }

  /** Sample {@code k}. */
  public static double[] row(Npy.Array a, int k, int cols, String file) {
    int rows = count(a, cols, file);
    if (k < 0 || k >= rows) {
      throw new IllegalArgumentException("sample " + k + ": " + file + " has " + rows + " sample"
          + (rows == 1 ? "" : "s") + " (shape " + Arrays.toString(a.shape()) + ")");
    }
    return Arrays.copyOfRange(a.values(), k * cols, (k + 1) * cols);
  }
}
