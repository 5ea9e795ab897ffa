package org.sirnn.nn.heads;

/**
 * The RNNPool layer of the SiRnn-style Heads (README "RNNPool(patch)", "The RNNPool grid"; SiRnn Section VI,
 * Heads), batched over ALL patches: lanes are (patch, row or column) for RNN1 (8 row and 8 column sequences per
 * patch run together, 16 lanes per patch) and (patch, sweep) for RNN2 (4 lanes per patch), so the number of rounds
 * is that of 8 + 8 FastGRNN steps whatever the number of patches (apart from chunking, {@link FxKernels}).
 *
 * <p>W1 x is computed once per map pixel (one WeightMatMul over all pixels) and W2 s once per summary, then
 * gathered into the lanes locally: each pixel is used by up to 8 lanes, each summary by 2. Summaries are scaled by
 * 2^summaryShl (EdgeML ShL1 / ShR1 = 2: a free left shift in the 18-bit state ring), outputs by 2^-outShift
 * (ShR2 / ShL2 = 256: one floor shift) into outBits bits.
 *
 * @param copyEdges add the README's extra last row and column (copies of the ones before)
 */
public record FixedRnnPool(FixedGrnn rnn1, FixedGrnn rnn2, int patch, int stride, int summaryShl, int outShift,
    int outBits, boolean copyEdges) {

  /** The face-2 layer: RNN1 on the int8 ReLU6 output, RNN2 on the doubled 18-bit summaries, output 9 bits. */
  public static FixedRnnPool fromEdge(RnnPoolSpec s, int inBits) {
    FixedGrnn r1 = FixedGrnn.fromEdge(s.rnn1(), inBits);
    FixedGrnn r2 = FixedGrnn.fromEdge(s.rnn2(), FixedGrnn.H_BITS);
    int shl = FxKernels.log2(s.shL1()) - FxKernels.log2(s.shR1());
    int out = FxKernels.log2(s.shR2()) - FxKernels.log2(s.shL2());
    return new FixedRnnPool(r1, r2, s.patchDim(), s.patchStride(), shl, out, 9, true);
  }

  /** Applies the layer to an H x W x C map. */
  public FxMap apply(FxKernels fk, FxMap x) {
    int p = patch;
    int nx = (x.h() - p) / stride + 1;
    int ny = (x.w() - p) / stride + 1;
    int np = nx * ny;
    int c = x.c();
    int npix = x.h() * x.w();
    int h1 = rnn1.hidden();
    int h2 = rnn2.hidden();
    // W1 x for every pixel: (h1 x c) (c x npix)
    long[] xT = new long[c * npix];
    for (int q = 0; q < npix; q++) {
      for (int ch = 0; ch < c; ch++) {
        xT[ch * npix + q] = x.v()[q * c + ch];
      }
    }
    long[] p1;
    try (var sc = fk.scope("rnn1-input")) {
      p1 = FxKernels.shl(fk.matmul(rnn1.w(), rnn1.wBits(), xT, x.bits(), h1, c, npix, rnn1.ringBits()),
          rnn1.alignWx(), rnn1.ringBits());
    }
    int lanes1 = np * 2 * p;
    int w = x.w();
    FixedGrnn.Pre pre1 = (t, i, l) -> {
      int pt = l / (2 * p);
      int q = l % (2 * p);
      int r0 = stride * (pt / ny);
      int c0 = stride * (pt % ny);
      int pix = q < p ? (r0 + q) * w + c0 + t : (r0 + t) * w + c0 + (q - p);
      return p1[i * npix + pix];
    };
    long[] s1;
    try (var sc = fk.scope("rnn1")) {
      s1 = rnn1.run(fk, p, lanes1, pre1);
    }
    long[] sum = FxKernels.shl(s1, summaryShl, FixedGrnn.H_BITS);
    fk.guardSigned(sum, FixedGrnn.H_BITS, FixedGrnn.H_BITS - 1, "RNNPool summaries");
    long[] p2;
    try (var sc = fk.scope("rnn2-input")) {
      p2 = FxKernels.shl(fk.matmul(rnn2.w(), rnn2.wBits(), sum, FixedGrnn.H_BITS, h2, h1, lanes1,
          rnn2.ringBits()), rnn2.alignWx(), rnn2.ringBits());
    }
    int lanes2 = np * 4;
    FixedGrnn.Pre pre2 = (t, i, l) -> {
      int pt = l / 4;
      int sweep = l % 4;
      int idx = (sweep & 1) == 0 ? t : p - 1 - t;
      int lane1 = pt * 2 * p + (sweep < 2 ? 0 : p) + idx;
      return p2[i * lanes1 + lane1];
    };
    long[] s2;
    try (var sc = fk.scope("rnn2")) {
      s2 = rnn2.run(fk, p, lanes2, pre2);
    }
    long[] o = fk.rescale(s2, FixedGrnn.H_BITS, outShift, outBits, "RNNPool output");
    int co = 4 * h2;
    int ho = nx + (copyEdges ? 1 : 0);
    int wo = ny + (copyEdges ? 1 : 0);
    long[] y = new long[ho * wo * co];
    for (int pt = 0; pt < np; pt++) {
      int base = ((pt / ny) * wo + pt % ny) * co;
      for (int sweep = 0; sweep < 4; sweep++) {
        for (int i = 0; i < h2; i++) {
          y[base + sweep * h2 + i] = o[i * lanes2 + pt * 4 + sweep];
        }
      }
    }
    if (copyEdges) {
      for (int py = 0; py < ny; py++) {
        System.arraycopy(y, ((nx - 1) * wo + py) * co, y, (nx * wo + py) * co, co);
      }
      for (int px = 0; px <= nx; px++) {
        System.arraycopy(y, (px * wo + ny - 1) * co, y, (px * wo + ny) * co, co);
      }
    }
    return new FxMap(ho, wo, co, y, outBits);
  }
}
