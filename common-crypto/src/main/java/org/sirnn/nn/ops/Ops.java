package org.sirnn.nn.ops;

/**
 * The layer vocabulary every model is written in, once, for three interpretations: float ({@link RealOps}, the
 * reference and the quantiser's calibration), cleartext fixed point ({@link QuantizedOps} over
 * {@link ClearKernels}, the twin) and secure fixed point ({@link QuantizedOps} over {@link SecureKernels}).
 *
 * <p>A tensor is a batch of row vectors (rows x cols, row-major): a row is one sample (or one brick of a sample),
 * so every op is SIMD over all rows and units and its rounds do not depend on batch or hidden size. Each op has a
 * name ({@code op}); the fixed-point interpretations look its output scale up in the model's metadata under that
 * name, so an op repeated every time step shares one scale. Weights are named tensors of the model.
 */
public interface Ops<T> {

  /** The model input, batch x (per-sample input size). */
  T input();

  /** Public zeros (e.g. the initial state), at the scale of op {@code op}. */
  T zeros(String op, int rows, int cols);

  int rows(T x);

  int cols(T x);

  /** The same row-major values read as rows x cols (e.g. samples x (bricks x steps x features) to bricks). */
  T reshape(T x, int rows, int cols);

  /** Columns from..to-1 of every row. */
  T columns(T x, int from, int to);

  /**
   * y[r][j] = x[r][index[j]], or a public 0 where index[j] &lt; 0: a public re-arrangement of the columns (transpose,
   * slice, gather, padding), local on shares and free in fixed point; the scale is x's.
   */
  T gatherColumns(T x, int[] index);

  /** -x element-wise, same scale: local on shares and free. */
  T negate(T x);

  /** [a | b] row by row (same rows, same scale after alignment). */
  T concat(String op, T a, T b);

  /** x W for every row x, W an in x out weight matrix. */
  T matVec(String op, T x, String weight);

  /** x + b for every row, b a bias vector of cols values (or one value, broadcast). */
  T addBias(String op, T x, String bias);

  /** x * w element-wise, w a weight vector of cols values or a scalar (one value). */
  T mulWeight(String op, T x, String weight);

  T add(String op, T a, T b);

  T sub(String op, T a, T b);

  /** Element-wise product of two activations. */
  T mul(String op, T a, T b);

  /** 1 - x element-wise. */
  T oneMinus(String op, T x);

  T sigmoid(String op, T x);

  T tanh(String op, T x);

  /**
   * sigmoid(xs) and tanh(xt) (ops {@code opS}, {@code opT}) in one fused evaluation: the values equal the
   * separate ops' up to the fused algorithm's own rounding (both within SiRnn's ULP bounds); about the rounds of one of them.
   * Returns a list of two: [sigmoid, tanh].
   */
  java.util.List<T> sigmoidTanh(String opS, T xs, String opT, T xt);

  T relu(String op, T x);

  /**
   * Runs {@code branches}, parts of the program that do not depend on each other except through {@link #await}, and
   * returns their results in order: secure, in lockstep (each branch in a lane, {@link Kernels#parallel}), so they
   * cost the rounds of the longest chain; float and the twin run them one after the other. Same results either way.
   * A branch uses only the Ops it is given and does not read the model input.
   */
  <R> java.util.List<R> parallel(java.util.List<? extends java.util.function.Function<Ops<T>, ? extends R>> branches);

  /** Inside a branch of {@link #parallel}: the value an earlier branch completes {@code value} with. */
  <V> V await(java.util.concurrent.CompletableFuture<V> value);

  /** Opens a cost-accounting scope named after a layer (bytes, rounds and time land there). */
  Kernels.Scope scope(String name);
}
