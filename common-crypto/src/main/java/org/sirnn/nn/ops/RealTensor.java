package org.sirnn.nn.ops;

/** A float batch: rows x cols doubles, row-major. */
public record RealTensor(double[] v, int rows, int cols) {
  public RealTensor {
    if (v.length != rows * cols) {
      throw new IllegalArgumentException("tensor: " + v.length + " values for " + rows + " x " + cols);
    }
  }
}
