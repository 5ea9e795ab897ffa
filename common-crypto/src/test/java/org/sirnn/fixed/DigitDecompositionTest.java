package org.sirnn.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.clear.CoreOps;
import org.sirnn.clear.DigitOps;
import org.sirnn.mpc.Party;
import org.sirnn.ring.Ring;
import org.sirnn.test.Parties;

@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DigitDecompositionTest {
  private static final int LAMBDA = 128;

  /** Table V, DigDec^{l,d}: (l/d - 1)(lambda (d + 2) + 15 d + 20) bits; at l = 16, d = 8: 1420. */
  static final double DIGDEC_16_8_FORMULA_BITS = (16 / 8 - 1) * (LAMBDA * (8 + 2) + 15 * 8 + 20);
  /** Table V, DigDec^{l,d} rounds: log d + l/d + 1; at l = 16, d = 8: 6. */
  static final int DIGDEC_16_8_FORMULA_ROUNDS = 3 + 2 + 1;

  /** A secure op with multi-row output (row r over Z_2^widths[r]) and its twin. */
  record Case(String what, int l, int n, int[] widths, SecureRows op, LongFunction<long[]> twin) {}

  @FunctionalInterface
  interface SecureRows {
    long[][] apply(Party p, long[] share);
  }

  /** Runs all cases in one two-party session and compares every row with the twin. */
  static void checkAll(List<Case> cases, long seed) throws Exception {
    Random rnd = new Random(seed);
    long[][] x = new long[cases.size()][];
    long[][][] s = new long[cases.size()][][];
    for (int c = 0; c < cases.size(); c++) {
      x[c] = DigitTestSupport.values(rnd, cases.get(c).n(), cases.get(c).l());
      s[c] = FixedTestSupport.split(rnd, x[c], cases.get(c).l());
    }
    var r = Parties.run(p -> runAll(p, cases, s, 0), p -> runAll(p, cases, s, 1), 280);
    for (int c = 0; c < cases.size(); c++) {
      Case cs = cases.get(c);
      long[][] a = r.server().get(c);
      long[][] b = r.client().get(c);
      assertEquals(cs.widths().length, a.length, cs.what() + ": rows");
      for (int i = 0; i < cs.n(); i++) {
        long[] want = cs.twin().apply(x[c][i]);
        for (int row = 0; row < want.length; row++) {
          long got = Ring.add(a[row][i], b[row][i], cs.widths()[row]);
          assertEquals(want[row], got, cs.what() + " row " + row + " of x=" + x[c][i] + " (element " + i + ")");
        }
      }
    }
  }

  private static List<long[][]> runAll(Party p, List<Case> cases, long[][][] s, int me) {
    List<long[][]> out = new ArrayList<>();
    for (int c = 0; c < cases.size(); c++) {
      out.add(cases.get(c).op().apply(p, s[c][me]));
    }
    return out;
  }

  static int[] digitWidths(int l, int d) {
    int c = DigitOps.digitCount(l, d);
    int[] w = new int[c];
    for (int i = 0; i < c; i++) {
      w[i] = i < c - 1 ? d : l - d * (c - 1);
    }
    return w;
  }

  static Case digDec(int l, int d, int n) {
    return new Case("digdec(" + l + "," + d + ") n=" + n, l, n, digitWidths(l, d),
        (p, sh) -> DigitDecomposition.decompose(p, sh, l, d), v -> DigitOps.digits(v, l, d));
  }

  @Test
  void decompose_equalsTwin_allWidthsAndDigitSizes() throws Exception {
    List<Case> cases = new ArrayList<>();
    for (int l : new int[] {8, 16, 21, 32, 37, 64}) {
      for (int d : new int[] {4, 8}) {
        for (int n : new int[] {1, 1000}) {
          cases.add(digDec(l, d, n));
        }
      }
    }
    // one digit (d = l, d > l): local
    for (int l : new int[] {8, 16}) {
      cases.add(digDec(l, l, 1000));
    }
    cases.add(digDec(5, 8, 100));
    // odd digit widths, long carry chains, 1-bit top digits
    cases.add(digDec(21, 5, 300));
    cases.add(digDec(37, 3, 300));
    cases.add(digDec(64, 1, 200));
    cases.add(digDec(64, 7, 300));
    cases.add(digDec(2, 1, 50));
    cases.add(digDec(16, 8, 0)); // empty input: no traffic, no failure
    checkAll(cases, 2021);
  }

  @Test
  void decompose_largeBatch_l16() throws Exception {
    checkAll(List.of(digDec(16, 8, 100_000)), 16);
  }

  @Test
  void wrapAndAllOnes_equalsTwin() throws Exception {
    int[] widths = {1, 2, 3, 4, 5, 8, 13, 16, 32, 63, 64};
    Random rnd = new Random(3);
    int n = 400;
    long[][][] sh = new long[widths.length][][];
    for (int t = 0; t < widths.length; t++) {
      int l = widths[t];
      long mask = Ring.mask(l);
      long[] s0 = new long[n];
      long[] s1 = new long[n];
      for (int i = 0; i < n; i++) {
        s0[i] = rnd.nextLong() & mask;
        s1[i] = switch (i % 5) {
          case 0 -> (mask - s0[i]) & mask; // all ones
          case 1 -> (mask - s0[i] + 1) & mask; // smallest wrap
          case 2 -> (mask - s0[i] - 1) & mask; // largest non-wrap
          case 3 -> rnd.nextLong() & mask;
          default -> i % 2 == 0 ? 0 : mask;
        };
      }
      sh[t] = new long[][] {s0, s1};
    }
    var r = Parties.run(p -> runWrap(p, widths, sh, 0), p -> runWrap(p, widths, sh, 1), 120);
    for (int t = 0; t < widths.length; t++) {
      int l = widths[t];
      for (int i = 0; i < n; i++) {
        long x0 = sh[t][0][i];
        long x1 = sh[t][1][i];
        long w = r.server().get(t)[0][i] ^ r.client().get(t)[0][i];
        long e = r.server().get(t)[1][i] ^ r.client().get(t)[1][i];
        assertEquals(CoreOps.wrap(x0, x1, l), w, "wrap l=" + l + " of " + x0 + " + " + x1);
        assertEquals(Ring.add(x0, x1, l) == Ring.mask(l) ? 1 : 0, e, "all-ones l=" + l + " of " + x0 + " + " + x1);
      }
    }
  }

  private static List<long[][]> runWrap(Party p, int[] widths, long[][][] sh, int me) {
    List<long[][]> out = new ArrayList<>();
    for (int t = 0; t < widths.length; t++) {
      out.add(WrapAndAllOnes.compute(p, sh[t][me], widths[t]));
    }
    return out;
  }

  @Test
  void cost_digDec16_8_withinTableV() throws Exception {
    int n = 1 << 14;
    Random rnd = new Random(8);
    long[] x = DigitTestSupport.values(rnd, n, 16);
    long[][] sh = FixedTestSupport.split(rnd, x, 16);
    var costs = DigitTestSupport.measure(List.of(p -> DigitDecomposition.decompose(p, sh[p.index()], 16, 8)));
    DigitTestSupport.Cost c = costs.get(0);
    double bits = c.bitsPer(n);
    System.out.printf("COST digdec(16,8): %.1f bits/instance (Table V %.0f), %d rounds (Table V %d)%n", bits,
        DIGDEC_16_8_FORMULA_BITS, c.rounds(), DIGDEC_16_8_FORMULA_ROUNDS);
    assertTrue(bits <= 1.10 * DIGDEC_16_8_FORMULA_BITS, "DigDec(16,8) " + bits + " bits > 1.1 * Table V");
    assertTrue(c.rounds() <= DIGDEC_16_8_FORMULA_ROUNDS + 1, "DigDec(16,8) rounds " + c.rounds());
  }
}
