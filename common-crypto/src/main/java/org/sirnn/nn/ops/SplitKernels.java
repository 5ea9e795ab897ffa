package org.sirnn.nn.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.sirnn.ring.Ring;

/**
 * {@link Kernels} whose large batched primitives run as up to {@code workers} slices side by side
 * ({@link Kernels#parallel}: over {@link SecureKernels} each slice in a lane of its own, with its own channel, OT
 * extension views and thread, as SCI's {@code nt} threads), the results put back together. Every primitive is
 * element-wise or exact, so the results are those of the whole array in one call, bit for bit (opened values; the
 * shares are fresh either way).
 *
 * <p>Slices: element-wise primitives (mulServer, smult, rescale, extendNonNegative, sigmoid, tanh, rsqrt, relu) cut
 * their arrays into contiguous slices; sigmoidTanh cuts both halves; mulServerOuter cuts its elements (the weight
 * table rotated to each slice's first row); argmax cuts rows; matmul cuts the columns d3 of X and of the output,
 * or, when X has fewer columns than rows (a matrix-vector product), the inner dimension d2 (column blocks of W, row
 * blocks of X), and adds the slices' products mod 2^l. A primitive splits only where every slice keeps at least
 * {@link #MIN_SLICE} elements (for matmul: elements of X, one OT instance each), so small arrays stay whole.
 *
 * <p>input, addServer, revealToClient, parallel, await and scope go to the wrapped kernels as they are. Inside a
 * lane nothing splits: a lane's Kernels has one worker (lanes do not nest), so a primitive inside a branch of
 * {@link #parallel} (e.g. in a Google-30 step) runs whole in its branch's lane.
 */
public final class SplitKernels implements Kernels {
  /** The fewest elements a slice may have: below twice this an array stays whole. */
  public static final int MIN_SLICE = 1024;

  private final Kernels k;
  private final int workers;

  /**
   * @param inner the kernels that run each slice (its {@link Kernels#parallel} runs the slices)
   * @param workers the most slices per primitive (1 to {@link Workers#MAX})
   */
  public SplitKernels(Kernels inner, int workers) {
    this.k = inner;
    this.workers = Workers.check(workers);
  }

  /** The most slices per primitive. */
  public int workers() {
    return workers;
  }

  /** Slices for {@code work} elements that can be cut into at most {@code units} parts: 1 means whole. */
  int lanes(long work, int units) {
    return (int) Math.max(1, Math.min(Math.min(workers, work / MIN_SLICE), units));
  }

  /** Start of slice {@code i} of {@code lanes} over {@code n} units (the slices differ by at most one). */
  static int from(int n, int lanes, int i) {
    return (int) ((long) n * i / lanes);
  }

  /** One slice's work: the slice's output for units [from, to) on the lane's kernels {@code q}. */
  @FunctionalInterface
  interface Slice {
    long[] run(Kernels q, int from, int to);
  }

  /**
   * Runs {@code op} over units [0, n), in up to {@code lanes} slices side by side, and concatenates the outputs
   * ({@code outPerUnit} values per unit).
   */
  private long[] concat(int n, int lanes, int outPerUnit, Slice op) {
    if (lanes < 2) {
      return op.run(k, 0, n);
    }
    List<Function<Kernels, long[]>> tasks = new ArrayList<>(lanes);
    for (int i = 0; i < lanes; i++) {
      int a = from(n, lanes, i);
      int b = from(n, lanes, i + 1);
      tasks.add(q -> op.run(q, a, b));
    }
    List<long[]> parts = k.parallel(tasks);
    long[] out = new long[n * outPerUnit];
    for (int i = 0; i < lanes; i++) {
      long[] part = parts.get(i);
      int at = from(n, lanes, i) * outPerUnit;
      if (part.length != (from(n, lanes, i + 1) * outPerUnit) - at) {
        throw new IllegalStateException("slice " + i + " returned " + part.length + " values");
      }
      System.arraycopy(part, 0, out, at, part.length);
    }
    return out;
  }

  /** An element-wise primitive of one array, slice by slice. */
  private long[] elementwise(long[] x, Slice op) {
    return concat(x.length, lanes(x.length, x.length), 1, op);
  }

  /**
   * Applies {@code f}, an element-wise function of an array (its i-th output depends on the i-th input only), to
   * {@code x} slice by slice, each slice on its lane's kernels: for a protocol that is not a primitive (e.g. a math
   * function evaluated on the lane's Party).
   */
  public long[] map(long[] x, BiFunction<Kernels, long[], long[]> f) {
    return elementwise(x, (q, a, b) -> f.apply(q, slice(x, a, b)));
  }

  static long[] slice(long[] x, int from, int to) {
    return java.util.Arrays.copyOfRange(x, from, to);
  }

  /** w[(from + i) mod w.length] for i in [0, to - from): a broadcast operand for a slice; null stays null. */
  private static long[] cyclic(long[] w, int from, int to) {
    if (w == null) {
      return null;
    }
    long[] out = new long[to - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = w[(int) ((from + (long) i) % w.length)];
    }
    return out;
  }

  @Override
  public boolean hasWeights() {
    return k.hasWeights();
  }

  @Override
  public long[] input(long[] clientValues, int n, int bits) {
    return k.input(clientValues, n, bits);
  }

  @Override
  public long[] addServer(long[] x, long[] c, int bits) {
    return k.addServer(x, c, bits);
  }

  @Override
  public long[] matmul(long[] w, int wBits, long[] x, int xBits, int d1, int d2, int d3, int l) {
    if (x.length != (long) d2 * d3 || (w != null && w.length != (long) d1 * d2)) {
      return k.matmul(w, wBits, x, xBits, d1, d2, d3, l); // the kernels name the error
    }
    boolean byColumns = d3 >= d2;
    int lanes = lanes((long) d2 * d3, byColumns ? d3 : d2);
    if (lanes < 2) {
      return k.matmul(w, wBits, x, xBits, d1, d2, d3, l);
    }
    List<Function<Kernels, long[]>> tasks = new ArrayList<>(lanes);
    int dim = byColumns ? d3 : d2;
    for (int i = 0; i < lanes; i++) {
      int a = from(dim, lanes, i);
      int b = from(dim, lanes, i + 1);
      int c = b - a;
      if (byColumns) {
        long[] xs = new long[d2 * c];
        for (int r = 0; r < d2; r++) {
          System.arraycopy(x, r * d3 + a, xs, r * c, c);
        }
        tasks.add(q -> q.matmul(w, wBits, xs, xBits, d1, d2, c, l));
      } else {
        long[] ws = null;
        if (w != null) {
          ws = new long[d1 * c];
          for (int r = 0; r < d1; r++) {
            System.arraycopy(w, r * d2 + a, ws, r * c, c);
          }
        }
        long[] wsl = ws;
        long[] xs = slice(x, a * d3, b * d3);
        tasks.add(q -> q.matmul(wsl, wBits, xs, xBits, d1, c, d3, l));
      }
    }
    List<long[]> parts = k.parallel(tasks);
    long[] y = new long[d1 * d3];
    for (int i = 0; i < lanes; i++) {
      long[] part = parts.get(i);
      if (byColumns) {
        int a = from(d3, lanes, i);
        int c = from(d3, lanes, i + 1) - a;
        for (int r = 0; r < d1; r++) {
          System.arraycopy(part, r * c, y, r * d3 + a, c);
        }
      } else {
        for (int e = 0; e < y.length; e++) {
          y[e] += part[e];
        }
      }
    }
    if (!byColumns) {
      long mask = Ring.mask(l);
      for (int e = 0; e < y.length; e++) {
        y[e] &= mask;
      }
    }
    return y;
  }

  @Override
  public long[] mulServer(long[] x, int xBits, long[] w, int wBits, int l) {
    return elementwise(x, (q, a, b) -> q.mulServer(slice(x, a, b), xBits, cyclic(w, a, b), wBits, l));
  }

  @Override
  public long[] smult(long[] a, int m, long[] b, int n, int l) {
    if (a.length != b.length) {
      return k.smult(a, m, b, n, l);
    }
    return elementwise(a, (q, s, t) -> q.smult(slice(a, s, t), m, slice(b, s, t), n, l));
  }

  @Override
  public long[] rescale(long[] x, int bwIn, int s, int bwOut) {
    return elementwise(x, (q, a, b) -> q.rescale(slice(x, a, b), bwIn, s, bwOut));
  }

  @Override
  public long[] extendNonNegative(long[] x, int m, int n) {
    return elementwise(x, (q, a, b) -> q.extendNonNegative(slice(x, a, b), m, n));
  }

  @Override
  public long[] sigmoid(long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    return elementwise(x, (q, a, b) -> q.sigmoid(slice(x, a, b), bwIn, sIn, bwOut, sOut));
  }

  @Override
  public long[] tanh(long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    return elementwise(x, (q, a, b) -> q.tanh(slice(x, a, b), bwIn, sIn, bwOut, sOut));
  }

  /** Both halves cut into the same number of slices; slice i evaluates slice i of each half. */
  @Override
  public long[][] sigmoidTanh(long[] xs, long[] xt, int bwIn, int sInS, int sOutS, int sInT, int sOutT,
      int bwOut) {
    int ns = xs.length;
    int nt = xt.length;
    int lanes = lanes((long) ns + nt, Math.min(ns, nt));
    if (lanes < 2) {
      return k.sigmoidTanh(xs, xt, bwIn, sInS, sOutS, sInT, sOutT, bwOut);
    }
    List<Function<Kernels, long[][]>> tasks = new ArrayList<>(lanes);
    for (int i = 0; i < lanes; i++) {
      long[] s = slice(xs, from(ns, lanes, i), from(ns, lanes, i + 1));
      long[] t = slice(xt, from(nt, lanes, i), from(nt, lanes, i + 1));
      tasks.add(q -> q.sigmoidTanh(s, t, bwIn, sInS, sOutS, sInT, sOutT, bwOut));
    }
    List<long[][]> parts = k.parallel(tasks);
    long[][] out = {new long[ns], new long[nt]};
    for (int i = 0; i < lanes; i++) {
      System.arraycopy(parts.get(i)[0], 0, out[0], from(ns, lanes, i), parts.get(i)[0].length);
      System.arraycopy(parts.get(i)[1], 0, out[1], from(nt, lanes, i), parts.get(i)[1].length);
    }
    return out;
  }

  /** Elements cut into slices; a slice starting at element a gets the table rotated to start at row a mod m. */
  @Override
  public long[] mulServerOuter(long[] x, int xBits, long[] w, int wBits, int t, int l) {
    if (t < 1) {
      return k.mulServerOuter(x, xBits, w, wBits, t, l);
    }
    return concat(x.length, lanes(x.length, x.length), t,
        (q, a, b) -> q.mulServerOuter(slice(x, a, b), xBits, rotatedRows(w, t, a), wBits, t, l));
  }

  /** The m x t table w with its rows rotated so that row 0 is row (first mod m); null stays null. */
  private static long[] rotatedRows(long[] w, int t, int first) {
    if (w == null || w.length % t != 0 || w.length == 0) {
      return w;
    }
    int m = w.length / t;
    int shift = first % m;
    if (shift == 0) {
      return w;
    }
    long[] out = new long[w.length];
    for (int r = 0; r < m; r++) {
      System.arraycopy(w, ((r + shift) % m) * t, out, r * t, t);
    }
    return out;
  }

  @Override
  public long[] rsqrt(long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    return elementwise(x, (q, a, b) -> q.rsqrt(slice(x, a, b), bwIn, sIn, bwOut, sOut));
  }

  @Override
  public long[] relu(long[] x, int bits) {
    return elementwise(x, (q, a, b) -> q.relu(slice(x, a, b), bits));
  }

  /** Rows cut into slices (each row's comparisons are its own). */
  @Override
  public long[] argmax(long[] x, int bits, int rows, int classes) {
    if (rows < 1 || classes < 1 || x.length != (long) rows * classes) {
      return k.argmax(x, bits, rows, classes);
    }
    return concat(rows, lanes(x.length, rows), 1,
        (q, a, b) -> q.argmax(slice(x, a * classes, b * classes), bits, b - a, classes));
  }

  @Override
  public long[] revealToClient(long[] x, int bits) {
    return k.revealToClient(x, bits);
  }

  @Override
  public <R> List<R> parallel(List<? extends Function<Kernels, ? extends R>> branches) {
    return k.parallel(branches);
  }

  @Override
  public <T> T await(CompletableFuture<T> value) {
    return k.await(value);
  }

  @Override
  public Scope scope(String name) {
    return k.scope(name);
  }
}
