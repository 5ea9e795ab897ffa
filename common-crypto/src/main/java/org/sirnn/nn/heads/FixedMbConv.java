package org.sirnn.nn.heads;

/**
 * One MBConv block of the SiRnn-style Heads over {@link FxKernels} (README "MBConv block L"; docs/heads.md): the
 * 1x1 expansion is one WeightMatMul over all pixels, the 3x3 depthwise convolution one
 * {@link org.sirnn.nn.ops.Kernels#mulServerOuter} (each activation times its channel's 9 taps) plus local sums of
 * the shifted products (zero padding, stride), the projection one WeightMatMul; each stage ends with
 * {@link FixedStage#epilogue} (ReLU6 clamp for expansion and depthwise). Buffers are 16 bits (8 for L13, L14),
 * outputs at the README's out width, all checked on the twin.
 *
 * <p>Cost per block: three matrix products (OT), three floor shifts, four ReLUs (two clamps).
 */
public final class FixedMbConv {
  private FixedMbConv() {}

  /** The block without its residual add, on an input of any size (the header's H x W are ignored). */
  public static FxMap apply(FxKernels fk, FxMap x, MbConvSpec s) {
    MbConvSpec.Widths wd = s.widths();
    int ct = s.ctemp();
    int cin = s.cin();
    int wb = s.block() >= 10 ? 8 : 16; // README "Widths per block": Q7 weights from L10
    int bb = s.block() >= 13 ? 8 : 16;
    String name = "L" + s.block();
    FixedStage e1 = FixedStage.fold(ct, cin, s.f1(), ct, 1, wb, s.w1(), wb, s.b1(), bb, s.shLU1(), s.shRU1(),
        s.shLX1(), s.shRX1(), s.limit1());
    FixedStage e2 = FixedStage.fold(ct, 9, s.f2(), 1, 9, wb, s.w2(), wb, s.b2(), bb, s.shLU2(), s.shRU2(),
        s.shLX2(), s.shRX2(), s.limit2());
    FixedStage e3 = FixedStage.fold(s.cout(), ct, s.f3(), s.cout(), 1, wb, s.w3(), wb, s.b3(), bb, s.shLU3(),
        s.shRU3(), s.shLW3(), s.shRW3(), -1);
    int npix = x.h() * x.w();
    int buf = wd.buf();
    // expansion
    long[] e;
    try (var sc = fk.scope(name + "-expand")) {
      int l = e1.accBits(x.bits(), cin);
      long[] acc = fk.matmul(e1.weights(), e1.wBits(), transpose(x.v(), npix, cin), x.bits(), ct, cin, npix, l);
      e = e1.epilogue(fk, transpose(acc, ct, npix), l, buf, name + " expand");
    }
    // depthwise 3x3, zero padding, stride
    int st = s.stride();
    int pad = s.pad();
    int ho = (x.h() + 2 * pad - 3) / st + 1;
    int wo = (x.w() + 2 * pad - 3) / st + 1;
    long[] d;
    try (var sc = fk.scope(name + "-depthwise")) {
      int l = e2.accBits(buf, 9);
      long[] prod = fk.mulServerOuter(e, buf, e2.weights(), e2.wBits(), ct, 9, l);
      long[] acc = new long[ho * wo * ct];
      long m = org.sirnn.ring.Ring.mask(l);
      for (int r = 0; r < ho; r++) {
        for (int c = 0; c < wo; c++) {
          int ob = (r * wo + c) * ct;
          for (int i = 0; i < 3; i++) {
            int ir = r * st - pad + i;
            if (ir < 0 || ir >= x.h()) {
              continue;
            }
            for (int j = 0; j < 3; j++) {
              int ic = c * st - pad + j;
              if (ic < 0 || ic >= x.w()) {
                continue;
              }
              int ib = (ir * x.w() + ic) * ct;
              int tap = i * 3 + j;
              for (int k = 0; k < ct; k++) {
                acc[ob + k] += prod[(ib + k) * 9 + tap];
              }
            }
          }
          for (int k = 0; k < ct; k++) {
            acc[ob + k] &= m;
          }
        }
      }
      d = e2.epilogue(fk, acc, l, buf, name + " depthwise");
    }
    // projection
    int npo = ho * wo;
    try (var sc = fk.scope(name + "-project")) {
      int l = e3.accBits(buf, ct);
      long[] acc = fk.matmul(e3.weights(), e3.wBits(), transpose(d, npo, ct), buf, s.cout(), ct, npo, l);
      long[] y = e3.epilogue(fk, transpose(acc, s.cout(), npo), l, wd.out(), name + " project");
      return new FxMap(ho, wo, s.cout(), y, wd.out());
    }
  }

  /** Residual(A, B, L) = A / (Scten1 Scret) + B / (Scten2 Scret) at the out width (floor shifts). */
  public static FxMap residual(FxKernels fk, FxMap a, FxMap b, MbConvSpec s) {
    MbConvSpec.Residual r = s.residual();
    int bits = s.widths().out();
    long[] av = fk.rescale(a.v(), a.bits(), FxKernels.log2((long) r.scten1() * r.scret()), bits, "residual a");
    long[] bv = fk.rescale(b.v(), b.bits(), FxKernels.log2((long) r.scten2() * r.scret()), bits, "residual b");
    if (fk.kernels() instanceof org.sirnn.nn.ops.ClearKernels) {
      for (int i = 0; i < av.length; i++) {
        long sum = org.sirnn.ring.Ring.signed(av[i], bits) + org.sirnn.ring.Ring.signed(bv[i], bits);
        if (!FxKernels.fits(sum, bits)) {
          throw new ArithmeticException("L" + s.block() + " residual leaves its " + bits + "-bit ring");
        }
      }
    }
    return new FxMap(a.h(), a.w(), a.c(), FxKernels.add(av, bv, 1, bits), bits);
  }

  /** The transpose (cols x rows) of a row-major rows x cols matrix. */
  static long[] transpose(long[] m, int rows, int cols) {
    long[] t = new long[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }
}
