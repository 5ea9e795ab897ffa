package org.sirnn.mpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sirnn.clear.CoreOps;
import org.sirnn.ot.OtBackend;
import org.sirnn.ring.Ring;
import org.sirnn.test.Parties;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ParameterizedClass
@EnumSource(OtBackend.class)
class MillionaireTest {

  /** Both parties' OT backend: every test runs on IKNP and on Ferret. */
  @Parameter
  OtBackend backend;

  /** x and y with edge cases: equal pairs, neighbours, 0 / max, and pairs differing only in the low digit. */
  static long[][] inputs(Random rnd, int n, int l) {
    long mask = Ring.mask(l);
    long[] x = ShareTestSupport.valuesWithEdges(rnd, n, l);
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      y[i] = switch (i % 7) {
        case 0 -> x[i];
        case 1 -> (x[i] + 1) & mask;
        case 2 -> (x[i] - 1) & mask;
        case 3 -> x[i] ^ (rnd.nextLong() & 0xF & mask);
        case 4 -> ShareTestSupport.valuesWithEdges(rnd, 7, l)[rnd.nextInt(7)];
        default -> rnd.nextLong() & mask;
      };
    }
    return new long[][] {x, y};
  }

  /** Runs every (xHolder, lt/gt) combination for each n in one session; returns the opened bits. */
  private List<long[]> runAll(int l, int radix, int[] ns, long[][][] in) throws Exception {
    var r = Parties.symmetric(backend, p -> {
      List<long[]> outs = new ArrayList<>();
      for (int k = 0; k < ns.length; k++) {
        for (Party.Role holder : Party.Role.values()) {
          long[] mine = p.role() == holder ? in[k][0] : in[k][1];
          outs.add(Millionaire.compare(p, holder, mine, l, false, radix));
          outs.add(Millionaire.compare(p, holder, mine, l, true, radix));
        }
      }
      return outs;
    }, 60);
    List<long[]> opened = new ArrayList<>();
    for (int k = 0; k < r.server().size(); k++) {
      opened.add(BitVectors.xor(r.server().get(k), r.client().get(k)));
    }
    return opened;
  }

  private void check(int l, int radix, int[] ns, long seed) throws Exception {
    Random rnd = new Random(seed);
    long[][][] in = new long[ns.length][][];
    for (int k = 0; k < ns.length; k++) {
      in[k] = inputs(rnd, ns[k], l);
    }
    List<long[]> got = runAll(l, radix, ns, in);
    int at = 0;
    for (int k = 0; k < ns.length; k++) {
      long[] x = in[k][0];
      long[] y = in[k][1];
      int n = ns[k];
      long[] lt = new long[n];
      long[] gt = new long[n];
      for (int i = 0; i < n; i++) {
        lt[i] = CoreOps.lessThan(x[i], y[i], l);
        gt[i] = CoreOps.greaterThan(x[i], y[i], l);
      }
      for (Party.Role holder : Party.Role.values()) {
        String what = "l=" + l + " m=" + radix + " n=" + n + " x held by " + holder;
        assertArrayEquals(lt, got.get(at++), "lt " + what);
        assertArrayEquals(gt, got.get(at++), "gt " + what);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 8, 13, 16, 31, 32, 37, 63, 64})
  void equalsTwin_everyWidth_bothHolders(int l) throws Exception {
    check(l, Millionaire.DEFAULT_RADIX, new int[] {1, 1000}, l);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 8})
  void equalsTwin_otherRadixes(int radix) throws Exception {
    check(37, radix, new int[] {1, 300}, 100 + radix);
    check(radix, radix, new int[] {300}, 200 + radix);
  }

  @Test
  void exhaustive_l4_andL6() throws Exception {
    for (int l : new int[] {4, 6}) {
      int side = 1 << l;
      int n = side * side;
      long[] x = new long[n];
      long[] y = new long[n];
      for (int i = 0; i < n; i++) {
        x[i] = i / side;
        y[i] = i % side;
      }
      List<long[]> got = runAll(l, 2, new int[] {n}, new long[][][] {{x, y}});
      for (int i = 0; i < n; i++) {
        assertEquals(x[i] < y[i] ? 1 : 0, got.get(0)[i]);
        assertEquals(x[i] > y[i] ? 1 : 0, got.get(1)[i]);
      }
    }
  }

  /**
   * The additive-output form (final OT with k-bit messages, or the single leaf for l &lt;= 4) equals the twin XOR a
   * shared flip bit, for both x-holders, every width class (q = 1, 2, 3..4, 5..8, 9..16) and several k.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 4, 5, 8, 13, 16, 17, 31, 32, 33, 63, 64})
  void arithmetic_equalsTwinXorFlip(int l) throws Exception {
    for (WireGoal goal : WireGoal.values()) {
      arithmetic_equalsTwinXorFlip(l, goal);
    }
  }

  private void arithmetic_equalsTwinXorFlip(int l, WireGoal goal) throws Exception {
    int n = 700;
    long[][] in = inputs(new Random(77 + l), n, l);
    Random rnd = new Random(l);
    long[][] flip = {ShareTestSupport.random(rnd, n, 1), ShareTestSupport.random(rnd, n, 1)};
    int[] ks = {1, 2, 16, 64};
    var r = Parties.symmetric(backend, p -> {
      p.wireGoal(goal);
      List<long[]> outs = new ArrayList<>();
      for (Party.Role holder : Party.Role.values()) {
        long[] mine = p.role() == holder ? in[0] : in[1];
        for (int k : ks) {
          outs.add(Millionaire.lessThanArithmetic(p, holder, mine, l, flip[p.index()], k));
        }
        outs.add(Millionaire.lessThanArithmetic(p, holder, mine, l, null, 7));
        long[][] both = Millionaire.lessThanBoth(p, holder, mine, l, 9);
        outs.add(both[0]);
        outs.add(both[1]);
      }
      return outs;
    }, 60);
    int at = 0;
    for (Party.Role holder : Party.Role.values()) {
      for (int j = 0; j <= ks.length; j++, at++) {
        int k = j < ks.length ? ks[j] : 7;
        long[] s = r.server().get(at);
        long[] c = r.client().get(at);
        for (int i = 0; i < n; i++) {
          long want = CoreOps.lessThan(in[0][i], in[1][i], l) ^ (j < ks.length ? flip[0][i] ^ flip[1][i] : 0);
          assertEquals(want, (s[i] + c[i]) & Ring.mask(k), goal + " l=" + l + " k=" + k + " x@" + holder + " i=" + i);
        }
      }
      long[] xs = r.server().get(at);
      long[] xc = r.client().get(at++);
      long[] as = r.server().get(at);
      long[] ac = r.client().get(at++);
      for (int i = 0; i < n; i++) {
        long want = CoreOps.lessThan(in[0][i], in[1][i], l);
        assertEquals(want, xs[i] ^ xc[i], goal + " both, XOR form: l=" + l + " x@" + holder + " i=" + i);
        assertEquals(want, (as[i] + ac[i]) & Ring.mask(9), goal + " both, additive form: l=" + l + " x@" + holder
            + " i=" + i);
      }
    }
  }

  @Test
  void equalsTwin_largeBatch_l32() throws Exception {
    int l = 32;
    int n = 100_000;
    long[][] in = inputs(new Random(32), n, l);
    var r = Parties.run(backend, p -> Millionaire.lessThan(p, Party.Role.SERVER, in[0], l),
        p -> Millionaire.lessThan(p, Party.Role.SERVER, in[1], l), 60);
    int ones0 = 0;
    int ones1 = 0;
    for (int i = 0; i < n; i++) {
      assertEquals(CoreOps.lessThan(in[0][i], in[1][i], l), r.server()[i] ^ r.client()[i], "i=" + i);
      ones0 += (int) r.server()[i];
      ones1 += (int) r.client()[i];
    }
    // each share alone is a uniform bit
    assertTrue(Math.abs(ones0 - n / 2) < n / 50, "server share ones " + ones0);
    assertTrue(Math.abs(ones1 - n / 2) < n / 50, "client share ones " + ones1);
  }

  /** Cost of a warm lessThan call over n random inputs. */
  CostProbe.Cost measure(int l, int n, Party.Role holder, int radix) throws Exception {
    long[][] in = inputs(new Random(l), n, l);
    return CostProbe.measure(backend, holder.peer(),
        p -> Millionaire.compare(p, holder, p.role() == holder ? in[0] : in[1], l, false, radix));
  }

  /**
   * q = l/4 leaf OTs (1-of-16, 2-bit messages), the ANDs of the tree levels down to at most four nodes (half a leaf
   * OT + 4 bits each) and the final (2^(2c-1) choose 1)-OT of 1-bit messages over the c top nodes: under
   * lambda l + 14 l bits on IKNP (the paper's bound); on Ferret the same formula with its 1-of-N OT, the silent
   * extension apart (a refill, and its round, falls into a measured call now and then), with Ferret's own choice of
   * top nodes (fewest bits, {@link Millionaire#ferretTopNodes}). Rounds: 3 without AND levels (the final OT's
   * request rides in the leaves' round), 5 with one or two (then the final OT), one more for each further level.
   */
  @ParameterizedTest
  @ValueSource(ints = {16, 32, 64})
  void communication_followsTheLeafOtFormula_underLambdaLPlus14L(int l) throws Exception {
    int n = 1 << 12;
    for (Party.Role holder : Party.Role.values()) {
      CostProbe.Cost c = measure(l, n, holder, 4);
      int q = (l + 3) / 4;
      double leaf = CostProbe.oneOf16Bits(backend);
      int top = Millionaire.topNodes(backend, WireGoal.DEFAULT, n, q, 0, false);
      int levels = Millionaire.levelsUntil(q, top);
      double formula = q * leaf + Millionaire.andsUntil(q, top) * (leaf / 2 + 4)
          + (top > 1 ? CostProbe.oneOfNBits(backend, 1 << (2 * top - 1), 1) : 0);
      System.out.printf("millionaire %s l=%d n=%d x@%s: %.1f bits/instance (%.1f without silent extension; "
          + "formula %.0f, bound %d), %d rounds%n", backend, l, n, holder, c.bitsPer(n), c.ownBitsPer(n), formula,
          142 * l, c.rounds());
      assertTrue(c.bitsPer(n) < 142 * l * 1.1, "bits " + c.bitsPer(n));
      assertTrue(Math.abs(c.ownBitsPer(n) - formula) < 0.1 * formula, "bits " + c.ownBitsPer(n) + " vs " + formula
          + " (silent extension apart: " + (c.bitsPer(n) - c.ownBitsPer(n)) + ")");
      // the x-holder's first AND message rides in its leaves' round and the parties then alternate, so up to two
      // AND levels before the final OT cost 2 rounds, not 3
      long rounds = top == 1 ? 2 + levels : levels == 0 ? 3 : 2 + Math.max(3, levels + 1);
      assertTrue(c.rounds() == rounds || backend == OtBackend.FERRET && c.rounds() == rounds + 1,
          c.rounds() + " rounds, expected " + rounds);
    }
  }

  /**
   * The wire goal trades rounds for bytes and nothing else: on 4,096 additive 16-bit comparisons (k = 16), ROUNDS
   * sends the most and takes the fewest rounds, BYTES the reverse, BALANCED in between; on Ferret BYTES sends under
   * a fifth of ROUNDS (the final OT's 128 messages of 16 bits replaced by an AND level and a B2A).
   */
  @Test
  void wireGoal_tradesRoundsForBytes() throws Exception {
    int l = 16;
    int n = 4096;
    long[][] in = inputs(new Random(16), n, l);
    java.util.Map<WireGoal, CostProbe.Cost> cost = new java.util.EnumMap<>(WireGoal.class);
    for (WireGoal goal : WireGoal.values()) {
      cost.put(goal, CostProbe.measure(backend, Party.Role.SERVER, p -> {
        p.wireGoal(goal);
        return Millionaire.lessThanArithmetic(p, Party.Role.SERVER, p.isServer() ? in[0] : in[1], l, null, 16);
      }));
      System.out.printf("millionaire %s %s l=16 k=16 n=%d: %.1f bits/instance, %d rounds%n", backend, goal, n,
          cost.get(goal).ownBitsPer(n), cost.get(goal).rounds());
    }
    CostProbe.Cost rounds = cost.get(WireGoal.ROUNDS);
    CostProbe.Cost balanced = cost.get(WireGoal.BALANCED);
    CostProbe.Cost bytes = cost.get(WireGoal.BYTES);
    assertTrue(bytes.ownBitsPer(n) <= balanced.ownBitsPer(n) && balanced.ownBitsPer(n) <= rounds.ownBitsPer(n));
    assertTrue(rounds.rounds() <= balanced.rounds() && balanced.rounds() <= bytes.rounds() + 1);
    assertTrue(bytes.rounds() > rounds.rounds());
    if (backend == OtBackend.FERRET) {
      assertTrue(bytes.ownBitsPer(n) < rounds.ownBitsPer(n) / 5, bytes.ownBitsPer(n) + " vs " + rounds.ownBitsPer(n));
    }
  }
}
