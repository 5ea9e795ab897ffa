package org.sirnn.nn.heads;

/**
 * Cleartext EdgeML integer versions of the README building blocks "Conv(X, F, S)" and "AddVec(X, b, S)", and the
 * first block's ReLU6.
 */
public final class EdgeConv {
  private EdgeConv() {}

  /**
   * Grouped 2-D convolution with zero padding: each output = (exact sum of products, kept in {@code accBits})
   * / divisor (toward zero), stored (wrapping) into {@code outBits}.
   */
  public static IntTensor conv(IntTensor x, ConvSpec s, int accBits, int outBits) {
    if (x.c() != s.inChannels()) {
      throw new IllegalArgumentException(s.name() + ": input has " + x.c() + " channels, filter expects "
          + s.inChannels());
    }
    int ho = s.outHeight(x.h());
    int wo = s.outWidth(x.w());
    IntTensor y = IntTensor.zeros(ho, wo, s.outChannels());
    int[] xd = x.data();
    for (int r = 0; r < ho; r++) {
      for (int col = 0; col < wo; col++) {
        for (int g = 0; g < s.groups(); g++) {
          for (int o = 0; o < s.cout(); o++) {
            long sum = 0;
            for (int i = 0; i < s.hf(); i++) {
              int ir = r * s.strideH() - s.padTop() + i;
              if (ir < 0 || ir >= x.h()) {
                continue;
              }
              for (int j = 0; j < s.wf(); j++) {
                int ic = col * s.strideW() - s.padLeft() + j;
                if (ic < 0 || ic >= x.w()) {
                  continue;
                }
                int base = x.index(ir, ic, g * s.cf());
                for (int c = 0; c < s.cf(); c++) {
                  sum += (long) xd[base + c] * s.weight(g, i, j, c, o);
                }
              }
            }
            long q = EdgeIntOps.div(EdgeIntOps.wrap(sum, accBits), s.divisor());
            y.set(r, col, g * s.cout() + o, (int) EdgeIntOps.wrap(q, outBits));
          }
        }
      }
    }
    return y;
  }

  /** AddVec: x / (Scten Scret) + b[c] / (Scvec Scret), each term divided separately, stored into {@code outBits}. */
  public static IntTensor addVec(IntTensor x, AddVecSpec a, int outBits) {
    if (x.c() != a.bias().length) {
      throw new IllegalArgumentException(a.name() + ": " + a.bias().length + " biases for " + x.c() + " channels");
    }
    long dx = (long) a.scten() * a.scret();
    long db = (long) a.scvec() * a.scret();
    int[] out = new int[x.data().length];
    for (int i = 0; i < out.length; i++) {
      long v = EdgeIntOps.div(x.data()[i], dx) + EdgeIntOps.div(a.bias()[i % x.c()], db);
      out[i] = (int) EdgeIntOps.wrap(v, outBits);
    }
    return new IntTensor(x.h(), x.w(), x.c(), out);
  }

  /** ReLU6 of the first block (README table row 4): clamp to [0, limit], then / div, stored into {@code outBits}. */
  public static IntTensor relu6(IntTensor x, int limit, int div, int outBits) {
    int[] out = new int[x.data().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) EdgeIntOps.wrap(EdgeIntOps.div(EdgeIntOps.clamp(x.data()[i], 0, limit), div), outBits);
    }
    return new IntTensor(x.h(), x.w(), x.c(), out);
  }
}
