package org.sirnn.nn.heads;

/**
 * The float FastGRNN cell of the RNNPool unit oracle ({@code rnnpool-unit/README.md}, "The RNNPool operation"):
 * p = W x + U h; g = sigmoid(p + Bg); c = tanh(p + Bh); h <- g h + (zeta (1 - g) + nu) c, in double precision.
 * W is [hidden, in] and U [hidden, hidden], row-major, y = W x. Used to test {@link RnnPoolSweeps}.
 */
public final class FloatFastGrnn implements RnnCell<double[]> {
  private final double[] w;
  private final double[] u;
  private final double[] bg;
  private final double[] bh;
  private final double zeta;
  private final double nu;
  private final int in;
  private final int hidden;

  public FloatFastGrnn(double[] w, double[] u, double[] bg, double[] bh, double zeta, double nu, int in,
      int hidden) {
    if (w.length != hidden * in || u.length != hidden * hidden || bg.length != hidden || bh.length != hidden) {
      throw new IllegalArgumentException("FastGRNN shapes do not match in=" + in + ", hidden=" + hidden);
    }
    this.w = w.clone();
    this.u = u.clone();
    this.bg = bg.clone();
    this.bh = bh.clone();
    this.zeta = zeta;
    this.nu = nu;
    this.in = in;
    this.hidden = hidden;
  }

  @Override
  public double[] zeroState() {
    return new double[hidden];
  }

  @Override
  public double[] step(double[] x, double[] h) {
    double[] out = new double[hidden];
    for (int i = 0; i < hidden; i++) {
      double p = 0;
      for (int j = 0; j < in; j++) {
        p += w[i * in + j] * x[j];
      }
      for (int j = 0; j < hidden; j++) {
        p += u[i * hidden + j] * h[j];
      }
      double g = 1 / (1 + Math.exp(-(p + bg[i])));
      double c = Math.tanh(p + bh[i]);
      out[i] = g * h[i] + (zeta * (1 - g) + nu) * c;
    }
    return out;
  }
}
