package org.sirnn.nn.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Evaluates ONNX nodes whose inputs are all constants ({@link OnnxTensor}s, integers possibly linear in the batch
 * size B): the shape subgraphs exporters emit (Shape of the input gives [B, 8, 8]; Gather, Unsqueeze, Concat,
 * arithmetic on such shapes) and constant weight transforms (Identity, Cast, Transpose, ...). Integer arithmetic
 * keeps B symbolic (c + k B); a product or quotient that would not stay linear in B is an error.
 */
final class ConstFolder {
  /** The ops folded when every input is a constant. */
  static final Set<String> OPS;

  static {
    Set<String> s = new java.util.HashSet<>(Reindexing.OPS);
    s.addAll(Set.of("Constant", "Cast", "ConstantOfShape", "Add", "Sub", "Mul", "Div", "Neg", "Sqrt", "Reciprocal"));
    OPS = Set.copyOf(s);
  }

  private ConstFolder() {}

  /** The outputs of {@code n} on constant inputs {@code in} (null for absent optional inputs). */
  static List<OnnxTensor> fold(OnnxNode n, List<OnnxTensor> in) {
    String op = n.opType();
    if (Reindexing.OPS.contains(op)) {
      List<int[]> dims = new ArrayList<>();
      List<OnnxTensor> data = new ArrayList<>();
      for (int k : Reindexing.dataInputs(n)) {
        dims.add(in.get(k).dims());
        data.add(in.get(k));
      }
      List<OnnxTensor> params = new ArrayList<>(in);
      Reindexing.dataInputs(n).forEach(k -> params.set(k, null));
      for (int k = 0; k < params.size(); k++) {
        if (params.get(k) != null && params.get(k).isSymbolic()) {
          throw new IllegalArgumentException(n.label() + ": a constant reshaped by a batch-dependent shape");
        }
      }
      IndexMaps.Selection s = Reindexing.of(n, dims, params);
      return List.of(joined(data).select(s.dims(), s.src()));
    }
    return List.of(switch (op) {
      case "Constant" -> constant(n);
      case "Cast" -> cast(n, in.get(0));
      case "ConstantOfShape" -> filled(n, in.get(0).toLongs());
      case "Add" -> arithmetic(n, in.get(0), in.get(1), Double::sum);
      case "Sub" -> arithmetic(n, in.get(0), in.get(1), (a, b) -> a - b);
      case "Mul" -> arithmetic(n, in.get(0), in.get(1), (a, b) -> a * b);
      case "Div" -> arithmetic(n, in.get(0), in.get(1), (a, b) -> a / b);
      case "Neg" -> unary(in.get(0), x -> -x);
      case "Sqrt" -> unary(in.get(0), Math::sqrt);
      case "Reciprocal" -> unary(in.get(0), x -> 1 / x);
      default -> throw new IllegalArgumentException(n.label() + ": cannot fold " + op);
    });
  }

  /** The values of several tensors laid end to end (a flat tensor). */
  static OnnxTensor joined(List<OnnxTensor> ts) {
    if (ts.size() == 1) {
      return ts.get(0);
    }
    int n = ts.stream().mapToInt(OnnxTensor::size).sum();
    boolean ints = ts.stream().allMatch(OnnxTensor::isInt);
    double[] f = new double[n];
    long[] c = new long[n];
    long[] b = new long[n];
    int p = 0;
    for (OnnxTensor t : ts) {
      for (int i = 0; i < t.size(); i++, p++) {
        if (ints) {
          c[p] = t.constant(i);
          b[p] = t.coefficient(i);
        } else {
          f[p] = t.real(i);
        }
      }
    }
    return ints ? OnnxTensor.symbolic(new int[] {n}, c, b) : OnnxTensor.ofFloats(new int[] {n}, f);
  }

  private static OnnxTensor constant(OnnxNode n) {
    if (n.tensor("value") != null) {
      return n.tensor("value");
    }
    if (n.has("value_float")) {
      return OnnxTensor.scalar(n.f("value_float", 0));
    }
    if (n.has("value_int")) {
      return OnnxTensor.ofInts(new int[0], new long[] {n.i("value_int", 0)});
    }
    if (n.has("value_ints")) {
      long[] v = n.ints("value_ints");
      return OnnxTensor.ofInts(new int[] {v.length}, v);
    }
    throw new IllegalArgumentException(n.label() + ": only tensor, float and int constants are supported");
  }

  /** ONNX data types 1 (float) and 11 (double) are floating; the integer and bool types become integers. */
  private static OnnxTensor cast(OnnxNode n, OnnxTensor x) {
    long to = n.i("to", 1);
    if (to == 1 || to == 11) {
      return x.isInt() ? OnnxTensor.ofFloats(x.dims(), x.toDoubles()) : x;
    }
    if (to == 9) {
      long[] v = x.toLongs();
      double[] d = x.toDoubles();
      for (int i = 0; i < v.length; i++) {
        v[i] = d[i] != 0 ? 1 : 0;
      }
      return OnnxTensor.ofInts(x.dims(), v);
    }
    return x.isInt() ? x : OnnxTensor.ofInts(x.dims(), x.toLongs());
  }

  private static OnnxTensor filled(OnnxNode n, long[] shape) {
    OnnxTensor v = n.tensor("value");
    int[] dims = new int[shape.length];
    for (int k = 0; k < dims.length; k++) {
      dims[k] = Math.toIntExact(shape[k]);
    }
    OnnxTensor one = v == null ? OnnxTensor.scalar(0) : v;
    return one.select(dims, new int[OnnxTensor.size(dims)]);
  }

  private static OnnxTensor unary(OnnxTensor x, DoubleUnaryOperator f) {
    double[] v = x.toDoubles();
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(v[i]);
    }
    return OnnxTensor.ofFloats(x.dims(), v);
  }

  /** Element-wise with numpy broadcasting; integers stay integers (symbolic in B where linear). */
  private static OnnxTensor arithmetic(OnnxNode n, OnnxTensor a, OnnxTensor b, DoubleBinaryOperator f) {
    int[] out = IndexMaps.broadcastDims(a.dims(), b.dims(), n.label());
    IndexMaps.Selection sa = IndexMaps.broadcast(a.dims(), out, n.label());
    IndexMaps.Selection sb = IndexMaps.broadcast(b.dims(), out, n.label());
    OnnxTensor x = a.select(out, sa.src());
    OnnxTensor y = b.select(out, sb.src());
    int size = OnnxTensor.size(out);
    if (!a.isInt() || !b.isInt()) {
      double[] v = new double[size];
      double[] xv = x.toDoubles();
      double[] yv = y.toDoubles();
      for (int i = 0; i < size; i++) {
        v[i] = f.applyAsDouble(xv[i], yv[i]);
      }
      return OnnxTensor.ofFloats(out, v);
    }
    long[] c = new long[size];
    long[] k = new long[size];
    for (int i = 0; i < size; i++) {
      long xc = x.constant(i);
      long xk = x.coefficient(i);
      long yc = y.constant(i);
      long yk = y.coefficient(i);
      switch (n.opType()) {
        case "Add" -> {
          c[i] = xc + yc;
          k[i] = xk + yk;
        }
        case "Sub" -> {
          c[i] = xc - yc;
          k[i] = xk - yk;
        }
        case "Mul" -> {
          if (xk != 0 && yk != 0) {
            throw new IllegalArgumentException(n.label() + ": batch size squared");
          }
          c[i] = xc * yc;
          k[i] = xk * yc + yk * xc;
        }
        default -> {
          if (yk != 0 || yc == 0 || (xk != 0 && (xk % yc != 0 || xc % yc != 0))) {
            throw new IllegalArgumentException(n.label() + ": integer division that depends on the batch size");
          }
          c[i] = xc / yc;
          k[i] = xk / yc;
        }
      }
    }
    return OnnxTensor.symbolic(out, c, k);
  }
}
