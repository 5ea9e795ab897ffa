package org.sirnn.nn.model;

import java.util.Arrays;

/**
 * Public metadata of one weight tensor: its shape (row-major), and its fixed-point encoding: two's-complement
 * integers of {@code bits} bits read at {@code scale} fractional bits.
 */
public record TensorSpec(int[] shape, int bits, int scale) {
  public TensorSpec {
    shape = shape.clone();
    if (bits < 2 || bits > 32) {
      throw new IllegalArgumentException("bits " + bits + " outside 2..32");
    }
    if (scale < -16 || scale > 40) {
      throw new IllegalArgumentException("scale " + scale + " outside -16..40");
    }
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a non-positive dimension");
      }
    }
  }

  /** Number of values. */
  public int size() {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec t && Arrays.equals(shape, t.shape) && bits == t.bits && scale == t.scale;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + bits * 7 + scale;
  }

  @Override
  public String toString() {
    return Arrays.toString(shape) + " int" + bits + " scale " + scale;
  }
}
