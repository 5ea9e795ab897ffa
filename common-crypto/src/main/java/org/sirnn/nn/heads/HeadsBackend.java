package org.sirnn.nn.heads;

/**
 * The operations {@link HeadsGraph} needs, over an activation type {@code T}. {@code HeadsEdgeInteger} (test sources: the EdgeML integer reference) implements
 * them with the EdgeML integer semantics of the README; a fixed-point or secure version can implement the same
 * interface and reuse the graph and the layer descriptions. Widths are the C store types of the README
 * (8 = int8, 16 = int16).
 */
public interface HeadsBackend<T> {
  /** Conv(X, F, S) with an input of {@code inBits} (accumulator 32-bit for int8, 64-bit for int16). */
  T conv(T x, ConvSpec s, int inBits, int outBits);

  /** AddVec(X, b, S). */
  T addVec(T x, AddVecSpec a, int outBits);

  /** clamp(x, 0, limit) / div. */
  T relu6(T x, int limit, int div, int outBits);

  /** The RNNPool layer over the whole map (int8 out). */
  T rnnPool(T x, RnnPoolSpec s);

  /** MBConv block L without its residual add (but with whatever the backend reproduces of the C buffers). */
  T mbConv(T x, MbConvSpec s);

  /** Residual(A, B, L). */
  T residual(T a, T b, MbConvSpec s);

  /** L2Norm(X, D). */
  T l2Norm(T x, int scaleIn, int scaleOut);

  /** Detection 1's 4 -> 2 confidence reduction. */
  T maxOutBackground(T conf);
}
