package org.sirnn.nn.heads;

/**
 * An H x W x C integer tensor in HWC order (row, column, channel), the layout of every Heads activation
 * (README "Conventions of the integer code"). The backing array is shared, not copied.
 */
public record IntTensor(int h, int w, int c, int[] data) {

  public IntTensor {
    if ((long) h * w * c != data.length) {
      throw new IllegalArgumentException(data.length + " values for " + h + "x" + w + "x" + c);
    }
  }

  /** A zero tensor. */
  public static IntTensor zeros(int h, int w, int c) {
    return new IntTensor(h, w, c, new int[h * w * c]);
  }

  /** Flat index of (row, column, channel). */
  public int index(int r, int col, int ch) {
    return (r * w + col) * c + ch;
  }

  /** Element (row, column, channel). */
  public int get(int r, int col, int ch) {
    return data[(r * w + col) * c + ch];
  }

  /** Sets element (row, column, channel). */
  public void set(int r, int col, int ch, int v) {
    data[(r * w + col) * c + ch] = v;
  }
}
