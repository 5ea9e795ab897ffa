package org.sirnn.nn.heads;

import java.util.Arrays;
import java.util.List;

/**
 * The Heads RNNPool layer in EdgeML integers (README "RNNPool(patch)" and "The RNNPool grid"). One P x P x 4 int8
 * patch gives 4 * 16 values: the {@link RnnPoolSweeps} with two {@link EdgeFastGrnn} cells, the summaries
 * rescaled to int16(v * ShL1) / ShR1 before RNN2, and the outputs to int16(v * ShL2) / ShR2, stored as int8. Over
 * a map, patch (px, py) covers rows stride*px .. + P-1 and columns stride*py .. + P-1 and writes output pixel
 * (px, py); then the last output row is copied from the one before it (columns that were computed), and the last
 * column from the one before it (all rows).
 */
public final class EdgeRnnPool {
  private final RnnPoolSpec spec;
  private final EdgeFastGrnn rnn1;
  private final EdgeFastGrnn rnn2;

  public EdgeRnnPool(RnnPoolSpec spec, EdgeTableActivations act) {
    this.spec = spec;
    this.rnn1 = new EdgeFastGrnn(spec.rnn1(), act);
    this.rnn2 = new EdgeFastGrnn(spec.rnn2(), act);
  }

  /** The 4 * hidden2 int8 outputs of one patch; patch[r][c] is pixel (r, c)'s channel vector. */
  public int[] patch(int[][][] patch) {
    List<int[]> outs = RnnPoolSweeps.apply(patch, rnn1, rnn2, v -> rescale(v, spec.shL1(), spec.shR1()));
    int n = spec.rnn2().hiddenDim();
    int[] out = new int[4 * n];
    for (int k = 0; k < 4; k++) {
      int[] r = rescale(outs.get(k), spec.shL2(), spec.shR2());
      for (int i = 0; i < n; i++) {
        out[k * n + i] = EdgeIntOps.int8(r[i]);
      }
    }
    return out;
  }

  private static int[] rescale(int[] v, int shl, int shr) {
    int[] o = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      o[i] = EdgeIntOps.int16(EdgeIntOps.div(EdgeIntOps.int16((long) v[i] * shl), shr));
    }
    return o;
  }

  /**
   * The layer over a map: output size (H - P) / stride + 2 by (W - P) / stride + 2 (30 x 40 for 120 x 160), the
   * last row and column filled by copies as in the README.
   */
  public IntTensor apply(IntTensor x) {
    int p = spec.patchDim();
    int st = spec.patchStride();
    if (x.c() != spec.rnn1().inputDim()) {
      throw new IllegalArgumentException("RNNPool: input has " + x.c() + " channels, RNN1 expects "
          + spec.rnn1().inputDim());
    }
    int nx = (x.h() - p) / st + 1;
    int ny = (x.w() - p) / st + 1;
    int co = spec.outChannels();
    IntTensor y = IntTensor.zeros(nx + 1, ny + 1, co);
    int[][][] patch = new int[p][p][];
    for (int px = 0; px < nx; px++) {
      for (int py = 0; py < ny; py++) {
        for (int r = 0; r < p; r++) {
          for (int c = 0; c < p; c++) {
            int base = x.index(st * px + r, st * py + c, 0);
            patch[r][c] = Arrays.copyOfRange(x.data(), base, base + x.c());
          }
        }
        System.arraycopy(patch(patch), 0, y.data(), y.index(px, py, 0), co);
      }
    }
    for (int py = 0; py < ny; py++) {
      System.arraycopy(y.data(), y.index(nx - 1, py, 0), y.data(), y.index(nx, py, 0), co);
    }
    for (int px = 0; px <= nx; px++) {
      System.arraycopy(y.data(), y.index(px, ny - 1, 0), y.data(), y.index(px, ny, 0), co);
    }
    return y;
  }
}
