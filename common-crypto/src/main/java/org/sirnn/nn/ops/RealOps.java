package org.sirnn.nn.ops;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * {@link Ops} in double precision: the float reference of a model, and the quantiser's calibration, which reads the
 * largest magnitude every op produced ({@link #ranges()}).
 */
public final class RealOps implements Ops<RealTensor> {
  private static final Kernels.Scope NO_SCOPE = () -> { };
  private final Map<String, double[]> weights;
  private final RealTensor input;
  private final Map<String, Double> ranges = new LinkedHashMap<>();
  private final Set<String> bounded = new HashSet<>();

  /** @param weights float tensors by name (row-major) */
  public RealOps(Map<String, double[]> weights, RealTensor input) {
    this.weights = weights;
    this.input = input;
  }

  /** Largest |value| each op produced so far, by op name (the input under "input"). */
  public Map<String, Double> ranges() {
    return ranges;
  }

  /** Names of the sigmoid and tanh ops (outputs bounded by 1 in magnitude). */
  public Set<String> boundedOps() {
    return bounded;
  }

  private RealTensor out(String op, double[] v, int rows, int cols) {
    double m = 0;
    for (double d : v) {
      m = Math.max(m, Math.abs(d));
    }
    ranges.merge(op, m, Math::max);
    return new RealTensor(v, rows, cols);
  }

  private double[] w(String name) {
    double[] t = weights.get(name);
    if (t == null) {
      throw new IllegalArgumentException("model: no tensor '" + name + "'");
    }
    return t;
  }

  @Override
  public RealTensor input() {
    return out("input", input.v().clone(), input.rows(), input.cols());
  }

  @Override
  public RealTensor zeros(String op, int rows, int cols) {
    return out(op, new double[rows * cols], rows, cols);
  }

  @Override
  public int rows(RealTensor x) {
    return x.rows();
  }

  @Override
  public int cols(RealTensor x) {
    return x.cols();
  }

  @Override
  public RealTensor reshape(RealTensor x, int rows, int cols) {
    return new RealTensor(x.v(), rows, cols);
  }

  @Override
  public RealTensor columns(RealTensor x, int from, int to) {
    int c = to - from;
    double[] v = new double[x.rows() * c];
    for (int r = 0; r < x.rows(); r++) {
      System.arraycopy(x.v(), r * x.cols() + from, v, r * c, c);
    }
    return new RealTensor(v, x.rows(), c);
  }

  @Override
  public RealTensor gatherColumns(RealTensor x, int[] index) {
    double[] v = new double[x.rows() * index.length];
    for (int r = 0; r < x.rows(); r++) {
      for (int j = 0; j < index.length; j++) {
        v[r * index.length + j] = index[j] < 0 ? 0 : x.v()[r * x.cols() + index[j]];
      }
    }
    return new RealTensor(v, x.rows(), index.length);
  }

  @Override
  public RealTensor negate(RealTensor x) {
    double[] v = new double[x.v().length];
    for (int i = 0; i < v.length; i++) {
      v[i] = -x.v()[i];
    }
    return new RealTensor(v, x.rows(), x.cols());
  }

  @Override
  public RealTensor concat(String op, RealTensor a, RealTensor b) {
    int c = a.cols() + b.cols();
    double[] v = new double[a.rows() * c];
    for (int r = 0; r < a.rows(); r++) {
      System.arraycopy(a.v(), r * a.cols(), v, r * c, a.cols());
      System.arraycopy(b.v(), r * b.cols(), v, r * c + a.cols(), b.cols());
    }
    return out(op, v, a.rows(), c);
  }

  @Override
  public RealTensor matVec(String op, RealTensor x, String weight) {
    double[] m = w(weight);
    int in = x.cols();
    int outCols = m.length / in;
    double[] v = new double[x.rows() * outCols];
    for (int r = 0; r < x.rows(); r++) {
      for (int k = 0; k < in; k++) {
        double a = x.v()[r * in + k];
        for (int j = 0; j < outCols; j++) {
          v[r * outCols + j] += a * m[k * outCols + j];
        }
      }
    }
    return out(op, v, x.rows(), outCols);
  }

  @Override
  public RealTensor addBias(String op, RealTensor x, String bias) {
    double[] b = w(bias);
    double[] v = new double[x.v().length];
    for (int i = 0; i < v.length; i++) {
      v[i] = x.v()[i] + b[(i % x.cols()) % b.length];
    }
    return out(op, v, x.rows(), x.cols());
  }

  @Override
  public RealTensor mulWeight(String op, RealTensor x, String weight) {
    double[] b = w(weight);
    double[] v = new double[x.v().length];
    for (int i = 0; i < v.length; i++) {
      v[i] = x.v()[i] * b[(i % x.cols()) % b.length];
    }
    return out(op, v, x.rows(), x.cols());
  }

  private RealTensor zip(String op, RealTensor a, RealTensor b, java.util.function.DoubleBinaryOperator f) {
    if (a.v().length != b.v().length) {
      throw new IllegalArgumentException(op + ": " + a.rows() + "x" + a.cols() + " vs " + b.rows() + "x" + b.cols());
    }
    double[] v = new double[a.v().length];
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(a.v()[i], b.v()[i]);
    }
    return out(op, v, a.rows(), a.cols());
  }

  private RealTensor map(String op, RealTensor x, DoubleUnaryOperator f) {
    double[] v = new double[x.v().length];
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(x.v()[i]);
    }
    return out(op, v, x.rows(), x.cols());
  }

  @Override
  public RealTensor add(String op, RealTensor a, RealTensor b) {
    return zip(op, a, b, Double::sum);
  }

  @Override
  public RealTensor sub(String op, RealTensor a, RealTensor b) {
    return zip(op, a, b, (p, q) -> p - q);
  }

  @Override
  public RealTensor mul(String op, RealTensor a, RealTensor b) {
    return zip(op, a, b, (p, q) -> p * q);
  }

  @Override
  public RealTensor oneMinus(String op, RealTensor x) {
    return map(op, x, d -> 1 - d);
  }

  @Override
  public RealTensor sigmoid(String op, RealTensor x) {
    bounded.add(op);
    return map(op, x, d -> 1 / (1 + Math.exp(-d)));
  }

  @Override
  public RealTensor tanh(String op, RealTensor x) {
    bounded.add(op);
    return map(op, x, Math::tanh);
  }

  @Override
  public java.util.List<RealTensor> sigmoidTanh(String opS, RealTensor xs, String opT, RealTensor xt) {
    return java.util.List.of(sigmoid(opS, xs), tanh(opT, xt));
  }

  @Override
  public RealTensor relu(String op, RealTensor x) {
    return map(op, x, d -> Math.max(d, 0));
  }

  @Override
  public Kernels.Scope scope(String name) {
    return NO_SCOPE;
  }

  @Override
  public <R> java.util.List<R> parallel(
      java.util.List<? extends java.util.function.Function<Ops<RealTensor>, ? extends R>> branches) {
    return InTurn.run(branches, this);
  }

  @Override
  public <V> V await(java.util.concurrent.CompletableFuture<V> value) {
    return InTurn.done(value);
  }
}
