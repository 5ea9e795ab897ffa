package org.sirnn.clear.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The fused sigmoid/tanh twin: accuracy against double over every 16-bit input (SiRnn Section V-D's bounds:
 * sigmoid 3, tanh 4 ULP), its symmetries, its agreement with the separate sigmoid where the two definitions
 * coincide, and its parameter checks.
 */
class SigmoidTanhTwinTest {

  /** Max errors over all 2^16 inputs: {sigmoid real, sigmoid sci, tanh real, tanh sci}. */
  static double[] ulp(SigmoidTanhParams p) {
    int n = 1 << 16;
    long[] x = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    long[][] y = ClearMath.sigmoidTanh(x, x, p);
    double[] out = new double[4];
    for (int i = 0; i < n; i++) {
      long xi = (short) i;
      double es = 1.0 / (1.0 + StrictMath.exp(-(xi / Math.scalb(1.0, p.scaleInSigmoid()))))
          * Math.scalb(1.0, p.scaleOutSigmoid());
      double et = StrictMath.tanh(xi / Math.scalb(1.0, p.scaleInTanh())) * Math.scalb(1.0, p.scaleOutTanh());
      long ys = y[0][i];
      long yt = (short) y[1][i];
      out[0] = Math.max(out[0], Math.abs(ys - es));
      out[1] = Math.max(out[1], Math.abs(ys - (long) es));
      out[2] = Math.max(out[2], Math.abs(yt - et));
      out[3] = Math.max(out[3], Math.abs(yt - (long) et));
    }
    return out;
  }

  private static void assertWithinPaperBounds(SigmoidTanhParams p) {
    double[] u = ulp(p);
    System.out.printf("ULP fused %s: sigmoid real %.3f sci %.0f, tanh real %.3f sci %.0f%n", p, u[0], u[1], u[2],
        u[3]);
    // the paper counts representable values between output and exact result: floor(real)
    assertTrue(Math.floor(u[0]) <= 3 && u[1] <= 3, "sigmoid " + u[0] + " / " + u[1]);
    assertTrue(Math.floor(u[2]) <= 4 && u[3] <= 4, "tanh " + u[2] + " / " + u[3]);
  }

  @Test
  void google30Scales_everyInput_withinPaperBounds() {
    assertWithinPaperBounds(new SigmoidTanhParams(16, 9, 14, 9, 9, 16));
  }

  @Test
  void scale12_everyInput_withinPaperBounds() {
    assertWithinPaperBounds(new SigmoidTanhParams(16, 12, 12, 12, 12, 16));
  }

  /** The paper's whole range (s_in, s_out in 8..14, same scales for both halves) plus mixed output scales. */
  @Test
  void paperGrid_everyInput_withinPaperBounds() {
    double worstS = 0;
    double worstT = 0;
    for (int si = 8; si <= 14; si++) {
      for (int so = 8; so <= 14; so++) {
        double[] u = ulp(new SigmoidTanhParams(16, si, so, si, so, 16));
        worstS = Math.max(worstS, u[0]);
        worstT = Math.max(worstT, u[2]);
        assertTrue(Math.floor(u[0]) <= 3 && u[1] <= 3, "sigmoid " + si + "->" + so + ": " + u[0]);
        assertTrue(Math.floor(u[2]) <= 4 && u[3] <= 4, "tanh " + si + "->" + so + ": " + u[2]);
      }
    }
    System.out.printf("ULP fused grid 8..14 (same scales both halves): sigmoid max real %.3f, tanh max real %.3f%n",
        worstS, worstT);
    for (int[] c : new int[][] {{8, 14, 8, 8}, {12, 10, 12, 14}, {9, 9, 9, 14}, {14, 14, 10, 8}}) {
      double[] u = ulp(new SigmoidTanhParams(16, c[0], c[1], c[2], c[3], 16));
      assertTrue(Math.floor(u[0]) <= 3 && u[1] <= 3, "sigmoid mixed " + java.util.Arrays.toString(c) + ": " + u[0]);
      assertTrue(Math.floor(u[2]) <= 4 && u[3] <= 4, "tanh mixed " + java.util.Arrays.toString(c) + ": " + u[2]);
    }
  }

  @Test
  void symmetries_everyInput() {
    for (SigmoidTanhParams p : new SigmoidTanhParams[] {new SigmoidTanhParams(16, 9, 14, 9, 9, 16),
        new SigmoidTanhParams(16, 12, 12, 12, 12, 16), new SigmoidTanhParams(16, 12, 10, 12, 14, 16)}) {
      for (int i = 1; i < (1 << 15); i++) {
        long pos = i;
        long neg = (-i) & 0xFFFF;
        assertEquals(1L << p.scaleOutSigmoid(),
            ClearMath.sigmoidTanhSigmoid(pos, p) + ClearMath.sigmoidTanhSigmoid(neg, p), "sigmoid(x)+sigmoid(-x)");
        assertEquals(0, (short) ClearMath.sigmoidTanhTanh(pos, p) + (short) ClearMath.sigmoidTanhTanh(neg, p),
            "tanh odd at " + i);
      }
    }
  }

  /**
   * For x &gt;= 0 with a non-zero low digit (where the clamp changes nothing) and sOutS = S, the fused sigmoid is
   * the separate one (both are w0); the fused tanh at sOut = S is the separate tanh there too.
   */
  @Test
  void agreesWithSeparateFunctionsWhereDefinitionsCoincide() {
    SigmoidTanhParams p = new SigmoidTanhParams(16, 12, 12, 12, 12, 16);
    SigmoidParams sp = new SigmoidParams(16, 12, 16, 12);
    TanhParams tp = new TanhParams(16, 12, 16, 12);
    for (int i = 0; i < (1 << 15); i++) {
      if ((i & 0xFF) == 0) {
        continue;
      }
      assertEquals(ClearMath.sigmoid(i, sp), ClearMath.sigmoidTanhSigmoid(i, p), "sigmoid at " + i);
      assertEquals(ClearMath.tanh(i, tp), ClearMath.sigmoidTanhTanh(i, p), "tanh at " + i);
    }
    // x = 0: sigmoid 0.5 - rounding of w0, tanh exactly 0
    assertEquals(ClearMath.sigmoid(0, sp), ClearMath.sigmoidTanhSigmoid(0, p));
    assertEquals(0, ClearMath.sigmoidTanhTanh(0, p));
  }

  @Test
  void clampedExpStaysBelowOne() {
    for (int s = 5; s <= 18; s++) {
      ExpParams ep = new ExpParams(16, 9, s + 2, s);
      for (int i = 0; i < (1 << 16); i += 7) {
        long e = ClearMath.sigmoidTanhExp(i, ep);
        assertTrue(e >= 0 && e < (1L << s), "E at s=" + s + " x=" + i + ": " + e);
      }
      assertEquals((1L << s) - 1, ClearMath.sigmoidTanhExp(0, ep));
    }
  }

  @Test
  void arrayFormEqualsScalarForms_andOutputWidths() {
    java.util.Random rnd = new java.util.Random(3);
    for (SigmoidTanhParams p : new SigmoidTanhParams[] {new SigmoidTanhParams(16, 9, 14, 9, 9, 16),
        new SigmoidTanhParams(16, 12, 12, 12, 12, 32), new SigmoidTanhParams(24, 12, 10, 12, 14, 8),
        new SigmoidTanhParams(12, 8, 8, 8, 12, 20)}) {
      long[] xs = new long[500];
      long[] xt = new long[300];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = rnd.nextLong() & ClearMath.mask(p.bwIn());
      }
      for (int i = 0; i < xt.length; i++) {
        xt[i] = rnd.nextLong() & ClearMath.mask(p.bwIn());
      }
      long[][] y = ClearMath.sigmoidTanh(xs, xt, p);
      long[] ws = new long[xs.length];
      long[] wt = new long[xt.length];
      for (int i = 0; i < xs.length; i++) {
        ws[i] = ClearMath.sigmoidTanhSigmoid(xs[i], p);
        assertEquals(0, ws[i] & ~ClearMath.mask(p.bwOut()));
      }
      for (int i = 0; i < xt.length; i++) {
        wt[i] = ClearMath.sigmoidTanhTanh(xt[i], p);
        assertEquals(0, wt[i] & ~ClearMath.mask(p.bwOut()));
      }
      assertArrayEquals(ws, y[0]);
      assertArrayEquals(wt, y[1]);
    }
  }

  @Test
  void rejectsUnsupportedParameters() {
    assertThrows(IllegalArgumentException.class, () -> new SigmoidTanhParams(16, 9, 19, 9, 9, 16));
    assertThrows(IllegalArgumentException.class, () -> new SigmoidTanhParams(16, 9, 14, 9, 4, 16));
    assertThrows(IllegalArgumentException.class, () -> new SigmoidTanhParams(17, 9, 14, 9, 9, 16));
    assertThrows(IllegalArgumentException.class, () -> new SigmoidTanhParams(16, 9, 14, 9, 9, 0));
    assertThrows(IllegalArgumentException.class, () -> new SigmoidTanhParams(64, 9, 14, 0, 9, 16));
  }
}
