package org.sirnn.nn.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The ONNX ops that only move values (Transpose, Slice, Gather, Squeeze, Unsqueeze, Reshape, Flatten, Expand,
 * Concat, Identity, Dropout at inference) as {@link IndexMaps.Selection}s of their data input(s). Parameters that
 * ONNX passes as inputs (axes, starts, shape, indices) must be constants here, with any batch-dependent entry
 * already set to a concrete batch size.
 */
final class Reindexing {
  static final Set<String> OPS = Set.of("Transpose", "Slice", "Gather", "Squeeze", "Unsqueeze", "Reshape", "Flatten",
      "Expand", "Concat", "Identity", "Dropout");

  private Reindexing() {}

  /** Positions of the data inputs of {@code n} (the ones that are moved, not parameters). */
  static List<Integer> dataInputs(OnnxNode n) {
    List<Integer> l = new ArrayList<>();
    if (n.opType().equals("Concat")) {
      for (int k = 0; k < n.inputs().size(); k++) {
        l.add(k);
      }
    } else {
      l.add(0);
    }
    return l;
  }

  /**
   * The selection of node {@code n} over data inputs of shapes {@code dims} (one per {@link #dataInputs}; for
   * Concat the sources index the inputs laid end to end); {@code in} holds the constant inputs by position (null
   * for data and absent inputs).
   */
  static IndexMaps.Selection of(OnnxNode n, List<int[]> dims, List<OnnxTensor> in) {
    String at = n.label();
    int[] d = dims.get(0);
    int r = d.length;
    return switch (n.opType()) {
      case "Identity", "Dropout" -> IndexMaps.same(d);
      case "Transpose" -> {
        long[] p = n.ints("perm");
        int[] perm = new int[r];
        for (int k = 0; k < r; k++) {
          perm[k] = p == null ? r - 1 - k : (int) p[k];
        }
        yield IndexMaps.transpose(d, perm);
      }
      case "Slice" -> {
        long[] starts = param(n, in, 1, "starts");
        long[] ends = param(n, in, 2, "ends");
        long[] axes = optionalParam(n, in, 3, "axes");
        long[] steps = optionalParam(n, in, 4, null);
        yield IndexMaps.slice(d, starts, ends, axes, steps, at);
      }
      case "Gather" -> {
        OnnxTensor idx = required(n, in, 1);
        yield IndexMaps.gather(d, IndexMaps.axis(n.i("axis", 0), r, at), idx.dims(), idx.toLongs(), at);
      }
      case "Squeeze" -> IndexMaps.same(IndexMaps.squeezeDims(d, optionalParam(n, in, 1, "axes"), at));
      case "Unsqueeze" -> IndexMaps.same(IndexMaps.unsqueezeDims(d, param(n, in, 1, "axes"), at));
      case "Reshape" -> IndexMaps.same(IndexMaps.reshapeDims(d, required(n, in, 1).toLongs(),
          n.i("allowzero", 0) == 1, at));
      case "Flatten" -> {
        int a = n.i("axis", 1) < 0 ? (int) n.i("axis", 1) + r : (int) n.i("axis", 1);
        int outer = OnnxTensor.size(java.util.Arrays.copyOfRange(d, 0, a));
        yield IndexMaps.same(new int[] {outer, OnnxTensor.size(d) / Math.max(1, outer)});
      }
      case "Expand" -> {
        long[] shape = required(n, in, 1).toLongs();
        int[] target = new int[shape.length];
        for (int k = 0; k < shape.length; k++) {
          target[k] = Math.toIntExact(shape[k]);
        }
        yield IndexMaps.broadcast(d, IndexMaps.broadcastDims(d, target, at), at);
      }
      case "Concat" -> IndexMaps.concat(dims, IndexMaps.axis(n.i("axis", 0), r, at), at);
      default -> throw new IllegalArgumentException(at + ": not a re-indexing op");
    };
  }

  private static OnnxTensor required(OnnxNode n, List<OnnxTensor> in, int k) {
    OnnxTensor t = k < in.size() ? in.get(k) : null;
    if (t == null) {
      throw new IllegalArgumentException(n.label() + ": input " + k + " must be a constant");
    }
    return t;
  }

  /** A parameter given as input k (newer opsets) or as the attribute (older ones). */
  private static long[] param(OnnxNode n, List<OnnxTensor> in, int k, String attribute) {
    long[] v = optionalParam(n, in, k, attribute);
    if (v == null) {
      throw new IllegalArgumentException(n.label() + ": missing " + (attribute == null ? "input " + k : attribute));
    }
    return v;
  }

  private static long[] optionalParam(OnnxNode n, List<OnnxTensor> in, int k, String attribute) {
    if (k < in.size() && in.get(k) != null) {
      return in.get(k).toLongs();
    }
    if (!n.input(k).isEmpty()) {
      throw new IllegalArgumentException(n.label() + ": input " + k + " must be a constant");
    }
    return attribute == null ? null : n.ints(attribute);
  }
}
