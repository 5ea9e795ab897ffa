package org.sirnn.nn.heads;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Secure cost per output pixel of every kind of Heads layer on small crops, scaled to the full image (the
 * protocols' costs are linear in the number of elements). Runs only with {@code -Dsirnn.heads.census=true}.
 */
class HeadsCostCensusTest {

  private static long[] rnd(int n, int bound, long seed) {
    java.util.Random r = new java.util.Random(seed);
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextInt(2 * bound + 1) - bound;
    }
    return v;
  }

  @Test
  void census() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("sirnn.heads.census"), "-Dsirnn.heads.census=true");
    HeadsModel m = HeadsFixedTwinTest.model();
    HeadsModel pub = HeadsSecure.publicView(m);
    int[][] blocks = {{1, 64, 9}, {9, 32, 16}, {10, 96, 16}, {12, 96, 16}, {13, 128, 8}};
    for (int[] b : blocks) {
      int l = b[0];
      long[] x = rnd(4 * 4 * b[1], b[2] == 16 ? 3000 : (b[2] == 9 ? 200 : 60), l);
      MbConvSpec s = m.block(l);
      HeadsSecureCropTest.Body body = (fk, server) -> {
        HeadsModel mm = server ? m : pub;
        HeadsFixedBackend be = new HeadsFixedBackend(fk);
        FxMap a = HeadsSecureCropTest.in(fk, server, x, 4, 4, b[1], b[2]);
        FxMap y = be.mbConv(a, mm.block(l));
        if (mm.block(l).residual() != null) {
          y = be.residual(a, y, mm.block(l));
        }
        return HeadsSecureCropTest.open(fk, y);
      };
      HeadsSecureCropTest.secure("census MBConv L" + l + " 4x4 in (" + (s.stride() == 2 ? 4 : 16) + " out px)", body);
    }
    int[][] heads = {{3, 96, 16}, {4, 128, 8}};
    for (int[] h : heads) {
      long[] x = rnd(4 * 4 * h[1], h[2] == 16 ? 3000 : 60, h[0]);
      HeadsSecureCropTest.Body body = (fk, server) -> {
        HeadsModel mm = server ? m : pub;
        HeadsGraph.Head<FxMap> o = HeadsGraph.detect(new HeadsFixedBackend(fk), mm.head(h[0]),
            HeadsSecureCropTest.in(fk, server, x, 4, 4, h[1], h[2]));
        long[] c = HeadsSecureCropTest.open(fk, o.conf());
        HeadsSecureCropTest.open(fk, o.loc());
        return c;
      };
      HeadsSecureCropTest.secure("census head " + h[0] + " 4x4 (16 px)", body);
    }
  }
}
