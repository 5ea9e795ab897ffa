package org.sirnn.nn.ops;

import java.util.Map;
import org.sirnn.nn.model.ModelSpec;
import org.sirnn.nn.model.TensorSpec;
import org.sirnn.ring.Ring;

/**
 * {@link Ops} in fixed point over {@link Kernels}: the same code is the cleartext twin (over {@link ClearKernels})
 * and the secure inference (over {@link SecureKernels}). Activations are {@code spec.bits()}-bit two's complement;
 * weights have their own bitwidth and scale from the metadata.
 *
 * <p>Rescale rules (SeeDot-style power-of-two scales, floor shifts as SiRnn's truncations compute them): products
 * are exact in a ring wide enough for them (matVec: bits + wBits + ceil(log2 in); element-wise: the sum of the
 * operand widths), then floor-shifted down to the op's scale; sums first bring both operands to the op's scale by a
 * floor shift (or a free left shift; a bias, known to the server, is shifted in the clear). An op's scale is the metadata's wanted scale, never finer than the exact
 * result's: matVec and mulWeight at most s_x + s_w, mul at most s_a + s_b, add, sub and concat at most the smaller operand
 * scale, addBias at most the activation's scale. Sigmoid and tanh take the metadata scale as their output scale.
 */
public final class QuantizedOps implements Ops<FixTensor> {
  private final Kernels k;
  private final ModelSpec spec;
  private final Map<String, long[]> weights;
  private final long[] input;
  private final int batch;
  private final int inputCols;
  private final int bits;

  /**
   * @param weights the integer weights by name on the weight holder, null on the client
   * @param input the client's input (batch x inputCols integers at the spec's input scale), null on the server
   */
  public QuantizedOps(Kernels k, ModelSpec spec, Map<String, long[]> weights, long[] input, int batch,
      int inputCols) {
    if (k.hasWeights() && weights == null) {
      throw new IllegalArgumentException(spec.name() + ": the weight holder must pass the weights");
    }
    this.k = k;
    this.spec = spec;
    this.weights = k.hasWeights() ? weights : null;
    this.input = input;
    this.batch = batch;
    this.inputCols = inputCols;
    this.bits = spec.bits();
  }

  /** Reveals a result to the client (the server gets null); values are signed. */
  public long[] revealToClient(FixTensor t) {
    long[] v = k.revealToClient(t.v(), bits);
    return v == null ? null : Ring.signedView(v, bits);
  }

  private long[] weight(String name) {
    if (weights == null) {
      return null;
    }
    long[] w = weights.get(name);
    if (w == null) {
      throw new IllegalArgumentException(spec.name() + ": no weights for tensor '" + name + "'");
    }
    return w;
  }

  @Override
  public FixTensor input() {
    return new FixTensor(k.input(input, batch * inputCols, bits), batch, inputCols, spec.inputScale());
  }

  @Override
  public FixTensor zeros(String op, int rows, int cols) {
    return new FixTensor(new long[rows * cols], rows, cols, spec.opScale(op));
  }

  @Override
  public int rows(FixTensor x) {
    return x.rows();
  }

  @Override
  public int cols(FixTensor x) {
    return x.cols();
  }

  @Override
  public FixTensor reshape(FixTensor x, int rows, int cols) {
    return new FixTensor(x.v(), rows, cols, x.scale());
  }

  @Override
  public FixTensor columns(FixTensor x, int from, int to) {
    int c = to - from;
    long[] v = new long[x.rows() * c];
    for (int r = 0; r < x.rows(); r++) {
      System.arraycopy(x.v(), r * x.cols() + from, v, r * c, c);
    }
    return new FixTensor(v, x.rows(), c, x.scale());
  }

  @Override
  public FixTensor gatherColumns(FixTensor x, int[] index) {
    long[] v = new long[x.rows() * index.length];
    for (int r = 0; r < x.rows(); r++) {
      for (int j = 0; j < index.length; j++) {
        v[r * index.length + j] = index[j] < 0 ? 0 : x.v()[r * x.cols() + index[j]];
      }
    }
    return new FixTensor(v, x.rows(), index.length, x.scale());
  }

  @Override
  public FixTensor negate(FixTensor x) {
    long[] v = new long[x.v().length];
    for (int i = 0; i < v.length; i++) {
      v[i] = -x.v()[i] & Ring.mask(bits);
    }
    return new FixTensor(v, x.rows(), x.cols(), x.scale());
  }

  @Override
  public FixTensor concat(String op, FixTensor a, FixTensor b) {
    int s = Math.min(spec.opScale(op), Math.min(a.scale(), b.scale()));
    long[] av = align(op, a, s);
    long[] bv = align(op, b, s);
    int c = a.cols() + b.cols();
    long[] v = new long[a.rows() * c];
    for (int r = 0; r < a.rows(); r++) {
      System.arraycopy(av, r * a.cols(), v, r * c, a.cols());
      System.arraycopy(bv, r * b.cols(), v, r * c + a.cols(), b.cols());
    }
    return new FixTensor(v, a.rows(), c, s);
  }

  @Override
  public FixTensor matVec(String op, FixTensor x, String weight) {
    TensorSpec ws = spec.tensor(weight);
    int[] shape = ws.shape();
    if (shape.length != 2 || shape[0] != x.cols()) {
      throw new IllegalArgumentException(op + ": tensor '" + weight + "' is " + ws + ", input has " + x.cols()
          + " columns");
    }
    int in = shape[0];
    int out = shape[1];
    int exact = x.scale() + ws.scale();
    int s = Math.min(spec.opScale(op), exact);
    int l = bits + ws.bits() + Ring.ceilLog2(in);
    if (l > 64) {
      throw new IllegalArgumentException(op + ": needs a " + l + "-bit ring");
    }
    long[] w = weight(weight);
    long[] wT = w == null ? null : transpose(w, in, out);
    long[] y = k.matmul(wT, ws.bits(), transpose(x.v(), x.rows(), in), bits, out, in, x.rows(), l);
    y = k.rescale(y, l, exact - s, bits);
    return new FixTensor(transpose(y, out, x.rows()), x.rows(), out, s);
  }

  @Override
  public FixTensor addBias(String op, FixTensor x, String bias) {
    TensorSpec bs = spec.tensor(bias);
    checkBroadcast(op, bias, bs, x.cols());
    int s = Math.min(spec.opScale(op), x.scale());
    long[] xv = align(op, x, s);
    long[] b = weight(bias);
    long[] c = null;
    if (b != null) {
      c = new long[x.cols()];
      for (int j = 0; j < c.length; j++) {
        long v = shiftSigned(b[j % b.length], bs.scale() - s);
        if (v != Ring.signed(Ring.reduce(v, bits), bits)) {
          throw new IllegalArgumentException(op + ": bias '" + bias + "' does not fit " + bits + " bits at scale " + s);
        }
        c[j] = Ring.reduce(v, bits);
      }
    }
    return new FixTensor(k.addServer(xv, c, bits), x.rows(), x.cols(), s);
  }

  @Override
  public FixTensor mulWeight(String op, FixTensor x, String weight) {
    TensorSpec ws = spec.tensor(weight);
    checkBroadcast(op, weight, ws, x.cols());
    int exact = x.scale() + ws.scale();
    int s = Math.min(spec.opScale(op), exact);
    long[] w = weight(weight);
    long[] wc = null;
    if (w != null) {
      wc = new long[x.cols()];
      for (int j = 0; j < wc.length; j++) {
        wc[j] = w[j % w.length];
      }
    }
    int l = bits + ws.bits();
    long[] prod = k.mulServer(x.v(), bits, wc, ws.bits(), l);
    return new FixTensor(k.rescale(prod, l, exact - s, bits), x.rows(), x.cols(), s);
  }

  @Override
  public FixTensor add(String op, FixTensor a, FixTensor b) {
    return sum(op, a, b, 1);
  }

  @Override
  public FixTensor sub(String op, FixTensor a, FixTensor b) {
    return sum(op, a, b, -1);
  }

  private FixTensor sum(String op, FixTensor a, FixTensor b, long sign) {
    checkSame(op, a, b);
    int s = Math.min(spec.opScale(op), Math.min(a.scale(), b.scale()));
    long[] av = align(op, a, s);
    long[] bv = align(op, b, s);
    long[] v = new long[av.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (av[i] + sign * bv[i]) & Ring.mask(bits);
    }
    return new FixTensor(v, a.rows(), a.cols(), s);
  }

  @Override
  public FixTensor mul(String op, FixTensor a, FixTensor b) {
    checkSame(op, a, b);
    int exact = a.scale() + b.scale();
    int s = Math.min(spec.opScale(op), exact);
    long[] prod = k.smult(a.v(), bits, b.v(), bits, 2 * bits);
    return new FixTensor(k.rescale(prod, 2 * bits, exact - s, bits), a.rows(), a.cols(), s);
  }

  @Override
  public FixTensor oneMinus(String op, FixTensor x) {
    int s = Math.min(spec.opScale(op), x.scale());
    if (s >= bits - 1) {
      throw new IllegalArgumentException(op + ": 1 does not fit " + bits + " bits at scale " + s);
    }
    long[] xv = align(op, x, s);
    long[] neg = new long[xv.length];
    for (int i = 0; i < neg.length; i++) {
      neg[i] = -xv[i] & Ring.mask(bits);
    }
    return new FixTensor(k.addServer(neg, new long[] {1L << s}, bits), x.rows(), x.cols(), s);
  }

  @Override
  public FixTensor sigmoid(String op, FixTensor x) {
    int s = spec.opScale(op);
    return new FixTensor(k.sigmoid(x.v(), bits, x.scale(), bits, s), x.rows(), x.cols(), s);
  }

  @Override
  public FixTensor tanh(String op, FixTensor x) {
    int s = spec.opScale(op);
    return new FixTensor(k.tanh(x.v(), bits, x.scale(), bits, s), x.rows(), x.cols(), s);
  }

  /** Both inputs must have the same scale-independent bitwidth; each half keeps its own input and output scale. */
  @Override
  public java.util.List<FixTensor> sigmoidTanh(String opS, FixTensor xs, String opT, FixTensor xt) {
    int ss = spec.opScale(opS);
    int st = spec.opScale(opT);
    long[][] r = k.sigmoidTanh(xs.v(), xt.v(), bits, xs.scale(), ss, xt.scale(), st, bits);
    return java.util.List.of(new FixTensor(r[0], xs.rows(), xs.cols(), ss),
        new FixTensor(r[1], xt.rows(), xt.cols(), st));
  }

  @Override
  public FixTensor relu(String op, FixTensor x) {
    return new FixTensor(k.relu(x.v(), bits), x.rows(), x.cols(), x.scale());
  }

  @Override
  public Kernels.Scope scope(String name) {
    return k.scope(name);
  }

  @Override
  public <R> java.util.List<R> parallel(
      java.util.List<? extends java.util.function.Function<Ops<FixTensor>, ? extends R>> branches) {
    java.util.List<java.util.function.Function<Kernels, R>> onKernels = new java.util.ArrayList<>(branches.size());
    for (java.util.function.Function<Ops<FixTensor>, ? extends R> b : branches) {
      onKernels.add(q -> b.apply(new QuantizedOps(q, spec, weights, null, batch, inputCols)));
    }
    return k.parallel(onKernels);
  }

  @Override
  public <V> V await(java.util.concurrent.CompletableFuture<V> value) {
    return k.await(value);
  }

  /** x's values at scale s (s &lt;= x's scale: a floor shift; s &gt; x's scale: a free left shift). */
  private long[] align(String op, FixTensor x, int s) {
    int d = x.scale() - s;
    if (d == 0) {
      return x.v();
    }
    if (d > 0) {
      return k.rescale(x.v(), bits, d, bits);
    }
    long[] v = new long[x.v().length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (x.v()[i] << -d) & Ring.mask(bits);
    }
    return v;
  }

  private static long shiftSigned(long v, int right) {
    return right >= 0 ? v >> right : v << -right;
  }

  private void checkSame(String op, FixTensor a, FixTensor b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) {
      throw new IllegalArgumentException(op + ": " + a.rows() + "x" + a.cols() + " vs " + b.rows() + "x" + b.cols());
    }
  }

  private void checkBroadcast(String op, String name, TensorSpec t, int cols) {
    if (t.size() != cols && t.size() != 1) {
      throw new IllegalArgumentException(op + ": tensor '" + name + "' is " + t + ", expected " + cols
          + " values or one");
    }
  }

  /** The transpose (cols x rows) of a row-major rows x cols matrix. */
  public static long[] transpose(long[] m, int rows, int cols) {
    long[] t = new long[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }
}
