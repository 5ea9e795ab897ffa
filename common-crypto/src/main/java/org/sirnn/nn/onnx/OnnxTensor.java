package org.sirnn.nn.onnx;

import java.util.Arrays;

/**
 * A constant N-D tensor of an ONNX graph, row-major: floating values as doubles, or integers as longs. An integer
 * element may depend on the symbolic batch size B (a shape computed from the input): its value is
 * {@code ints[i] + perBatch[i] * B}; {@code perBatch} is null when no element does. Immutable.
 */
public final class OnnxTensor {
  private final int[] dims;
  private final double[] floats;
  private final long[] ints;
  private final long[] perBatch;

  private OnnxTensor(int[] dims, double[] floats, long[] ints, long[] perBatch) {
    this.dims = dims.clone();
    this.floats = floats;
    this.ints = ints;
    this.perBatch = perBatch != null && Arrays.stream(perBatch).allMatch(v -> v == 0) ? null : perBatch;
    int n = size(dims);
    if ((floats != null ? floats.length : ints.length) != n || (this.perBatch != null && perBatch.length != n)) {
      throw new IllegalArgumentException("tensor: values do not fill shape " + Arrays.toString(dims));
    }
  }

  /** Floating values. */
  public static OnnxTensor ofFloats(int[] dims, double[] values) {
    return new OnnxTensor(dims, values.clone(), null, null);
  }

  /** Integer values. */
  public static OnnxTensor ofInts(int[] dims, long[] values) {
    return new OnnxTensor(dims, null, values.clone(), null);
  }

  /** Integers {@code c[i] + perBatch[i] B}. */
  public static OnnxTensor symbolic(int[] dims, long[] c, long[] perBatch) {
    return new OnnxTensor(dims, null, c.clone(), perBatch == null ? null : perBatch.clone());
  }

  /** A scalar float. */
  public static OnnxTensor scalar(double v) {
    return ofFloats(new int[0], new double[] {v});
  }

  public int[] dims() {
    return dims.clone();
  }

  public int rank() {
    return dims.length;
  }

  public int size() {
    return size(dims);
  }

  public boolean isInt() {
    return ints != null;
  }

  /** True if some element depends on the batch size. */
  public boolean isSymbolic() {
    return perBatch != null;
  }

  /** The values as doubles (integers converted); not for symbolic tensors. */
  public double[] toDoubles() {
    requireConcrete();
    if (floats != null) {
      return floats.clone();
    }
    double[] d = new double[ints.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = ints[i];
    }
    return d;
  }

  /** The values as longs (floats truncated toward zero); not for symbolic tensors. */
  public long[] toLongs() {
    requireConcrete();
    return ints != null ? ints.clone() : Arrays.stream(floats).mapToLong(d -> (long) d).toArray();
  }

  /** The integer values with the batch size set to {@code batch}. */
  public long[] atBatch(long batch) {
    if (ints == null) {
      throw new IllegalArgumentException("tensor: expected integers, got floats");
    }
    long[] v = ints.clone();
    if (perBatch != null) {
      for (int i = 0; i < v.length; i++) {
        v[i] += perBatch[i] * batch;
      }
    }
    return v;
  }

  /** This tensor with the batch size set to {@code batch} (no longer symbolic). */
  public OnnxTensor concrete(long batch) {
    return isInt() ? ofInts(dims, atBatch(batch)) : this;
  }

  /** Constant term of integer element i. */
  long constant(int i) {
    return ints[i];
  }

  /** Batch coefficient of integer element i. */
  long coefficient(int i) {
    return perBatch == null ? 0 : perBatch[i];
  }

  /** Float element i. */
  double real(int i) {
    return floats != null ? floats[i] : ints[i];
  }

  /**
   * The tensor of shape {@code newDims} whose element i is this tensor's element {@code src[i]} (a zero where
   * {@code src[i] < 0}): every re-indexing op (transpose, slice, gather, concat parts, broadcast) is one of these.
   */
  public OnnxTensor select(int[] newDims, int[] src) {
    int n = src.length;
    if (floats != null) {
      double[] f = new double[n];
      for (int i = 0; i < n; i++) {
        f[i] = src[i] < 0 ? 0 : floats[src[i]];
      }
      return new OnnxTensor(newDims, f, null, null);
    }
    long[] c = new long[n];
    long[] b = perBatch == null ? null : new long[n];
    for (int i = 0; i < n; i++) {
      c[i] = src[i] < 0 ? 0 : ints[src[i]];
      if (b != null) {
        b[i] = src[i] < 0 ? 0 : perBatch[src[i]];
      }
    }
    return new OnnxTensor(newDims, null, c, b);
  }

  /** The same values in another shape of the same size. */
  public OnnxTensor reshape(int[] newDims) {
    if (size(newDims) != size()) {
      throw new IllegalArgumentException("tensor: cannot reshape " + Arrays.toString(dims) + " to "
          + Arrays.toString(newDims));
    }
    return new OnnxTensor(newDims, floats, ints, perBatch);
  }

  private void requireConcrete() {
    if (perBatch != null) {
      throw new IllegalArgumentException("tensor: value depends on the batch size");
    }
  }

  /** Number of elements of a shape. */
  public static int size(int[] dims) {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor: shape " + Arrays.toString(dims) + " is too large");
    }
    return (int) n;
  }

  @Override
  public String toString() {
    return (isInt() ? "int" : "float") + Arrays.toString(dims) + (isSymbolic() ? " (depends on the batch)" : "");
  }
}
