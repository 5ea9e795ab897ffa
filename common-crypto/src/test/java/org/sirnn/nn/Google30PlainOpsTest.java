package org.sirnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The twin's op kinds on small hand-computed values. */
class Google30PlainOpsTest {

  @Test
  void depth() {
    assertEquals(0, Google30Plain.depth(1));
    assertEquals(1, Google30Plain.depth(2));
    assertEquals(5, Google30Plain.depth(32));
    assertEquals(6, Google30Plain.depth(35));
    assertEquals(7, Google30Plain.depth(100));
  }

  @Test
  void matMulFloorsByDepthThenShift() {
    var o = new Google30Plain.Overflows();
    long[] a = {3, -5};
    long[] b = {2, -1, 4, 7};
    // sums -14, -38; depth 1: -7, -19; shift = log2(4) - 1 = 1: floor(-3.5) = -4, floor(-9.5) = -10
    assertArrayEquals(new long[] {-4, -10}, Google30Plain.matMul(o, a, 1, 2, b, 2, 1, 1, 0, 4, 8));
    // H1 = 2 with dem 1: shift = 2 - 1 = 1, same
    assertArrayEquals(new long[] {-4, -10}, Google30Plain.matMul(o, a, 1, 2, b, 2, 1, 1, 2, 1, 8));
    assertEquals(0, o.count());
  }

  @Test
  void matMulNegativeShiftMultiplies() {
    var o = new Google30Plain.Overflows();
    // depth 1, shift = 0 - 1 = -1: floor(sum / 2) * 2
    assertArrayEquals(new long[] {-14, -38},
        Google30Plain.matMul(o, new long[] {3, -5}, 1, 2, new long[] {2, -1, 4, 7}, 2, 1, 1, 0, 1, 8));
    // odd sum: 3*1 + -5*2 = -7 -> floor(-3.5) = -4 -> -8
    assertArrayEquals(new long[] {-8},
        Google30Plain.matMul(o, new long[] {3, -5}, 1, 2, new long[] {1, 2}, 1, 1, 1, 0, 1, 8));
    assertEquals(0, o.count());
  }

  @Test
  void matMulWrapsAtResultWidthAndCountsIt() {
    var o = new Google30Plain.Overflows();
    // 100*100*2 = 20000, >> 1 = 10000, * 2 = 20000; mod 256 = 32
    assertArrayEquals(new long[] {32},
        Google30Plain.matMul(o, new long[] {100, 100}, 1, 2, new long[] {100, 100}, 1, 1, 1, 0, 1, 8));
    assertEquals(1, o.count());
  }

  @Test
  void matAddBroadcastAndNegativeValues() {
    var o = new Google30Plain.Overflows();
    // a / 2 floors: -7 -> -4, 6 -> 3, 33 -> 16; + scalar 5
    assertArrayEquals(new long[] {1, 8, 21},
        Google30Plain.matAdd(o, new long[] {-7, 6, 33}, new long[] {5}, false, 2, 1, 1, 1, 16));
    // scalar B divided by sB * sC = 64: NU / 64 = 354
    assertArrayEquals(new long[] {354, -646},
        Google30Plain.matAdd(o, new long[] {0, -1000}, new long[] {Google30Plain.NU}, false, 1, 64, 1, 1, 16));
    // dem floors the sum: (-3 + 0) / 2 = -2
    assertArrayEquals(new long[] {-2}, Google30Plain.matAdd(o, new long[] {-3}, new long[] {0}, false, 1, 1, 1, 2, 8));
    // sC divides both: -9/4 = -3, 9/8 = 1
    assertArrayEquals(new long[] {-2}, Google30Plain.matAdd(o, new long[] {-9}, new long[] {9}, false, 1, 2, 4, 1, 8));
    assertEquals(0, o.count());
  }

  @Test
  void matSubNegatesBeforeDividing() {
    var o = new Google30Plain.Overflows();
    assertArrayEquals(new long[] {16384, 0, 16387},
        Google30Plain.matAdd(o, new long[] {Google30Plain.ONE}, new long[] {0, 16384, -3}, true, 1, 1, 1, 1, 16));
    // -(-7) / 2 = 3, -(7) / 2 = -4 (not -3)
    assertArrayEquals(new long[] {13, 6},
        Google30Plain.matAdd(o, new long[] {10}, new long[] {-7, 7}, true, 1, 2, 1, 1, 8));
    assertEquals(0, o.count());
    // 120 - (-20) = 140 wraps to -116 at 8 bits
    assertArrayEquals(new long[] {-116},
        Google30Plain.matAdd(o, new long[] {120}, new long[] {-20}, true, 1, 1, 1, 1, 8));
    assertEquals(1, o.count());
  }

  @Test
  void mulCirFloors() {
    var o = new Google30Plain.Overflows();
    // (16384 * 1000) >> 14 = 1000; (-300 * 77) >> 14 = floor(-1.41) = -2; (-1 * 1) >> 9 = -1
    assertArrayEquals(new long[] {1000, -2},
        Google30Plain.mulCir(o, new long[] {16384, -300}, new long[] {1000, 77}, 128, 128, 1, 16));
    assertArrayEquals(new long[] {-1}, Google30Plain.mulCir(o, new long[] {-1}, new long[] {1}, 16, 32, 1, 16));
    assertEquals(0, o.count());
  }

  @Test
  void scalarMulByZeta() {
    var o = new Google30Plain.Overflows();
    assertArrayEquals(new long[] {30498, -2, 0, 1},
        Google30Plain.scalarMul(o, Google30Plain.ZETA, new long[] {16384, -1, 0, 1}, 128, 128, 1, 16));
    assertEquals(0, o.count());
  }

  @Test
  void shiftLeftWraps() {
    var o = new Google30Plain.Overflows();
    assertArrayEquals(new long[] {-64, 640}, Google30Plain.shiftLeft(o, new long[] {-1, 10}, 6, 16));
    assertEquals(0, o.count());
    assertArrayEquals(new long[] {0}, Google30Plain.shiftLeft(o, new long[] {1024}, 6, 16));
    assertEquals(1, o.count());
  }

  @Test
  void nonPowerOfTwoScaleIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Google30Plain.mulCir(new Google30Plain.Overflows(),
        new long[] {1}, new long[] {1}, 3, 1, 1, 16));
  }
}
