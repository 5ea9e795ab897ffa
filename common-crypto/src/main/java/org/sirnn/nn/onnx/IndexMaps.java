package org.sirnn.nn.onnx;

import java.util.Arrays;
import java.util.List;

/**
 * The re-indexing ops of ONNX as index maps over row-major tensors: each gives the output shape and, for every
 * output element, the flat index of the input element it copies ({@link Selection}). The same maps fold constants
 * ({@link OnnxTensor#select}) and re-arrange the columns of activations (Ops.gatherColumns), so both follow one
 * definition of each op.
 */
final class IndexMaps {
  /** Output shape and source index per output element (-1 = zero). */
  record Selection(int[] dims, int[] src) {}

  private IndexMaps() {}

  static int[] strides(int[] dims) {
    int[] s = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }

  /** An axis attribute in [-rank, rank) as a non-negative axis. */
  static int axis(long axis, int rank, String where) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(where + ": axis " + axis + " outside rank " + rank);
    }
    return (int) a;
  }

  /** The selection of shape {@code out} whose element at coordinates c copies input element {@code source(c)}. */
  private static Selection byCoordinates(int[] out, java.util.function.ToIntFunction<int[]> source) {
    int[] os = strides(out);
    int[] src = new int[OnnxTensor.size(out)];
    int[] c = new int[out.length];
    for (int i = 0; i < src.length; i++) {
      for (int k = 0; k < out.length; k++) {
        c[k] = i / os[k] % out[k];
      }
      src[i] = source.applyAsInt(c);
    }
    return new Selection(out, src);
  }

  static Selection transpose(int[] dims, int[] perm) {
    int r = dims.length;
    int[] out = new int[r];
    for (int k = 0; k < r; k++) {
      out[k] = dims[perm[k]];
    }
    int[] is = strides(dims);
    return byCoordinates(out, c -> {
      int s = 0;
      for (int k = 0; k < r; k++) {
        s += c[k] * is[perm[k]];
      }
      return s;
    });
  }

  /** ONNX Slice: per listed axis, start/end clamped as ONNX specifies, step != 0. */
  static Selection slice(int[] dims, long[] starts, long[] ends, long[] axes, long[] steps, String where) {
    int r = dims.length;
    int[] first = new int[r];
    int[] step = new int[r];
    int[] out = dims.clone();
    Arrays.fill(step, 1);
    for (int j = 0; j < starts.length; j++) {
      int a = axis(axes == null ? j : axes[j], r, where);
      long st = steps == null ? 1 : steps[j];
      if (st == 0) {
        throw new IllegalArgumentException(where + ": slice step 0");
      }
      long d = dims[a];
      long s = starts[j] < 0 ? starts[j] + d : starts[j];
      long e = ends[j] < 0 ? ends[j] + d : ends[j];
      if (st > 0) {
        s = Math.max(0, Math.min(d, s));
        e = Math.max(0, Math.min(d, e));
        out[a] = (int) Math.max(0, (e - s + st - 1) / st);
      } else {
        s = Math.max(-1, Math.min(d - 1, s));
        e = Math.max(-1, Math.min(d - 1, e));
        out[a] = (int) Math.max(0, (s - e + (-st) - 1) / (-st));
      }
      first[a] = (int) s;
      step[a] = (int) st;
    }
    int[] is = strides(dims);
    return byCoordinates(out, c -> {
      int s = 0;
      for (int k = 0; k < r; k++) {
        s += (first[k] + c[k] * step[k]) * is[k];
      }
      return s;
    });
  }

  /** ONNX Gather along {@code axis} with indices of shape {@code idxDims} (negative indices count from the end). */
  static Selection gather(int[] dims, int axis, int[] idxDims, long[] idx, String where) {
    int r = dims.length;
    int[] out = new int[r - 1 + idxDims.length];
    System.arraycopy(dims, 0, out, 0, axis);
    System.arraycopy(idxDims, 0, out, axis, idxDims.length);
    System.arraycopy(dims, axis + 1, out, axis + idxDims.length, r - axis - 1);
    int outer = OnnxTensor.size(Arrays.copyOfRange(dims, 0, axis));
    int inner = OnnxTensor.size(Arrays.copyOfRange(dims, axis + 1, r));
    int[] src = new int[OnnxTensor.size(out)];
    int p = 0;
    for (int o = 0; o < outer; o++) {
      for (long ix : idx) {
        long j = ix < 0 ? ix + dims[axis] : ix;
        if (j < 0 || j >= dims[axis]) {
          throw new IllegalArgumentException(where + ": gather index " + ix + " outside 0.." + (dims[axis] - 1));
        }
        for (int in = 0; in < inner; in++) {
          src[p++] = (int) ((o * dims[axis] + j) * inner + in);
        }
      }
    }
    return new Selection(out, src);
  }

  /** The numpy broadcast of two shapes (right-aligned, 1 stretches). */
  static int[] broadcastDims(int[] a, int[] b, String where) {
    int r = Math.max(a.length, b.length);
    int[] out = new int[r];
    for (int k = 0; k < r; k++) {
      int da = k < r - a.length ? 1 : a[k - (r - a.length)];
      int db = k < r - b.length ? 1 : b[k - (r - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(where + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
            + " do not broadcast");
      }
      out[k] = da == 1 ? db : da;
    }
    return out;
  }

  /** A tensor of shape {@code dims} broadcast (numpy rules) to {@code out}. */
  static Selection broadcast(int[] dims, int[] out, String where) {
    int[] check = broadcastDims(dims, out, where);
    if (!Arrays.equals(check, out)) {
      throw new IllegalArgumentException(where + ": cannot broadcast " + Arrays.toString(dims) + " to "
          + Arrays.toString(out));
    }
    int off = out.length - dims.length;
    int[] is = strides(dims);
    return byCoordinates(out, c -> {
      int s = 0;
      for (int k = 0; k < dims.length; k++) {
        s += (dims[k] == 1 ? 0 : c[k + off]) * is[k];
      }
      return s;
    });
  }

  /** ONNX Concat along {@code axis}: sources index the inputs' values laid end to end in order. */
  static Selection concat(List<int[]> dims, int axis, String where) {
    int[] out = dims.get(0).clone();
    out[axis] = 0;
    for (int[] d : dims) {
      if (d.length != out.length) {
        throw new IllegalArgumentException(where + ": concat of different ranks");
      }
      for (int k = 0; k < d.length; k++) {
        if (k != axis && d[k] != out[k]) {
          throw new IllegalArgumentException(where + ": concat of shapes " + Arrays.toString(dims.get(0)) + " and "
              + Arrays.toString(d) + " along axis " + axis);
        }
      }
      out[axis] += d[axis];
    }
    int outer = OnnxTensor.size(Arrays.copyOfRange(out, 0, axis));
    int inner = OnnxTensor.size(Arrays.copyOfRange(out, axis + 1, out.length));
    int[] src = new int[OnnxTensor.size(out)];
    int p = 0;
    for (int o = 0; o < outer; o++) {
      int base = 0;
      for (int[] d : dims) {
        int block = d[axis] * inner;
        for (int j = 0; j < block; j++) {
          src[p++] = base + o * block + j;
        }
        base += OnnxTensor.size(d);
      }
    }
    return new Selection(out, src);
  }

  /** ONNX Reshape's target: 0 copies the input dimension (unless allowzero), one -1 is inferred. */
  static int[] reshapeDims(int[] dims, long[] shape, boolean allowZero, String where) {
    int[] out = new int[shape.length];
    int infer = -1;
    long known = 1;
    for (int k = 0; k < shape.length; k++) {
      if (shape[k] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException(where + ": two -1 in reshape target " + Arrays.toString(shape));
        }
        infer = k;
        continue;
      }
      out[k] = shape[k] == 0 && !allowZero ? dims[k] : Math.toIntExact(shape[k]);
      known *= out[k];
    }
    int size = OnnxTensor.size(dims);
    if (infer >= 0) {
      if (known == 0 || size % known != 0) {
        throw new IllegalArgumentException(where + ": cannot reshape " + Arrays.toString(dims) + " to "
            + Arrays.toString(shape));
      }
      out[infer] = (int) (size / known);
    }
    if (OnnxTensor.size(out) != size) {
      throw new IllegalArgumentException(where + ": cannot reshape " + Arrays.toString(dims) + " to "
          + Arrays.toString(shape));
    }
    return out;
  }

  /** Squeeze: drop the listed axes (all of extent 1), or every axis of extent 1 if none are listed. */
  static int[] squeezeDims(int[] dims, long[] axes, String where) {
    boolean[] drop = new boolean[dims.length];
    if (axes == null) {
      for (int k = 0; k < dims.length; k++) {
        drop[k] = dims[k] == 1;
      }
    } else {
      for (long a : axes) {
        int k = axis(a, dims.length, where);
        if (dims[k] != 1) {
          throw new IllegalArgumentException(where + ": cannot squeeze axis " + a + " of extent " + dims[k]);
        }
        drop[k] = true;
      }
    }
    int[] out = new int[dims.length];
    int n = 0;
    for (int k = 0; k < dims.length; k++) {
      if (!drop[k]) {
        out[n++] = dims[k];
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Unsqueeze: insert axes of extent 1 at the listed positions of the output. */
  static int[] unsqueezeDims(int[] dims, long[] axes, String where) {
    int r = dims.length + axes.length;
    boolean[] added = new boolean[r];
    for (long a : axes) {
      added[axis(a, r, where)] = true;
    }
    int[] out = new int[r];
    int j = 0;
    for (int k = 0; k < r; k++) {
      out[k] = added[k] ? 1 : dims[j++];
    }
    return out;
  }

  /** The identity selection (a reshape). */
  static Selection same(int[] newDims) {
    int[] src = new int[OnnxTensor.size(newDims)];
    for (int i = 0; i < src.length; i++) {
      src[i] = i;
    }
    return new Selection(newDims, src);
  }
}
