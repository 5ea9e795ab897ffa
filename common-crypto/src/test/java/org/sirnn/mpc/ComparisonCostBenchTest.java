package org.sirnn.mpc;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cost report at n = 2^16 (run with -Dsirnn.bench=true): bits per instance and rounds of a warm call of every
 * comparison protocol, at l = 16, 32, 64.
 */
@EnabledIfSystemProperty(named = "sirnn.bench", matches = "true")
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ComparisonCostBenchTest {

  private static void row(String op, int l, int n, CostProbe.Cost c, double bound) {
    System.out.printf("BENCH %-16s l=%2d n=%d: %8.1f bits/instance (bound %6.0f), %d rounds, %.0f ms%n", op, l, n,
        c.bitsPer(n), bound, c.rounds(), c.millis());
  }

  @Test
  void report() throws Exception {
    int n = 1 << 16;
    Random rnd = new Random(1);
    long[] bits = ShareTestSupport.random(rnd, n, 1);
    row("bit-triples", 1, n, CostProbe.measure(Party.Role.CLIENT, p -> BitTriples.generate(p, n)), 144);
    row("and", 1, n, CostProbe.measure(Party.Role.CLIENT, p -> And.and(p, bits, bits)), 148);
    for (int l : new int[] {16, 32, 64}) {
      long[] x = ShareTestSupport.random(rnd, n, l);
      long[] y = ShareTestSupport.random(rnd, n, l);
      long[][] sh = ShareTestSupport.split(rnd, x, l);
      for (Party.Role holder : Party.Role.values()) {
        row("mill x@" + holder, l, n, CostProbe.measure(holder.peer(),
            p -> Millionaire.lessThan(p, holder, p.role() == holder ? x : y, l)), 142 * l);
      }
      row("wrap", l, n, CostProbe.measure(Party.Role.CLIENT, p -> Comparisons.wrap(p, sh[p.index()], l)), 142 * l);
      row("msb", l, n, CostProbe.measure(Party.Role.CLIENT, p -> Comparisons.msb(p, sh[p.index()], l)),
          142 * (l - 1));
      row("drelu", l, n, CostProbe.measure(Party.Role.CLIENT, p -> Comparisons.drelu(p, sh[p.index()], l)),
          142 * (l - 1));
      row("msb-to-wrap", l, n,
          CostProbe.measure(Party.Role.CLIENT, p -> MsbToWrap.wrap(p, sh[p.index()], bits, l)), 260);
      row("msb-to-wrap pub", l, n,
          CostProbe.measure(Party.Role.CLIENT, p -> MsbToWrap.wrapNonNegative(p, sh[p.index()], l)), 130);
    }
  }
}
