package org.sirnn.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.ring.Ring;

/**
 * The value ranges {@link Google30Network}'s schedule relies on, over every 16-bit input of the step's sigmoid and
 * tanh (separate and fused): the gate lies in [0, ONE], so ONE - g is non-negative (its extension to 32 bits is a
 * zero extension); |h~| &lt;= 2^9, so zn * h~ / 2^9 fits 16 signed bits and op 14's rescale never wraps (ops 14 and
 * 15's floor shifts are one).
 */
class Google30RangesTest {

  @Test
  void gateAndCandidateRanges_overEveryInput() {
    long gMin = Long.MAX_VALUE;
    long gMax = Long.MIN_VALUE;
    long hMax = 0;
    for (long x = 0; x < 1 << 16; x++) {
      long[] gates = {ClearMath.sigmoid(x, Google30Network.SIGMOID),
          ClearMath.sigmoidTanhSigmoid(x, Google30Network.SIGMOID_TANH)};
      long[] cands = {ClearMath.tanh(x, Google30Network.TANH),
          ClearMath.sigmoidTanhTanh(x, Google30Network.SIGMOID_TANH)};
      for (long g : gates) {
        long v = Ring.signed(g, 16);
        gMin = Math.min(gMin, v);
        gMax = Math.max(gMax, v);
      }
      for (long h : cands) {
        hMax = Math.max(hMax, Math.abs(Ring.signed(h, 16)));
      }
    }
    assertTrue(gMin >= 0 && gMax <= Google30Network.ONE, "gate in [" + gMin + ", " + gMax + "]");
    assertTrue(hMax <= 1 << 9, "|tanh| up to " + hMax);
    // so |zn * h~| / 2^9 <= (ZETA + NU / 64) * 2^9 / 2^9 < 2^15
    long znMax = (Google30Network.ZETA * Google30Network.ONE >> 14) + (Google30Network.NU >> 6);
    assertTrue(znMax * hMax >> 9 < 1 << 15);
  }
}
