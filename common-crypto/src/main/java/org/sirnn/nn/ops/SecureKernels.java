package org.sirnn.nn.ops;

import org.sirnn.fixed.Argmax;
import org.sirnn.fixed.Multiplication;
import org.sirnn.fixed.Rescale;
import org.sirnn.fixed.WeightMatMul;
import org.sirnn.math.Rsqrt;
import org.sirnn.math.Sigmoid;
import org.sirnn.math.SigmoidTanh;
import org.sirnn.math.Tanh;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Relu;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.Traffic;
import org.sirnn.ot.OtBackend;
import org.sirnn.fixed.OuterWeightProduct;
import org.sirnn.ring.Ring;

/**
 * {@link Kernels} on additive shares: each primitive is one batched SiRnn protocol over the whole array, so rounds
 * depend on the op, never on the array length. The server passes weights and constants, the client null.
 *
 * <p>Workers ({@code --threads N}): with N &gt; 1 workers the large batched primitives run as up to N slices in
 * lanes side by side ({@link SplitKernels}), each lane with its own channel, OT extension views and thread; the
 * results are the same bit for bit. A Party with the Ferret backend, a lane's Party or one over a channel that is
 * not a {@link FrameChannel} has one worker whatever was asked: its lanes would run one after the other
 * ({@link Party#parallel}), which would only add rounds.
 */
public final class SecureKernels implements Kernels {
  private final Party p;
  private final SplitKernels split; // null with one worker

  /** The kernels of {@code p} with the worker count the session gave it ({@link Workers#of}). */
  public SecureKernels(Party p) {
    this(p, Workers.of(p));
  }

  /** The kernels of {@code p} with up to {@code workers} slices per large primitive (see {@link #workers}). */
  public SecureKernels(Party p, int workers) {
    this.p = p;
    int n = effectiveWorkers(p, workers);
    this.split = n > 1 ? new SplitKernels(new SecureKernels(p, 1), n) : null;
  }

  /**
   * The workers {@code p} can use of the {@code asked} ones: 1 over a channel that is not a {@link FrameChannel}
   * (lanes would run one after the other) and with Ferret (its lanes take regions of COTs sized by what a fork site
   * used before, and the slicing's few fork sites serve every primitive size: the regions would be mostly wasted or
   * overflow to IKNP).
   */
  public static int effectiveWorkers(Party p, int asked) {
    Workers.check(asked);
    return p.backend() == OtBackend.FERRET || !(p.channel() instanceof FrameChannel) ? 1 : asked;
  }

  /** How many slices a large primitive of these kernels runs as at most (1: whole). */
  public int workers() {
    return split == null ? 1 : split.workers();
  }

  /** This party. */
  public Party party() {
    return p;
  }

  @Override
  public <R> java.util.List<R> parallel(
      java.util.List<? extends java.util.function.Function<Kernels, ? extends R>> branches) {
    java.util.List<java.util.function.Function<Party, R>> tasks = new java.util.ArrayList<>(branches.size());
    for (java.util.function.Function<Kernels, ? extends R> b : branches) {
      tasks.add(q -> b.apply(new SecureKernels(q)));
    }
    return p.parallel(tasks);
  }

  @Override
  public <T> T await(java.util.concurrent.CompletableFuture<T> value) {
    return p.await(value);
  }

  @Override
  public boolean hasWeights() {
    return p.isServer();
  }

  @Override
  public long[] input(long[] clientValues, int n, int bits) {
    if (!p.isServer() && (clientValues == null || clientValues.length != n)) {
      throw new IllegalArgumentException("input: the client must pass " + n + " values");
    }
    return Sharing.share(p, Party.Role.CLIENT, clientValues, n, bits);
  }

  @Override
  public long[] addServer(long[] x, long[] c, int bits) {
    long[] out = new long[x.length];
    boolean srv = p.isServer();
    for (int i = 0; i < x.length; i++) {
      out[i] = (x[i] + (srv ? c[i % c.length] : 0)) & Ring.mask(bits);
    }
    return out;
  }

  @Override
  public long[] matmul(long[] w, int wBits, long[] x, int xBits, int d1, int d2, int d3, int l) {
    if (split != null) {
      return split.matmul(p.isServer() ? w : null, wBits, x, xBits, d1, d2, d3, l);
    }
    return WeightMatMul.multiply(p, p.isServer() ? w : null, wBits, true, x, xBits, true, d1, d2, d3, l);
  }

  /** The weight holder's operand enters SMult as its own share, the client's share being 0. */
  @Override
  public long[] mulServer(long[] x, int xBits, long[] w, int wBits, int l) {
    if (split != null) {
      return split.mulServer(x, xBits, p.isServer() ? w : null, wBits, l);
    }
    long[] ws = new long[x.length];
    if (p.isServer()) {
      for (int i = 0; i < x.length; i++) {
        ws[i] = w[i % w.length] & Ring.mask(wBits);
      }
    }
    return Multiplication.smult(p, x, xBits, ws, wBits, l);
  }

  @Override
  public long[] smult(long[] a, int m, long[] b, int n, int l) {
    if (split != null) {
      return split.smult(a, m, b, n, l);
    }
    return Multiplication.smult(p, a, m, b, n, l);
  }

  @Override
  public long[] rescale(long[] x, int bwIn, int s, int bwOut) {
    if (split != null) {
      return split.rescale(x, bwIn, s, bwOut);
    }
    return Rescale.floorShift(p, x, bwIn, s, bwOut);
  }

  @Override
  public long[] extendNonNegative(long[] x, int m, int n) {
    if (split != null) {
      return split.extendNonNegative(x, m, n);
    }
    return org.sirnn.fixed.Extension.zextNonNegative(p, x, m, n);
  }

  @Override
  public long[] sigmoid(long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    if (split != null) {
      return split.sigmoid(x, bwIn, sIn, bwOut, sOut);
    }
    return Sigmoid.sigmoid(p, x, bwIn, sIn, bwOut, sOut);
  }

  @Override
  public long[] tanh(long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    if (split != null) {
      return split.tanh(x, bwIn, sIn, bwOut, sOut);
    }
    return Tanh.tanh(p, x, bwIn, sIn, bwOut, sOut);
  }

  /** {@link OuterWeightProduct}: one wrap and one batched correlated-OT extension. */
  @Override
  public long[] mulServerOuter(long[] x, int xBits, long[] w, int wBits, int t, int l) {
    if (split != null) {
      return split.mulServerOuter(x, xBits, p.isServer() ? w : null, wBits, t, l);
    }
    return OuterWeightProduct.multiply(p, x, xBits, p.isServer() ? w : null, wBits, t, l);
  }

  @Override
  public long[] rsqrt(long[] x, int bwIn, int sIn, int bwOut, int sOut) {
    if (split != null) {
      return split.rsqrt(x, bwIn, sIn, bwOut, sOut);
    }
    return Rsqrt.rsqrt(p, x, bwIn, sIn, bwOut, sOut);
  }

  @Override
  public long[][] sigmoidTanh(long[] xs, long[] xt, int bwIn, int sInS, int sOutS, int sInT, int sOutT,
      int bwOut) {
    if (split != null) {
      return split.sigmoidTanh(xs, xt, bwIn, sInS, sOutS, sInT, sOutT, bwOut);
    }
    return SigmoidTanh.evaluate(p, xs, xt, bwIn, sInS, sOutS, sInT, sOutT, bwOut);
  }

  @Override
  public long[] relu(long[] x, int bits) {
    if (split != null) {
      return split.relu(x, bits);
    }
    return Relu.relu(p, x, bits);
  }

  @Override
  public long[] argmax(long[] x, int bits, int rows, int classes) {
    if (split != null) {
      return split.argmax(x, bits, rows, classes);
    }
    return Argmax.argmax(p, x, bits, rows, classes);
  }

  @Override
  public long[] revealToClient(long[] x, int bits) {
    return Sharing.openTo(p, Party.Role.CLIENT, x, bits);
  }

  @Override
  public Scope scope(String name) {
    Traffic.Scope sc = p.scope(name);
    return sc::close;
  }
}
