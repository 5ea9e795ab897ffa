package org.sirnn.nn.ops;

/**
 * A fixed-point batch: rows x cols values (or this party's shares of them), row-major, each a two's-complement
 * integer of the model's bitwidth read at {@code scale} fractional bits (value = int / 2^scale).
 */
public record FixTensor(long[] v, int rows, int cols, int scale) {
  public FixTensor {
    if (v.length != rows * cols) {
      throw new IllegalArgumentException("tensor: " + v.length + " values for " + rows + " x " + cols);
    }
  }
}
