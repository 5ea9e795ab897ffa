package org.sirnn.nn.heads;

/**
 * L2Norm(X, D) per pixel over its channels in EdgeML integers (README "L2Norm(X, D)"):
 * q = sum_c ((x_c x_c) >> 2 so) in 32 bits; inv = {@link EdgeIntOps#inverseSqrtBisect}(q, si, so);
 * output (x_c / 2^so) * inv stored as int16.
 */
public final class EdgeL2Norm {
  private EdgeL2Norm() {}

  /** Normalises every pixel of {@code x} with scaleIn {@code si} and scaleOut {@code so}. */
  public static IntTensor apply(IntTensor x, int si, int so) {
    int c = x.c();
    int[] out = new int[x.data().length];
    long pow = 1L << so;
    for (int p = 0; p < x.h() * x.w(); p++) {
      long q = 0;
      for (int k = 0; k < c; k++) {
        long v = x.data()[p * c + k];
        q += (v * v) >> (2 * so);
      }
      q = EdgeIntOps.wrap(q, 32);
      int inv = EdgeIntOps.inverseSqrtBisect(q, si, so);
      for (int k = 0; k < c; k++) {
        out[p * c + k] = EdgeIntOps.int16(EdgeIntOps.div(x.data()[p * c + k], pow) * inv);
      }
    }
    return new IntTensor(x.h(), x.w(), c, out);
  }
}
