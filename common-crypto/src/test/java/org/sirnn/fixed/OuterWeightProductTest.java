package org.sirnn.fixed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sirnn.mpc.Sharing;
import org.sirnn.mpc.Party;
import org.sirnn.nn.ops.ClearKernels;
import org.sirnn.nn.ops.SecureKernels;
import org.sirnn.ring.Ring;
import org.sirnn.test.Parties;
import org.sirnn.test.TwoParties;

/** {@link OuterWeightProduct} (Kernels.mulServerOuter) equals its cleartext twin, extremes included. */
class OuterWeightProductTest {

  private static void check(int xBits, int wBits, int m, int t, int l, int n, long seed) throws Exception {
    Random r = new Random(seed);
    long[] x = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = i < 2 ? (i == 0 ? 1L << (xBits - 1) : Ring.mask(xBits - 1)) : r.nextLong() & Ring.mask(xBits);
    }
    long[] w = new long[m * t];
    for (int i = 0; i < w.length; i++) {
      w[i] = i == 0 ? 1L << (wBits - 1) : r.nextLong() & Ring.mask(wBits);
    }
    long[] want = new ClearKernels().mulServerOuter(x, xBits, w, wBits, t, l);
    TwoParties.Results<long[], long[]> res = Parties.run(
        p -> Sharing.openTo(p, Party.Role.CLIENT,
            new SecureKernels(p).mulServerOuter(new SecureKernels(p).input(null, n, xBits), xBits, w, wBits, t, l), l),
        p -> Sharing.openTo(p, Party.Role.CLIENT,
            new SecureKernels(p).mulServerOuter(new SecureKernels(p).input(x, n, xBits), xBits, null, wBits, t, l), l),
        60);
    assertArrayEquals(want, res.client());
  }

  @Test
  void equalsTwin() throws Exception {
    check(16, 18, 7, 9, 40, 301, 1);
    check(8, 16, 3, 9, 20, 50, 2);
    check(16, 16, 5, 2, 12, 40, 3); // l below xBits: no wrap
  }
}
