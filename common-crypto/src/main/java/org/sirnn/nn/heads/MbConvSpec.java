package org.sirnn.nn.heads;

/**
 * One MBConv block {@code L<block>} of the Heads model (README "MBConv block L"): 1x1 expand (F1, B1, W1, Limit1,
 * ShLU1/ShRU1, ShLX1/ShRX1), 3x3 depthwise with zero padding (F2, B2, W2, Limit2, ...), 1x1 project (F3, B3, W3,
 * ShLU3/ShRU3, ShLW3/ShRW3), optionally followed by a residual add, plus the integer widths of its stages
 * (acc / tmp / buf / out, README table "Widths per block"). Description only; {@code EdgeMbConv} (test sources) computes it.
 *
 * @param residual the residual divisors, or null for a block without a residual (L1, L9, L12)
 */
public record MbConvSpec(int block, int h, int w, int cin, int ctemp, int cout, int hout, int wout, int stride,
    int pad, int[] f1, int[] f2, int[] f3, int[] w1, int[] w2, int[] w3, int[] b1, int[] b2, int[] b3,
    long limit1, long limit2, int shLU1, int shRU1, int shLX1, int shRX1, int shLU2, int shRU2, int shLX2,
    int shRX2, int shLU3, int shRU3, int shLW3, int shRW3, Widths widths, Residual residual) {

  /** Integer widths in bits (README "Widths per block"): input, accumulator, temporary, buffer, output. */
  public record Widths(int in, int acc, int tmp, int buf, int out) {}

  /** Residual(A, B, L) = A / (scten1 * scret) + B / (scten2 * scret), stored at the block's out width. */
  public record Residual(int scten1, int scten2, int scret) {}

  /** Reads {@code mbconv<block>.json}; {@code withResidual} asks for {@code L_Scten1/Scten2/Scret}. */
  public static MbConvSpec fromHeader(HeaderJson j, int block, Widths widths, boolean withResidual) {
    String p = "L" + block + "_";
    int h = j.intScalar(p + "H");
    int w = j.intScalar(p + "W");
    int cin = j.intScalar(p + "CIN");
    int ctemp = j.intScalar(p + "CTEMP");
    int cout = j.intScalar(p + "COUT");
    j.expect(p + "HF", 3);
    j.expect(p + "WF", 3);
    int stride = j.intScalar(p + "HSTRIDE");
    j.expect(p + "WSTRIDE", stride);
    int pad = j.intScalar(p + "HPADL");
    j.expect(p + "HPADR", pad);
    j.expect(p + "WPADL", pad);
    j.expect(p + "WPADR", pad);
    int hout = j.intScalar(p + "HOUT");
    int wout = j.intScalar(p + "WOUT");
    if (hout != (h + 2 * pad - 3) / stride + 1 || wout != (w + 2 * pad - 3) / stride + 1) {
      throw new IllegalArgumentException(j.name() + ": " + p + "HOUT/WOUT " + hout + "x" + wout
          + " do not follow from " + h + "x" + w + ", stride " + stride + ", pad " + pad);
    }
    Residual r = null;
    if (withResidual) {
      if (cin != cout || stride != 1) {
        throw new IllegalArgumentException(j.name() + ": residual block needs CIN = COUT and stride 1");
      }
      r = new Residual(j.divisor(p + "Scten1"), j.divisor(p + "Scten2"), j.divisor(p + "Scret"));
    }
    return new MbConvSpec(block, h, w, cin, ctemp, cout, hout, wout, stride, pad,
        j.tensor(p + "F1", cin * ctemp).values(), j.tensor(p + "F2", ctemp * 9).values(),
        j.tensor(p + "F3", ctemp * cout).values(), j.tensor(p + "W1", ctemp).values(),
        j.tensor(p + "W2", ctemp).values(), j.tensor(p + "W3", cout).values(), j.tensor(p + "B1", ctemp).values(),
        j.tensor(p + "B2", ctemp).values(), j.tensor(p + "B3", cout).values(), j.scalar(p + "Limit1"),
        j.scalar(p + "Limit2"), j.divisor(p + "ShLU1"), j.divisor(p + "ShRU1"), j.divisor(p + "ShLX1"),
        j.divisor(p + "ShRX1"), j.divisor(p + "ShLU2"), j.divisor(p + "ShRU2"), j.divisor(p + "ShLX2"),
        j.divisor(p + "ShRX2"), j.divisor(p + "ShLU3"), j.divisor(p + "ShRU3"), j.divisor(p + "ShLW3"),
        j.divisor(p + "ShRW3"), widths, r);
  }
}
