package org.sirnn.nn.ops;

import org.sirnn.clear.FixedOps;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.RsqrtParams;
import org.sirnn.clear.math.SigmoidParams;
import org.sirnn.clear.math.SigmoidTanhParams;
import org.sirnn.clear.math.TanhParams;
import org.sirnn.ring.Ring;

/** The cleartext fixed-point twin of {@link SecureKernels}: the same results on values instead of shares. */
public final class ClearKernels implements Kernels {
  private static final Scope NO_SCOPE = () -> { };

  @Override
  public <R> java.util.List<R> parallel(
      java.util.List<? extends java.util.function.Function<Kernels, ? extends R>> branches) {
    return InTurn.run(branches, this);
  }

  @Override
  public <V> V await(java.util.concurrent.CompletableFuture<V> value) {
    return InTurn.done(value);
  }

  @Override
  public boolean hasWeights() {
    return true;
  }

  @Override
  public long[] input(long[] clientValues, int n, int bits) {
    if (clientValues == null || clientValues.length != n) {
      throw new IllegalArgumentException("input: expected " + n + " values");
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = clientValues[i] & Ring.mask(bits);
    }
    return out;
  }

  @Override
  public long[] addServer(long[] x, long[] c, int bits) {
    long[] out = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (x[i] + c[i % c.length]) & Ring.mask(bits);
    }
    return out;
  }

  @Override
  public long[] matmul(long[] w, int wBits, long[] x, int xBits, int d1, int d2, int d3, int l) {
    return FixedOps.matmul(w, wBits, true, x, xBits, true, d1, d2, d3, l);
  }

  @Override
  public long[] mulServer(long[] x, int xBits, long[] w, int wBits, int l) {
    long[] out = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = FixedOps.smult(x[i], xBits, w[i % w.length], wBits, l);
    }
    return out;
  }

  @Override
  public long[] smult(long[] a, int m, long[] b, int n, int l) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = FixedOps.smult(a[i], m, b[i], n, l);
    }
    return out;
  }

  @Override
  public long[] rescale(long[] x, int bwIn, int s, int bwOut) {
    long[] out = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = FixedOps.floorShift(x[i], bwIn, s, bwOut);
    }
    return out;
  }

  @Override
  public long[] sigmoid(long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    long[] y = new long[x.length];
    ClearMath.sigmoid(x, y, new SigmoidParams(bwIn, sIn, bwOut, sOut));
    return y;
  }

  @Override
  public long[] extendNonNegative(long[] x, int m, int n) {
    if (n <= m || n > 64) {
      throw new IllegalArgumentException("extendNonNegative: " + m + " -> " + n + " bits");
    }
    long[] out = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      long v = x[i] & org.sirnn.ring.Ring.mask(m);
      if (v >>> (m - 1) != 0) {
        throw new IllegalStateException("extendNonNegative: value " + i + " is negative as a " + m + "-bit number");
      }
      out[i] = v;
    }
    return out;
  }

  @Override
  public long[] tanh(long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    long[] y = new long[x.length];
    ClearMath.tanh(x, y, new TanhParams(bwIn, sIn, bwOut, sOut));
    return y;
  }

  @Override
  public long[][] sigmoidTanh(long[] xs, long[] xt, int bwIn, int sInS, int sOutS, int sInT, int sOutT,
      int bwOut) {
    return ClearMath.sigmoidTanh(xs, xt, new SigmoidTanhParams(bwIn, sInS, sOutS, sInT, sOutT, bwOut));
  }

  @Override
  public long[] mulServerOuter(long[] x, int xBits, long[] w, int wBits, int t, int l) {
    int m = w.length / t;
    long[] out = new long[x.length * t];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < t; j++) {
        out[i * t + j] = FixedOps.smult(x[i], xBits, w[(i % m) * t + j], wBits, l);
      }
    }
    return out;
  }

  @Override
  public long[] rsqrt(long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    RsqrtParams prm = new RsqrtParams(bwIn, sIn, bwOut, sOut);
    long[] y = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = ClearMath.rsqrt(x[i], prm);
    }
    return y;
  }

  @Override
  public long[] relu(long[] x, int bits) {
    long[] out = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Ring.signed(x[i], bits) < 0 ? 0 : x[i];
    }
    return out;
  }

  @Override
  public long[] argmax(long[] x, int bits, int rows, int classes) {
    return FixedOps.argmax(x, bits, rows, classes);
  }

  @Override
  public long[] revealToClient(long[] x, int bits) {
    return x.clone();
  }

  @Override
  public Scope scope(String name) {
    return NO_SCOPE;
  }
}
