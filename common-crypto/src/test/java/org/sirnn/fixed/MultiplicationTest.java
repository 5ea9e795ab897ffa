package org.sirnn.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.sirnn.clear.FixedOps;
import org.sirnn.ot.OtBackend;
import org.sirnn.test.Parties;

@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ParameterizedClass
@EnumSource(OtBackend.class)
class MultiplicationTest {

  /** Both parties' OT backend: every test runs on IKNP and on Ferret. */
  @Parameter
  OtBackend backend;
  private static final int[] WIDTHS = {8, 16, 21, 32, 37, 64};

  @Test
  void umultAndSmult_equalTwin_forAllWidthPairs() throws Exception {
    for (int m : WIDTHS) {
      for (int n : WIDTHS) {
        int[] outs = m + n <= 64 ? new int[] {m + n, Math.max(m, n)} : new int[] {64, Math.max(m, n)};
        for (int l : outs) {
          Random rnd = new Random(m * 1000 + n * 10 + l);
          int count = 64;
          long[] x = FixedTestSupport.values(rnd, count, m);
          long[] y = FixedTestSupport.values(new Random(rnd.nextLong()), count, n);
          long[][] xs = FixedTestSupport.split(rnd, x, m);
          long[][] ys = FixedTestSupport.split(rnd, y, n);
          var ru = Parties.run(backend, p -> Multiplication.umult(p, xs[0], m, ys[0], n, l),
              p -> Multiplication.umult(p, xs[1], m, ys[1], n, l), 120);
          var rs = Parties.run(backend, p -> Multiplication.smult(p, xs[0], m, ys[0], n, l),
              p -> Multiplication.smult(p, xs[1], m, ys[1], n, l), 120);
          long[] gu = FixedTestSupport.open(ru.server(), ru.client(), l);
          long[] gs = FixedTestSupport.open(rs.server(), rs.client(), l);
          for (int i = 0; i < count; i++) {
            String what = m + "x" + n + "->" + l + " x=" + x[i] + " y=" + y[i];
            assertEquals(FixedOps.umult(x[i], m, y[i], n, l), gu[i], "umult " + what);
            assertEquals(FixedOps.smult(x[i], m, y[i], n, l), gs[i], "smult " + what);
          }
        }
      }
    }
  }

  @Test
  void weightMatMul_equalsTwin() throws Exception {
    int[][] shapes = {{1, 1, 1}, {4, 7, 1}, {32, 16, 3}, {5, 64, 2}};
    for (int[] sh : shapes) {
      int d1 = sh[0];
      int d2 = sh[1];
      int d3 = sh[2];
      for (boolean signed : new boolean[] {true, false}) {
        int wBits = 16;
        int xBits = 16;
        int l = 40;
        Random rnd = new Random(d1 * 31 + d2 * 7 + d3 + (signed ? 1 : 0));
        long[] w = FixedTestSupport.values(rnd, d1 * d2, wBits);
        long[] x = FixedTestSupport.values(rnd, d2 * d3, xBits);
        long[][] xs = FixedTestSupport.split(rnd, x, xBits);
        var r = Parties.run(backend,
            p -> WeightMatMul.multiply(p, w, wBits, signed, xs[0], xBits, signed, d1, d2, d3, l),
            p -> WeightMatMul.multiply(p, null, wBits, signed, xs[1], xBits, signed, d1, d2, d3, l), 120);
        long[] got = FixedTestSupport.open(r.server(), r.client(), l);
        long[] want = FixedOps.matmul(w, wBits, signed, x, xBits, signed, d1, d2, d3, l);
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], got[i], "matmul " + d1 + "x" + d2 + "x" + d3 + " signed=" + signed + " at " + i);
        }
      }
    }
  }
}
