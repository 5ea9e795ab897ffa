package org.sirnn.fixed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.clear.FixedOps;
import org.sirnn.mpc.Party;
import org.sirnn.net.Channel;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;
import org.sirnn.test.Parties;

/**
 * {@link SharedMatMul} against its twin {@link FixedOps#matmul}, bit for bit, over shapes, width pairs, signedness
 * and output widths, all in one two-party session; then the cost of 16x16 by 16x16 at 16 bits next to the
 * formulas.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SharedMatMulTest {
  /**
   * The brief's shapes plus two with d2 = 2, where l = aBits + bBits + 1 lifts a wrap by its XOR share alone (one
   * lifts W_A, the other W_B: the smaller wrap matrix is lifted).
   */
  private static final int[][] SHAPES = {{1, 1, 1}, {2, 3, 4}, {7, 5, 3}, {16, 16, 16}, {35, 10, 2}, {3, 2, 5},
      {5, 2, 3}};
  private static final int[][] WIDTHS = {{8, 8}, {16, 16}, {8, 21}, {32, 16}};

  /** Index of a mixed-sign 2x3x4 case, run once more through the FixArray overload. */
  private static final int FIX_CASE = findMixed();

  private static int findMixed() {
    List<Case> cs = cases();
    for (int i = 0; i < cs.size(); i++) {
      Case c = cs.get(i);
      if (c.d1() == 2 && c.aSigned() && !c.bSigned()) {
        return i;
      }
    }
    throw new IllegalStateException("no mixed-sign 2x3x4 case");
  }

  /** One test case: public parameters, the cleartext operands and both parties' shares. */
  private record Case(String name, int d1, int d2, int d3, int aBits, boolean aSigned, int bBits, boolean bSigned,
      int l, long[] a, long[] b, long[][] as, long[][] bs) {
    long[] run(Party p) {
      int i = p.index();
      return SharedMatMul.multiply(p, as[i], aBits, aSigned, bs[i], bBits, bSigned, d1, d2, d3, l);
    }

    long[] want() {
      return FixedOps.matmul(a, aBits, aSigned, b, bBits, bSigned, d1, d2, d3, l);
    }
  }

  private static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    int seed = 1;
    for (int[] sh : SHAPES) {
      int d1 = sh[0];
      int d2 = sh[1];
      int d3 = sh[2];
      int e = Ring.ceilLog2(d2);
      for (int[] w : WIDTHS) {
        int aBits = w[0];
        int bBits = w[1];
        List<Integer> ls = new ArrayList<>(List.of(aBits + bBits, Math.max(aBits, bBits)));
        if (aBits + bBits + e <= 64 && e > 0) {
          ls.add(aBits + bBits + e);
        }
        boolean[][] signs = {{true, true}, {false, false}, {seed % 2 == 0, seed % 2 != 0}};
        for (int l : ls) {
          for (boolean[] sg : signs) {
            Random rnd = new Random(seed++);
            long[] a = FixedTestSupport.values(rnd, d1 * d2, aBits);
            long[] b = FixedTestSupport.values(rnd, d2 * d3, bBits);
            // rotate so that small shapes see other edge values than 0 too
            rotate(a, seed % a.length);
            rotate(b, (seed * 7) % b.length);
            out.add(make(rnd, "values", d1, d2, d3, aBits, sg[0], bBits, sg[1], l, a, b));
          }
        }
        // extremes: every entry at the same edge, so the accumulation is as large as it gets (no overflow at
        // l = aBits + bBits + e)
        int lMax = Math.min(64, aBits + bBits + e);
        long[][] edges = {{Ring.mask(aBits), Ring.mask(bBits)}, {1L << (aBits - 1), 1L << (bBits - 1)},
            {1L << (aBits - 1), Ring.mask(bBits)}, {(1L << (aBits - 1)) - 1, 1L << (bBits - 1)}};
        for (long[] ed : edges) {
          for (boolean signed : new boolean[] {true, false}) {
            Random rnd = new Random(seed++);
            long[] a = new long[d1 * d2];
            long[] b = new long[d2 * d3];
            Arrays.fill(a, ed[0]);
            Arrays.fill(b, ed[1]);
            out.add(make(rnd, "all-" + Long.toHexString(ed[0]) + "/" + Long.toHexString(ed[1]), d1, d2, d3, aBits,
                signed, bBits, signed, lMax, a, b));
          }
        }
      }
    }
    return out;
  }

  private static Case make(Random rnd, String what, int d1, int d2, int d3, int aBits, boolean aSigned, int bBits,
      boolean bSigned, int l, long[] a, long[] b) {
    String name = what + " " + d1 + "x" + d2 + "x" + d3 + " a" + aBits + (aSigned ? "s" : "u") + " b" + bBits
        + (bSigned ? "s" : "u") + " l" + l;
    return new Case(name, d1, d2, d3, aBits, aSigned, bBits, bSigned, l, a, b, FixedTestSupport.split(rnd, a, aBits),
        FixedTestSupport.split(rnd, b, bBits));
  }

  private static void rotate(long[] v, int by) {
    long[] c = v.clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = c[(i + by) % v.length];
    }
  }

  /** The cases reach both cross-term orientations, both lifted sides, the local and the B2A lift, no wraps. */
  private static void assertCoversEveryPath(List<Case> cases) {
    java.util.Set<String> seen = new java.util.TreeSet<>();
    for (Case c : cases) {
      SharedMatMul.Plan pl = SharedMatMul.Plan.of(c.aBits(), c.bBits(), c.d1(), c.d2(), c.d3(), c.l());
      seen.add(pl.crossOnA() ? "cross-on-A" : "cross-on-B");
      if (pl.liftBits() > 0) {
        seen.add((pl.liftOnA() ? "lift-A-" : "lift-B-") + (pl.liftBits() == 1 ? "local" : "b2a"));
      }
      if (!pl.needWa()) {
        seen.add("no-WA");
      }
      if (!pl.needWb()) {
        seen.add("no-WB");
      }
    }
    assertEquals("[cross-on-A, cross-on-B, lift-A-b2a, lift-A-local, lift-B-b2a, lift-B-local, no-WA, no-WB]",
        seen.toString(), "paths covered");
  }

  /** Measured cost of one call: total bytes both directions, rounds, and the bytes of the inner scopes. */
  private record Cost(long bytes, long rounds, String breakdown) {}

  @Test
  void equalsTwin_andCostNextToFormula() throws Exception {
    List<Case> cases = cases();
    assertCoversEveryPath(cases);
    int[][] measured = {{16, 16, 16, 16, 16, 40}, {16, 16, 16, 16, 16, 36}, {16, 16, 16, 16, 16, 32},
        {16, 16, 16, 8, 21, 37}};
    long t0 = System.nanoTime();
    var r = Parties.symmetric(p -> {
      p.setup();
      List<long[]> outs = new ArrayList<>();
      for (Case c : cases) {
        outs.add(c.run(p));
      }
      // the FixArray overload: signed A (scale 3) times unsigned B (scale 5), 2x3 by 3x4 into 26 bits
      Case f = cases.get(FIX_CASE);
      FixArray fa = new FixArray(f.as()[p.index()], f.aBits(), 3, f.aSigned());
      FixArray fb = new FixArray(f.bs()[p.index()], f.bBits(), 5, f.bSigned());
      FixArray fc = SharedMatMul.multiply(p, fa, fb, f.d1(), f.d2(), f.d3(), f.l());
      if (fc.scale() != 8 || fc.bitwidth() != f.l() || !fc.signed()) {
        throw new AssertionError("FixArray metadata " + fc);
      }
      outs.add(fc.shares());
      List<Cost> costs = new ArrayList<>();
      for (int[] m : measured) {
        costs.add(measure(p, m));
      }
      return new Object[] {outs, costs};
    }, 110);
    double secs = (System.nanoTime() - t0) / 1e9;

    @SuppressWarnings("unchecked")
    List<long[]> s = (List<long[]>) r.server()[0];
    @SuppressWarnings("unchecked")
    List<long[]> c = (List<long[]>) r.client()[0];
    for (int i = 0; i < cases.size(); i++) {
      Case k = cases.get(i);
      long[] got = FixedTestSupport.open(s.get(i), c.get(i), k.l());
      assertArrayEquals(k.want(), got, k.name());
    }
    Case f = cases.get(FIX_CASE);
    assertArrayEquals(f.want(), FixedTestSupport.open(s.get(cases.size()), c.get(cases.size()), f.l()), "FixArray");
    System.out.printf("shared matmul: %d cases equal the twin, one session, %.1f s%n", cases.size(), secs);

    @SuppressWarnings("unchecked")
    List<Cost> sc = (List<Cost>) r.server()[1];
    @SuppressWarnings("unchecked")
    List<Cost> cc = (List<Cost>) r.client()[1];
    for (int i = 0; i < measured.length; i++) {
      int[] m = measured[i];
      Cost cs = sc.get(i);
      assertEquals(cs.bytes(), cc.get(i).bytes(), "both parties count the same bytes");
      long rounds = Math.max(cs.rounds(), cc.get(i).rounds());
      int d1 = m[0];
      int d2 = m[1];
      int d3 = m[2];
      int aBits = m[3];
      int bBits = m[4];
      int l = m[5];
      double bits = cs.bytes() * 8.0;
      double ours = SharedMatMul.estimateBits(aBits, bBits, d1, d2, d3, l);
      int e = Ring.ceilLog2(d2);
      double paper = SharedMatMul.paperBits(aBits, bBits, d1, d2, d3, e);
      double paperSameL = SharedMatMul.paperBits(aBits, bBits, d1, d2, d3, l - Math.min(aBits, bBits)
          - Math.max(aBits, bBits));
      int lPaper = Math.min(aBits, bBits) + Math.max(aBits, bBits) + e;
      System.out.printf("%dx%d by %dx%d, %d x %d bits into %d: measured %.0f bits (%.1f KiB), %d rounds;"
          + " our formula %.0f bits (millionaires' at its bound)%n"
          + "  paper's formula (e = %d, i.e. into %d bits) %.0f bits: measured/paper = %.3f, %s smaller;"
          + " paper's formula into %d bits (e = %d) %.0f bits: measured/paper = %.3f, %s smaller%n",
          d1, d2, d2, d3, aBits, bBits, l, bits, bits / 8 / 1024, rounds, ours, e, lPaper, paper, bits / paper,
          bits < paper ? "ours" : "the paper's", l, l - lPaper + e, paperSameL, bits / paperSameL,
          bits < paperSameL ? "ours" : "the paper's");
      System.out.println("  by scope: " + cs.breakdown());
      assertTrue(bits < 2 * paperSameL && bits > paperSameL / 4, "same order as the paper's formula");
      assertTrue(bits <= ours * 1.05, "measured within our formula (plus framing)");
    }
  }

  /** One warm, signed call measured on its own: a ping-pong first so that its first message starts a round. */
  @SuppressWarnings("try")
  private static Cost measure(Party p, int[] m) {
    int d1 = m[0];
    int d2 = m[1];
    int d3 = m[2];
    int aBits = m[3];
    int bBits = m[4];
    int l = m[5];
    long[] a = p.random(d1 * d2, aBits);
    long[] b = p.random(d2 * d3, bBits);
    pingPong(p);
    Traffic tr = p.traffic();
    long b0 = tr.bytesSent() + tr.bytesReceived();
    long r0 = tr.rounds();
    String scope = "measure-" + d1 + "x" + d2 + "x" + d3 + "-" + aBits + "-" + bBits + "-" + l;
    try (Traffic.Scope sc = p.scope(scope)) {
      SharedMatMul.multiply(p, a, aBits, true, b, bBits, true, d1, d2, d3, l);
    }
    long bytes = tr.bytesSent() + tr.bytesReceived() - b0;
    long rounds = tr.rounds() - r0;
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Traffic.Stats> en : tr.snapshot().entrySet()) {
      String path = en.getKey();
      if (path.startsWith(scope + "/shared-matmul/") && path.split("/").length == 3) {
        sb.append(path.substring(scope.length() + "/shared-matmul/".length())).append(' ')
            .append(en.getValue().bytes() * 8).append(" bits ").append(en.getValue().rounds()).append(" rounds; ");
      }
    }
    return new Cost(bytes, rounds, sb.toString());
  }

  /**
   * The client sends a bit, the server answers, so the matmul's first message, which the client sends (it is the
   * KKOT receiver of the first millionaires'), starts a fresh round.
   */
  private static void pingPong(Party p) {
    Channel ch = p.channel();
    if (!p.isServer()) {
      ch.sendLongs(new long[1], 1);
      ch.flush();
      ch.receiveLongs(1, 1);
    } else {
      ch.receiveLongs(1, 1);
      ch.sendLongs(new long[1], 1);
      ch.flush();
    }
  }
}
