package org.sirnn.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.ring.Ring;
import org.sirnn.test.Parties;

/** CrossTerm (on {@link BitDecomposedProduct}): shares of the product mod 2^l, both roles, l below and above k. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrossTermTest {

  @Test
  void oneWay_sharesTheProduct() throws Exception {
    Random rnd = new Random(18);
    int n = 300;
    for (int[] kl : new int[][] {{8, 20}, {16, 12}, {1, 1}, {13, 64}, {64, 64}}) {
      int k = kl[0];
      int l = kl[1];
      long[] m = new long[n];
      long[] x = new long[n];
      for (int e = 0; e < n; e++) {
        m[e] = rnd.nextLong() & Ring.mask(k);
        x[e] = rnd.nextLong();
      }
      // server holds the multiplier, then the client does
      for (boolean serverMult : new boolean[] {true, false}) {
        var r = Parties.run(p -> CrossTerm.oneWay(p, serverMult, serverMult ? m : x, k, l),
            p -> CrossTerm.oneWay(p, !serverMult, serverMult ? x : m, k, l), 60);
        for (int e = 0; e < n; e++) {
          assertEquals((m[e] * x[e]) & Ring.mask(l), (r.server()[e] + r.client()[e]) & Ring.mask(l),
              "k=" + k + " l=" + l + " e=" + e);
          assertEquals(0, (r.server()[e] | r.client()[e]) & ~Ring.mask(l), "shares reduced mod 2^l");
        }
      }
    }
  }

  @Test
  void twoWay_unequalWidths() throws Exception {
    Random rnd = new Random(6);
    int n = 200;
    int aBits = 21;
    int bBits = 9;
    int l = 30;
    long[][] s = new long[4][n];
    for (long[] v : s) {
      for (int e = 0; e < n; e++) {
        v[e] = rnd.nextLong();
      }
    }
    var r = Parties.run(p -> CrossTerm.twoWay(p, Ring.reduced(s[0], aBits), aBits, Ring.reduced(s[1], bBits), bBits, l),
        p -> CrossTerm.twoWay(p, Ring.reduced(s[2], aBits), aBits, Ring.reduced(s[3], bBits), bBits, l), 60);
    for (int e = 0; e < n; e++) {
      long a0 = s[0][e] & Ring.mask(aBits);
      long b0 = s[1][e] & Ring.mask(bBits);
      long a1 = s[2][e] & Ring.mask(aBits);
      long b1 = s[3][e] & Ring.mask(bBits);
      assertEquals((a0 * b1 + a1 * b0) & Ring.mask(l), (r.server()[e] + r.client()[e]) & Ring.mask(l), "e=" + e);
    }
  }
}
