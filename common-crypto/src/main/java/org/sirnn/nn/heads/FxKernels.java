package org.sirnn.nn.heads;

import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.sirnn.nn.ops.ClearKernels;
import org.sirnn.nn.ops.Kernels;
import org.sirnn.ring.Ring;

/**
 * {@link Kernels} with the Heads conventions: element-wise primitives and matrix products are cut into chunks so
 * that no call holds more than a bounded number of OT messages (a full image runs in bounded memory; each chunk
 * costs the primitive's rounds once more), floor shifts optionally round to nearest (a public 2^(s-1) added
 * first, free), and on the cleartext twin every narrowing is checked: a value that would leave its ring throws,
 * so a twin run on an image proves that the secure run on the same image never wraps (secure == twin).
 */
public final class FxKernels {
  /** Elements per call of an element-wise protocol (sigmoid, tanh, rescale, products, ReLU). */
  public static final int ELEMENT_CHUNK = Integer.getInteger("sirnn.heads.elementChunk", 1 << 17);

  /** Correlations per matrix-product call (one long each on both sides). */
  public static final long OT_BUDGET = Long.getLong("sirnn.heads.otBudget", 1L << 23);

  private final Kernels k;
  private final boolean twin;
  private final boolean roundNearest;

  public FxKernels(Kernels k, boolean roundNearest) {
    this.k = k;
    this.twin = k instanceof ClearKernels;
    this.roundNearest = roundNearest;
  }

  public Kernels kernels() {
    return k;
  }

  public boolean hasWeights() {
    return k.hasWeights();
  }

  /** Runs f on chunks of x (and y) of at most {@link #ELEMENT_CHUNK} elements and concatenates the results. */
  long[] chunked(long[] x, UnaryOperator<long[]> f) {
    if (x.length <= ELEMENT_CHUNK) {
      return f.apply(x);
    }
    long[] out = null;
    int at = 0;
    for (int s = 0; s < x.length; s += ELEMENT_CHUNK) {
      int e = Math.min(x.length, s + ELEMENT_CHUNK);
      long[] r = f.apply(java.util.Arrays.copyOfRange(x, s, e));
      if (out == null) {
        out = new long[(int) ((long) r.length * x.length / (e - s))];
      }
      System.arraycopy(r, 0, out, at, r.length);
      at += r.length;
    }
    return out;
  }

  long[] chunked2(long[] x, long[] y, BiFunction<long[], long[], long[]> f) {
    if (x.length <= ELEMENT_CHUNK) {
      return f.apply(x, y);
    }
    long[] out = new long[x.length];
    for (int s = 0; s < x.length; s += ELEMENT_CHUNK) {
      int e = Math.min(x.length, s + ELEMENT_CHUNK);
      long[] r = f.apply(java.util.Arrays.copyOfRange(x, s, e), java.util.Arrays.copyOfRange(y, s, e));
      System.arraycopy(r, 0, out, s, r.length);
    }
    return out;
  }

  /**
   * floor(int_bwIn(x) / 2^s) (or rounded to nearest) as bwOut bits; on the twin, checks the result fits bwOut
   * signed bits.
   */
  public long[] rescale(long[] x, int bwIn, int s, int bwOut, String where) {
    if (s == 0 && bwOut <= bwIn) {
      long[] r = reduce(x, bwOut);
      guardSigned(x, bwIn, bwOut, where);
      return r;
    }
    long[] in = x;
    if (roundNearest && s > 0) {
      in = k.addServer(x, new long[] {1L << (s - 1)}, bwIn);
    }
    if (twin) {
      for (long v : in) {
        long q = Ring.signed(v, bwIn) >> s;
        if (!fits(q, bwOut)) {
          throw new ArithmeticException(where + ": value " + q + " leaves its " + bwOut + "-bit ring");
        }
      }
    }
    final long[] src = in;
    return chunked(src, a -> k.rescale(a, bwIn, s, bwOut));
  }

  /** On the twin: checks every int_ring(x) fits fitBits signed bits. */
  public void guardSigned(long[] x, int ringBits, int fitBits, String where) {
    if (!twin) {
      return;
    }
    for (long v : x) {
      long q = Ring.signed(v, ringBits);
      if (!fits(q, fitBits)) {
        throw new ArithmeticException(where + ": value " + q + " does not fit " + fitBits + " bits");
      }
    }
  }

  static boolean fits(long q, int bits) {
    return bits >= 64 || (q >= -(1L << (bits - 1)) && q < (1L << (bits - 1)));
  }

  /** x mod 2^bits (free on shares). */
  public static long[] reduce(long[] x, int bits) {
    long m = Ring.mask(bits);
    long[] r = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = x[i] & m;
    }
    return r;
  }

  /** x 2^s mod 2^bits (free on shares). */
  public static long[] shl(long[] x, int s, int bits) {
    long m = Ring.mask(bits);
    long[] r = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = (x[i] << s) & m;
    }
    return r;
  }

  /** a + b (sign = 1) or a - b (sign = -1) mod 2^bits (free on shares). */
  public static long[] add(long[] a, long[] b, long sign, int bits) {
    long m = Ring.mask(bits);
    long[] r = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = (a[i] + sign * b[i]) & m;
    }
    return r;
  }

  /** x + c (server constant, broadcast) with a twin check that the exact sum fits the ring. */
  public long[] addConst(long[] x, long[] c, int bits, String where) {
    if (twin) {
      for (int i = 0; i < x.length; i++) {
        if (!fits(Ring.signed(x[i], bits) + c[i % c.length], bits)) {
          throw new ArithmeticException(where + ": sum leaves its " + bits + "-bit ring");
        }
      }
    }
    long[] cc = new long[c.length];
    for (int i = 0; i < c.length; i++) {
      cc[i] = c[i] & Ring.mask(bits);
    }
    return k.addServer(x, cc, bits);
  }

  /** Public constant c - x (c added by the server). */
  public long[] constMinus(long c, long[] x, int bits) {
    long[] neg = add(new long[x.length], x, -1, bits);
    return k.addServer(neg, new long[] {c & Ring.mask(bits)}, bits);
  }

  /**
   * W X mod 2^l with server weights W (d1 x d2) and X (d2 x d3, row-major, xBits), cut into column blocks so that
   * each call carries at most {@link #OT_BUDGET} correlations.
   */
  public long[] matmul(long[] w, int wBits, long[] x, int xBits, int d1, int d2, int d3, int l) {
    long per = (long) d2 * (Math.min(xBits, l) + 1) * d1;
    int cols = (int) Math.max(1, Math.min(d3, OT_BUDGET / Math.max(1, per)));
    if (cols >= d3) {
      return k.matmul(w, wBits, x, xBits, d1, d2, d3, l);
    }
    long[] y = new long[d1 * d3];
    for (int s = 0; s < d3; s += cols) {
      int n = Math.min(cols, d3 - s);
      long[] xc = new long[d2 * n];
      for (int r = 0; r < d2; r++) {
        System.arraycopy(x, r * d3 + s, xc, r * n, n);
      }
      long[] yc = k.matmul(w, wBits, xc, xBits, d1, d2, n, l);
      for (int r = 0; r < d1; r++) {
        System.arraycopy(yc, r * n, y, r * d3 + s, n);
      }
    }
    return y;
  }

  /** {@link Kernels#mulServerOuter} in chunks of elements bounded by {@link #OT_BUDGET}. */
  public long[] mulServerOuter(long[] x, int xBits, long[] w, int wBits, int m, int t, int l) {
    int per = (int) Math.max(1, OT_BUDGET / ((long) t * (Math.min(xBits, l) + 1)));
    if (x.length <= per) {
      return k.mulServerOuter(x, xBits, w, wBits, t, l);
    }
    per = Math.max(m, per / m * m);
    long[] out = new long[x.length * t];
    for (int s = 0; s < x.length; s += per) {
      int e = Math.min(x.length, s + per);
      long[] r = k.mulServerOuter(java.util.Arrays.copyOfRange(x, s, e), xBits, w, wBits, t, l);
      System.arraycopy(r, 0, out, s * t, r.length);
    }
    return out;
  }

  /** {@link Kernels#mulServer} with w of (public) length period, in chunks that are multiples of the period. */
  public long[] mulServer(long[] x, int xBits, long[] w, int period, int wBits, int l) {
    int per = Math.max(period, ELEMENT_CHUNK / period * period);
    if (x.length <= per) {
      return k.mulServer(x, xBits, w, wBits, l);
    }
    long[] out = new long[x.length];
    for (int s = 0; s < x.length; s += per) {
      int e = Math.min(x.length, s + per);
      long[] r = k.mulServer(java.util.Arrays.copyOfRange(x, s, e), xBits, w, wBits, l);
      System.arraycopy(r, 0, out, s, r.length);
    }
    return out;
  }

  public long[] smult(long[] a, int m, long[] b, int n, int l) {
    return chunked2(a, b, (x, y) -> k.smult(x, m, y, n, l));
  }

  public long[] sigmoid(long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    return chunked(x, a -> k.sigmoid(a, bwIn, sIn, bwOut, sOut));
  }

  public long[] tanh(long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    return chunked(x, a -> k.tanh(a, bwIn, sIn, bwOut, sOut));
  }

  /**
   * Sigmoid of xs and tanh of xt (equal lengths) in one fused evaluation per chunk ({@link Kernels#sigmoidTanh}):
   * about half the rounds of the two separate calls and fewer bytes; returns {sigmoid, tanh}, both bwOut bits.
   */
  public long[][] sigmoidTanh(long[] xs, long[] xt, int bwIn, int sInS, int sOutS, int sInT, int sOutT,
      int bwOut) {
    if (xs.length != xt.length) {
      throw new IllegalArgumentException("sigmoid-tanh: " + xs.length + " vs " + xt.length + " values");
    }
    long[] g = new long[xs.length];
    long[] t = new long[xt.length];
    for (int s = 0; s < xs.length; s += ELEMENT_CHUNK) {
      int e = Math.min(xs.length, s + ELEMENT_CHUNK);
      long[][] r = k.sigmoidTanh(java.util.Arrays.copyOfRange(xs, s, e), java.util.Arrays.copyOfRange(xt, s, e), bwIn,
          sInS, sOutS, sInT, sOutT, bwOut);
      System.arraycopy(r[0], 0, g, s, e - s);
      System.arraycopy(r[1], 0, t, s, e - s);
    }
    return new long[][] {g, t};
  }

  public long[] relu(long[] x, int bits) {
    return chunked(x, a -> k.relu(a, bits));
  }

  public long[] rsqrt(long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    return chunked(x, a -> k.rsqrt(a, bwIn, sIn, bwOut, sOut));
  }

  /** clamp(x, 0, limit) = limit - relu(limit - relu(x)) (two ReLUs; SiRnn ReLU6 as two comparisons). */
  public long[] clamp(long[] x, long limit, int bits) {
    long[] r = relu(x, bits);
    return constMinus(limit, relu(constMinus(limit, r, bits), bits), bits);
  }

  /** max(a, b) = b + relu(a - b). */
  public long[] max(long[] a, long[] b, int bits) {
    return add(b, relu(add(a, b, -1, bits), bits), 1, bits);
  }

  /** Opens a cost scope. */
  public Kernels.Scope scope(String name) {
    return k.scope(name);
  }

  /** log2 of a positive power of two. */
  public static int log2(long d) {
    if (d <= 0 || Long.bitCount(d) != 1) {
      throw new IllegalArgumentException("divisor " + d + " is not a power of two");
    }
    return Long.numberOfTrailingZeros(d);
  }

  /** round(v / 2^s) (half up) for s &gt;= 0, v 2^-s for s &lt; 0: a server constant brought to a scale. */
  public static long roundShift(long v, int s) {
    if (s <= 0) {
      return v << -s;
    }
    return (v + (1L << (s - 1))) >> s;
  }
}
