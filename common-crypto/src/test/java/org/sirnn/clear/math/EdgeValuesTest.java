package org.sirnn.clear.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Edge values at bitwidth 16: x in {0, 1, -1, -32768, 32767, -32767} for the scale pairs the networks use, as
 * tabulated in the colleague's specification report (the scratch twin's {@code edges} table), plus the special
 * cases the specification calls out: the "den == 2" clamp at x = 0, MSNZB(0) = 0, the ignored MSB of the rsqrt
 * input, SCI's negation of positive exp inputs and tanh's plain sign extension of a negative zero.
 */
class EdgeValuesTest {

  /** {sx, sy, x, sigmoid, tanh, exp(-|x|), rsqrt at (sx, min(sy, 13))}; outputs as signed 16-bit values. */
  private static final int[][] EDGES = {
      {12, 12, 0, 2047, 0, 4096, 0},
      {12, 12, 1, 2047, 1, 4095, 0},
      {12, 12, -1, 2046, -1, 4095, 1448},
      {12, 12, -32768, 0, -4095, 1, 0},
      {12, 12, 32767, 4095, 4095, 0, 1448},
      {12, 12, -32767, 0, -4095, 0, 0},
      {9, 14, 0, 8191, 0, 16384, 0},
      {9, 14, 1, 8199, 32, 16352, 0},
      {9, 14, -1, 8182, -32, 16352, 1024},
      {9, 14, -32768, 0, -16383, 0, 0},
      {9, 14, 32767, 16383, 16383, 0, 1024},
      {9, 14, -32767, 0, -16383, 0, 0},
      {9, 9, 0, 256, 0, 512, 0},
      {9, 9, 1, 256, 1, 511, 0},
      {9, 9, -1, 255, -1, 511, 64},
      {9, 9, -32768, 0, -511, 0, 0},
      {9, 9, 32767, 511, 511, 0, 64},
      {9, 9, -32767, 0, -511, 0, 0},
      {8, 14, 0, 8191, 0, 16384, 0},
      {8, 14, 1, 8207, 64, 16320, 0},
      {8, 14, -1, 8174, -64, 16320, 724},
      {8, 14, -32768, 0, -16383, 0, 0},
      {8, 14, 32767, 16383, 16383, 0, 724},
      {8, 14, -32767, 0, -16383, 0, 0},
      {8, 8, 0, 127, 0, 256, 6144},
      {8, 8, 1, 127, 1, 255, 4096},
      {8, 8, -1, 126, -1, 255, 22},
      {8, 8, -32768, 0, -255, 0, 6144},
      {8, 8, 32767, 255, 255, 0, 22},
      {8, 8, -32767, 0, -255, 0, 4096},
      {11, 11, 0, 1024, 0, 2048, 0},
      {11, 11, 1, 1024, 1, 2047, 0},
      {11, 11, -1, 1023, -1, 2047, 512},
      {11, 11, -32768, 0, -2047, 0, 0},
      {11, 11, 32767, 2047, 2047, 0, 512},
      {11, 11, -32767, 0, -2047, 0, 0},
      {13, 13, 0, 4096, 0, 8192, 0},
      {13, 13, 1, 4096, 1, 8191, 0},
      {13, 13, -1, 4095, -1, 8191, 4096},
      {13, 13, -32768, 147, -8187, 150, 0},
      {13, 13, 32767, 8045, 8189, 149, 4096},
      {13, 13, -32767, 146, -8189, 149, 0},
      {6, 14, 0, 8191, 0, 16384, -32768},
      {6, 14, 1, 8255, 256, 16129, 0},
      {6, 14, -1, 8126, -256, 16129, 362},
      {6, 14, -32768, 0, -16383, 0, -32768},
      {6, 14, 32767, 16383, 16383, 0, 362},
      {6, 14, -32767, 0, -16383, 0, 0},
      {6, 6, 0, 31, 0, 64, 768},
      {6, 6, 1, 31, 1, 63, 512},
      {6, 6, -1, 30, -1, 63, 2},
      {6, 6, -32768, 0, -63, 0, 768},
      {6, 6, 32767, 63, 63, 0, 2},
      {6, 6, -32767, 0, -63, 0, 512},
  };

  @Test
  void tabulatedEdgeValues() {
    for (int[] r : EDGES) {
      int sx = r[0];
      int sy = r[1];
      long x = r[2] & 0xFFFF;
      String at = " sx=" + sx + " sy=" + sy + " x=" + r[2];
      assertEquals(r[3], ClearMath.sigmoid(x, new SigmoidParams(16, sx, 16, sy)), "sigmoid" + at);
      assertEquals(r[4], (short) ClearMath.tanh(x, new TanhParams(16, sx, 16, sy)), "tanh" + at);
      long negAbs = (r[2] > 0 ? -r[2] : r[2]) & 0xFFFF;
      assertEquals(r[5], (short) ClearMath.expNeg(negAbs, new ExpParams(16, sx, 16, sy)), "exp" + at);
      assertEquals(r[6], (short) ClearMath.rsqrt(x, new RsqrtParams(16, sx, 16, Math.min(sy, 13))), "rsqrt" + at);
    }
  }

  @Test
  void sigmoidDenominatorIsClampedAtZero() {
    // E = 2^s at x = 0, so 2^s + E = 2^(s+1) would be 2.0; SCI subtracts the MSB, giving 2^(s+1) - 1
    for (int s = 5; s <= 31; s++) {
      assertEquals((1L << (s + 1)) - 1, ClearMath.sigmoidDenominator(1L << s, s));
      assertEquals((1L << (s + 1)) - 1, ClearMath.tanhDenominator(1L << s, s));
      assertEquals((1L << s) + 5, ClearMath.sigmoidDenominator(5, s), "no clamp below 2");
    }
    // hence sigmoid(0) is one below 1/2 at scale 12 ...
    assertEquals(2047, ClearMath.sigmoid(0, new SigmoidParams(16, 12, 16, 12)));
    // ... and tanh(0) is exactly 0
    assertEquals(0, ClearMath.tanh(0, new TanhParams(16, 12, 16, 12)));
  }

  @Test
  void msnzbOfZeroIsZero() {
    assertEquals(0, ClearMath.msnzb(0));
    assertEquals(0, ClearMath.msnzb(1));
    assertEquals(15, ClearMath.msnzb(0xFFFF));
    assertEquals(63, ClearMath.msnzb(-1L));
    // x = 0 behaves as k = 0: at (sx, sy) = (8, 8) the output equals that of x = 1
    RsqrtParams p = new RsqrtParams(16, 8, 16, 8);
    assertEquals(6144, ClearMath.rsqrt(0, p));
    assertEquals(4096, ClearMath.rsqrt(1, p));
  }

  @Test
  void rsqrtIgnoresTheInputMsb() {
    RsqrtParams p = new RsqrtParams(16, 12, 16, 12);
    for (long x = 0; x < 0x8000; x++) {
      assertEquals(ClearMath.rsqrt(x, p), ClearMath.rsqrt(x | 0x8000, p), "x=" + x);
    }
    assertEquals(4096, ClearMath.rsqrt(4096, p), "1/sqrt(1) = 1");
    assertEquals(2048, ClearMath.rsqrt(4 * 4096, p), "1/sqrt(4) = 1/2");
  }

  @Test
  void expNegatesItsInputLikeSci() {
    ExpParams p = new ExpParams(16, 12, 16, 12);
    // a positive pattern x is read as t = 2^16 - x, i.e. as the non-positive value x - 2^16
    for (long x = 1; x < 0x8000; x += 97) {
      assertEquals(ClearMath.expNeg(x, p), ClearMath.expNeg((x - 0x10000) & 0xFFFF, p));
    }
    assertEquals(0, ClearMath.expNeg(1, p), "t = 65535, e^-16 * 4096 < 1");
    assertEquals(1, ClearMath.expNeg(0x8000, p), "t = 32768, e^-8 * 4096 = 1.37");
    assertEquals(4096, ClearMath.expNeg(0, p));
  }

  @Test
  void tanhOfATinyNegativeInputSignExtendsZero() {
    // sx = 13, sy = 12, x = -1: E = trunc(e^(-2^-12) * 4096) = 4095, num = 1, T = 0, and -0 = 0. SCI passes the
    // input's MSB (1) as the known MSB of the L-bit value when extending, which would be wrong here; the twin
    // extends the L-bit value as it is.
    assertEquals(0, ClearMath.tanh(0xFFFF, new TanhParams(16, 13, 32, 12)));
    assertEquals(0, ClearMath.tanh(0xFFFF, new TanhParams(16, 13, 16, 12)));
    // and a genuinely negative result extends with ones
    assertEquals(-3119L & 0xFFFFFFFFL, ClearMath.tanh(0xF000, new TanhParams(16, 12, 32, 12)));
  }

  @Test
  void sigmoidAndTanhOutputWidthFitting() {
    // bwOut below L reduces, above L extends (zero for sigmoid, sign for tanh)
    SigmoidParams narrow = new SigmoidParams(16, 12, 12, 12);
    SigmoidParams wide = new SigmoidParams(16, 12, 40, 12);
    SigmoidParams exact = new SigmoidParams(16, 12, 14, 12);
    for (long x = 0; x < 65536; x += 13) {
      long y = ClearMath.sigmoid(x, exact);
      assertEquals(y & 0xFFF, ClearMath.sigmoid(x, narrow));
      assertEquals(y, ClearMath.sigmoid(x, wide));
    }
    TanhParams t14 = new TanhParams(16, 12, 14, 12);
    TanhParams t40 = new TanhParams(16, 12, 40, 12);
    for (long x = 0; x < 65536; x += 13) {
      long v = ClearMath.tanh(x, t14);
      assertEquals(ClearMath.signed(v, 14) & ClearMath.mask(40), ClearMath.tanh(x, t40));
    }
  }
}
