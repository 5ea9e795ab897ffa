package org.sirnn.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.fixed.Extension;
import org.sirnn.fixed.Multiplication;
import org.sirnn.fixed.Rescale;
import org.sirnn.fixed.Truncation;
import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.Party;
import org.sirnn.net.Traffic;
import org.sirnn.test.Parties;

/**
 * Prints the rounds (and bytes, both directions) of each sub-protocol per Traffic scope at Google-30's parameters,
 * one warm call of 100 instances measured alone (IKNP), and checks the totals against {@link #EXPECTED} (issue 20's
 * counts; before it: sigmoid 79, tanh 83, SMult 13). {@code -Dprobe.only=PREFIX} picks operations,
 * {@code -Dprobe.totals=true} prints totals only.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RoundsProbeTest {

  interface Op {
    void run(Party p, long[] x);
  }

  private static final Map<String, Op> OPS = new LinkedHashMap<>();

  /** Rounds of each operation measured alone (deterministic: Lamport stamps). */
  private static final Map<String, Integer> EXPECTED = Map.ofEntries(Map.entry("sigmoid16_9_14", 27),
      Map.entry("tanh16_9_9", 27), Map.entry("exp16_9_14", 9), Map.entry("recip14", 9),
      Map.entry("resc32_14_16", 3), Map.entry("resc32_9_16", 3), Map.entry("resc16_6_16", 3),
      Map.entry("resc16_1_16", 3), Map.entry("resc8_0_16", 3), Map.entry("resc16_0_32", 3),
      Map.entry("resc32_15_8", 3), Map.entry("tr16_8", 3), Map.entry("sext16_32", 3), Map.entry("msb16", 3),
      Map.entry("smult16_16_32", 5), Map.entry("sigtanh_fused", 29));

  static {
    OPS.put("sigmoid16_9_14", (p, x) -> Sigmoid.sigmoid(p, x, 16, 9, 16, 14));
    OPS.put("tanh16_9_9", (p, x) -> Tanh.tanh(p, x, 16, 9, 16, 9));
    OPS.put("exp16_9_14", (p, x) -> Exp.expNeg(p, neg(x), 16, 9, 16, 14));
    OPS.put("recip14", (p, x) -> Reciprocal.approximate(p, den(p, x), 14, 14, 6));
    OPS.put("resc32_14_16", (p, x) -> Rescale.floorShift(p, x, 32, 14, 16));
    OPS.put("resc32_9_16", (p, x) -> Rescale.floorShift(p, x, 32, 9, 16));
    OPS.put("resc16_6_16", (p, x) -> Rescale.floorShift(p, x, 16, 6, 16));
    OPS.put("resc16_1_16", (p, x) -> Rescale.floorShift(p, x, 16, 1, 16));
    OPS.put("resc8_0_16", (p, x) -> Rescale.floorShift(p, x, 8, 0, 16));
    OPS.put("resc16_0_32", (p, x) -> Rescale.floorShift(p, x, 16, 0, 32));
    OPS.put("resc32_15_8", (p, x) -> Rescale.floorShift(p, x, 32, 15, 8));
    OPS.put("tr16_8", (p, x) -> Truncation.truncateReduce(p, x, 16, 8));
    OPS.put("sext16_32", (p, x) -> Extension.sext(p, x, 16, 32));
    OPS.put("msb16", (p, x) -> Comparisons.msb(p, x, 16));
    OPS.put("smult16_16_32", (p, x) -> Multiplication.smult(p, x, 16, x, 16, 32));
    OPS.put("sigtanh_fused", (p, x) -> SigmoidTanh.evaluate(p, x, x, 16, 9, 14, 9, 9, 16));
  }

  private static long[] neg(long[] x) {
    long[] t = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      t[i] = x[i] | 0x8000L; // shares of something: only rounds matter here
    }
    return t;
  }

  private static long[] den(Party p, long[] x) {
    long[] d = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = p.isServer() ? (x[i] & 0x3FFF) | 0x4000 : 0;
    }
    return d;
  }

  @Test
  void printRounds() throws Exception {
    String only = System.getProperty("probe.only", "");
    for (Map.Entry<String, Op> op : OPS.entrySet()) {
      if (!only.isEmpty() && !op.getKey().startsWith(only)) {
        continue;
      }
      String report = Parties.symmetric(p -> {
        p.setup();
        long[] x = new long[100];
        for (int i = 0; i < x.length; i++) {
          x[i] = p.isServer() ? (i * 331L) & 0xFFFF : (i * 7L) & 0xFFFF;
        }
        op.getValue().run(p, x);
        // a simultaneous exchange: both parties' stamps are equal afterwards, so the op's first message (from
        // either side) starts a new round and the op is measured alone
        p.channel().sendLongs(new long[1], 1);
        p.channel().flush();
        p.channel().receiveLongs(1, 1);
        long r0 = p.traffic().rounds();
        try (Traffic.Scope sc = p.scope("M")) {
          op.getValue().run(p, x);
        }
        long total = p.traffic().rounds() - r0;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("PROBE %-16s total %3d rounds (%s)%n", op.getKey(), total, p.role()));
        assertEquals(EXPECTED.get(op.getKey()), (int) total, op.getKey() + " rounds");
        if (Boolean.getBoolean("probe.totals")) {
          return report(sb);
        }
        for (Map.Entry<String, Traffic.Stats> e : p.traffic().snapshot().entrySet()) {
          if (e.getKey().startsWith("M/") && e.getValue().rounds() > 0) {
            String path = e.getKey().substring(2);
            int depth = path.split("/").length;
            sb.append(String.format("PROBE   %-70s %3d r %9d B / %d calls%n", "  ".repeat(depth - 1) + path,
                e.getValue().rounds(), e.getValue().bytes(), e.getValue().calls()));
          }
        }
        return report(sb);
      }, 120).server();
      System.out.print(report);
    }
  }

  private static String report(StringBuilder sb) {
    return sb.toString();
  }
}
