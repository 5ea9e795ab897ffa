package org.sirnn.nn.ops;

/**
 * The fixed-point primitives a layer program is built from, on flat {@code long[]} arrays of bw-bit values. Two
 * implementations with the same results: {@link ClearKernels} computes on cleartext values (the fixed-point twin)
 * and {@link SecureKernels} on additive shares with the 2PC protocols. Every layer is written once against
 * {@link QuantizedOps}, which calls only these primitives, so a secure layer and its twin cannot drift apart:
 * equality reduces to the bit-exact twin equality of each primitive, which the protocol tests establish.
 *
 * <p>Linear steps that need no interaction (adding two arrays, negating, shifting left) are done by the caller:
 * they are the same on values and on shares. Server-known constants enter only through {@link #addServer} and
 * {@link #matmul}/{@link #mulServer}; the client passes null where the server passes the constant.
 */
public interface Kernels {

  /** True on the side that holds the model's weights (the server, or the cleartext twin). */
  boolean hasWeights();

  /** The client's input as shares (secure) or values (twin); the client passes the values, the server null. */
  long[] input(long[] clientValues, int n, int bits);

  /** x + c mod 2^bits where c is known to the weight holder only (null elsewhere); c is broadcast if shorter. */
  long[] addServer(long[] x, long[] c, int bits);

  /**
   * W X mod 2^l with W (d1 x d2, wBits-bit signed, weight holder only) and X (d2 x d3, xBits-bit signed), both
   * row-major: exact, no truncation (SiRnn Section IV-C, matrix multiplication with one operand known to P0).
   */
  long[] matmul(long[] w, int wBits, long[] x, int xBits, int d1, int d2, int d3, int l);

  /** x[i] * w[i mod w.length] mod 2^l, both signed, w known to the weight holder only (SiRnn UMult/SMult). */
  long[] mulServer(long[] x, int xBits, long[] w, int wBits, int l);

  /** a[i] * b[i] mod 2^l for two shared signed operands of m and n bits (SiRnn SMult, Section IV-B). */
  long[] smult(long[] a, int m, long[] b, int n, int l);

  /** floor(int_bwIn(x) / 2^s) mod 2^bwOut (a floor shift: SiRnn truncate-and-reduce plus sign extension). */
  long[] rescale(long[] x, int bwIn, int s, int bwOut);

  /**
   * x from m to n &gt; m bits for x that the program's semantics make non-negative (below 2^(m-1)), where the sign
   * and the zero extension agree: SiRnn's zero extension with a known MSB (Section IV-A,
   * {@link org.sirnn.fixed.Extension#zextNonNegative}: one AND of the shares' top bits, no comparison). The twin
   * rejects a negative x, so a wrong claim shows in the twin tests.
   */
  long[] extendNonNegative(long[] x, int m, int n);

  /** SiRnn sigmoid (Section V-B), bwIn-bit input at scale sIn, bwOut-bit output at scale sOut. */
  long[] sigmoid(long[] x, int bwIn, int sIn, int bwOut, int sOut);

  /** SiRnn tanh (Section V-B). */
  long[] tanh(long[] x, int bwIn, int sIn, int bwOut, int sOut);

  /**
   * Sigmoid of xs and tanh of xt in one fused pass (org.sirnn.math.SigmoidTanh: one MSB, exp, reciprocal and
   * multiplexer over both halves, so about the rounds of one sigmoid); returns {sigmoid, tanh}.
   */
  long[][] sigmoidTanh(long[] xs, long[] xt, int bwIn, int sInS, int sOutS, int sInT, int sOutT, int bwOut);

  /**
   * y[i t + j] = x[i] * w[(i mod m) t + j] mod 2^l for the weight holder's m x t table w (wBits signed; null
   * elsewhere) and signed xBits-bit x: each element times its row of t server-known weights (a depthwise
   * convolution's taps). SiRnn Section IV-C with one operand known to P0, batched over all elements.
   */
  long[] mulServerOuter(long[] x, int xBits, long[] w, int wBits, int t, int l);

  /**
   * SiRnn reciprocal square root (Section V-C, Fig. 6): about 2^sOut / sqrt(x / 2^sIn) for the unsigned value of
   * the low bwIn - 1 bits of x, bwOut bits ({@code org.sirnn.math.Rsqrt}, twin {@code ClearMath.rsqrt}).
   */
  long[] rsqrt(long[] x, int bwIn, int sIn, int bwOut, int sOut);

  /** max(x, 0) of signed bits-bit values. */
  long[] relu(long[] x, int bits);

  /**
   * Each row's index of its largest signed bits-bit value, the lowest index on ties ({@link org.sirnn.fixed.Argmax}:
   * a tree of comparisons and multiplexers, ceil(log2 classes) levels batched over all rows): shares (secure) or
   * values (twin) of {@link org.sirnn.fixed.Argmax#indexBits}(classes) bits, one per row.
   */
  long[] argmax(long[] x, int bits, int rows, int classes);

  /** Reveals x to the client: the client gets the values, the server null (the twin returns the values). */
  long[] revealToClient(long[] x, int bits);

  /**
   * Runs {@code branches}, parts of a program that do not depend on each other's results, and returns their results
   * in order. Secure: in lockstep ({@link org.sirnn.mpc.Party#parallel}), each branch in a lane of its own, so the
   * branches cost the rounds of the longest; the twin runs them one after the other. Results are the same either
   * way, bit for bit. A branch must use only the Kernels it is given.
   */
  <R> java.util.List<R> parallel(java.util.List<? extends java.util.function.Function<Kernels, ? extends R>> branches);

  /**
   * Inside a branch of {@link #parallel}: the value an earlier branch computes (and completes {@code value} with); the
   * branch waits while the others go on.
   */
  <T> T await(java.util.concurrent.CompletableFuture<T> value);

  /** Opens a cost-accounting scope (a no-op for the twin). */
  Scope scope(String name);

  /** A cost-accounting scope; closing it ends the scope. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
