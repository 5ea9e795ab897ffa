package org.sirnn.nn.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The EdgeML integer primitives and table activations against their README definitions. */
class EdgeIntOpsTest {
  @Test
  void divisionRoundsTowardZero() {
    assertEquals(-1, EdgeIntOps.div(-7, 4));
    assertEquals(1, EdgeIntOps.div(7, 4));
    assertEquals(0, EdgeIntOps.div(-3, 4));
  }

  @Test
  void storesWrap() {
    assertEquals(-128, EdgeIntOps.int8(128));
    assertEquals(127, EdgeIntOps.int8(-129));
    assertEquals(-32768, EdgeIntOps.int16(32768));
    assertEquals(Integer.MIN_VALUE, EdgeIntOps.wrap(1L << 31, 32));
    assertEquals(5, EdgeIntOps.wrap(5, 64));
    assertEquals(32767, EdgeIntOps.sat16(40000));
    assertEquals(-32768, EdgeIntOps.sat16(-40000));
  }

  @Test
  void bisectionIsLargestFeasibleMultiplier() {
    for (int si : new int[] {-12, -10}) {
      long bound = 1L << (-2 * si - 2);
      for (long q = 0; q < 5000; q += 7) {
        int want = 1;
        for (int m = 1; m <= 127; m++) {
          if (q * m * m <= bound) {
            want = m;
          }
        }
        assertEquals(want, EdgeIntOps.inverseSqrtBisect(q, si, 8), "q=" + q + " si=" + si);
      }
    }
  }

  @Test
  void tableActivations() {
    EdgeTableActivations a = new EdgeTableActivations(ExpTables.computed());
    assertEquals(16384, a.exp(0));
    assertEquals(8192, a.sigmoid(0));
    assertEquals(0, a.tanh(0));
    assertEquals(16354, a.sigmoid(32767));
    assertTrue(a.sigmoid(-32768) < 10);
    for (int x = -32768; x <= 32767; x += 37) {
      double s = 1 / (1 + Math.exp(-x / 2048.0));
      assertEquals(s, a.sigmoid(x) / 16384.0, 2.5e-3, "sigmoid " + x);
      assertEquals(Math.tanh(x / 2048.0), a.tanh(x) / 16384.0, 2.5e-3, "tanh " + x);
    }
  }
}
