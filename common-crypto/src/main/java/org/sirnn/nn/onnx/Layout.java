package org.sirnn.nn.onnx;

import java.util.Arrays;

/**
 * The ONNX shape of an activation and where its batch axis is. An activation is held as a batch of rows: row = one
 * sample, columns = the other axes in row-major order. {@code dims} has extent 1 at {@code batchAxis}.
 */
record Layout(int[] dims, int batchAxis) {
  Layout {
    dims = dims.clone();
    if (batchAxis < 0 || batchAxis >= dims.length || dims[batchAxis] != 1) {
      throw new IllegalArgumentException("layout: bad batch axis " + batchAxis + " of " + Arrays.toString(dims));
    }
  }

  /** A layout from the dims of an ONNX value with the batch at {@code batchAxis} (its extent is ignored). */
  static Layout of(int[] dims, int batchAxis) {
    int[] d = dims.clone();
    d[batchAxis] = 1;
    return new Layout(d, batchAxis);
  }

  @Override
  public int[] dims() {
    return dims.clone();
  }

  int rank() {
    return dims.length;
  }

  /** Values per sample. */
  int cols() {
    return OnnxTensor.size(dims);
  }

  /** The dims with the batch axis at extent {@code b}. */
  int[] withBatch(int b) {
    int[] d = dims.clone();
    d[batchAxis] = b;
    return d;
  }

  /**
   * A probe of this layout at batch 2: integer element (sample s, column j) = s * total + offset + j. Applying a
   * re-indexing op to probes and reading the result back with {@link #detect} gives the op's effect on the
   * columns.
   */
  OnnxTensor probe(int total, int offset) {
    int[] d = withBatch(2);
    int[] st = IndexMaps.strides(d);
    long[] v = new long[OnnxTensor.size(d)];
    int c = cols();
    for (int i = 0; i < v.length; i++) {
      int s = i / st[batchAxis] % 2;
      int before = i / (st[batchAxis] * 2);
      int after = i % st[batchAxis];
      v[i] = (long) s * total + offset + (long) before * st[batchAxis] + after;
    }
    if (c * 2 != v.length) {
      throw new IllegalStateException("layout: probe size");
    }
    return OnnxTensor.ofInts(d, v);
  }

  /** A result of {@link #detect}: the output layout and the column each output column copies. */
  record Columns(Layout layout, int[] index) {
    boolean identity(int inputCols) {
      if (index.length != inputCols) {
        return false;
      }
      for (int j = 0; j < index.length; j++) {
        if (index[j] != j) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Reads a re-indexed probe (batch extent 2, values s * total + column): the axis along which sample 0 and sample
   * 1 separate is the batch axis; sample 0's values are the column map. Fails (naming {@code where}) if the op
   * mixed samples or dropped the batch axis.
   */
  static Columns detect(OnnxTensor t, int total, String where) {
    int[] d = t.dims();
    long[] v = t.toLongs();
    int[] st = IndexMaps.strides(d);
    for (int a = 0; a < d.length; a++) {
      if (d[a] != 2) {
        continue;
      }
      int[] index = new int[v.length / 2];
      boolean ok = true;
      int p = 0;
      for (int i = 0; i < v.length && ok; i++) {
        int s = i / st[a] % 2;
        if (s == 0) {
          long twin = v[i + st[a]];
          ok = v[i] < total && twin == v[i] + total;
          index[p++] = (int) v[i];
        }
      }
      if (ok) {
        int[] od = d.clone();
        od[a] = 1;
        return new Columns(new Layout(od, a), index);
      }
    }
    throw new IllegalArgumentException(where + ": the op moves values across samples or drops the batch axis"
        + " (only re-arrangements within a sample are supported)");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Layout l && Arrays.equals(dims, l.dims) && batchAxis == l.batchAxis;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims) * 31 + batchAxis;
  }

  @Override
  public String toString() {
    int[] d = dims.clone();
    StringBuilder b = new StringBuilder("[");
    for (int k = 0; k < d.length; k++) {
      b.append(k == 0 ? "" : ", ").append(k == batchAxis ? "B" : Integer.toString(d[k]));
    }
    return b.append(']').toString();
  }
}
