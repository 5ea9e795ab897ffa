package org.sirnn.mpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sirnn.clear.CoreOps;
import org.sirnn.ring.Ring;
import org.sirnn.test.Parties;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ComparisonsTest {

  /** wrap, msb, drelu, MSB-to-wrap (shared and public MSB) for n = 1 and 1000 in one session. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 8, 13, 16, 31, 32, 37, 63, 64})
  void equalTwins_everyWidth(int l) throws Exception {
    Random rnd = new Random(1000 + l);
    int[] ns = {1, 1000};
    long[][] xs = new long[2][];
    long[][][] sh = new long[2][][];
    long[][][] msbSh = new long[2][2][];
    for (int k = 0; k < 2; k++) {
      xs[k] = ShareTestSupport.valuesWithEdges(rnd, ns[k], l);
      if (k == 0) {
        xs[k][0] = rnd.nextLong() & Ring.mask(l);
      }
      sh[k] = ShareTestSupport.split(rnd, xs[k], l);
      msbSh[k][0] = ShareTestSupport.random(rnd, ns[k], 1);
      msbSh[k][1] = new long[ns[k]];
      for (int i = 0; i < ns[k]; i++) {
        msbSh[k][1][i] = msbSh[k][0][i] ^ CoreOps.msb(xs[k][i], l);
      }
    }
    var r = Parties.symmetric(p -> {
      int me = p.index();
      long[][][] out = new long[2][][];
      for (int k = 0; k < 2; k++) {
        long[] s = sh[k][me];
        long[] pub = new long[ns[k]];
        for (int i = 0; i < ns[k]; i++) {
          pub[i] = CoreOps.msb(xs[k][i], l);
        }
        out[k] = new long[][] {Comparisons.wrap(p, s, l), Comparisons.msb(p, s, l), Comparisons.drelu(p, s, l),
            MsbToWrap.wrap(p, s, msbSh[k][me], l), MsbToWrap.wrapPublicMsb(p, s, pub, l)};
      }
      return out;
    }, 60);
    for (int k = 0; k < 2; k++) {
      int n = ns[k];
      long[] wrap = new long[n];
      long[] msb = new long[n];
      long[] drelu = new long[n];
      for (int i = 0; i < n; i++) {
        wrap[i] = CoreOps.wrap(sh[k][0][i], sh[k][1][i], l);
        msb[i] = CoreOps.msb(xs[k][i], l);
        drelu[i] = CoreOps.drelu(xs[k][i], l);
      }
      long[][] s = r.server()[k];
      long[][] c = r.client()[k];
      String what = "l=" + l + " n=" + n;
      assertArrayEquals(wrap, BitVectors.xor(s[0], c[0]), "wrap " + what);
      assertArrayEquals(msb, BitVectors.xor(s[1], c[1]), "msb " + what);
      assertArrayEquals(drelu, BitVectors.xor(s[2], c[2]), "drelu " + what);
      assertArrayEquals(wrap, BitVectors.xor(s[3], c[3]), "msb-to-wrap " + what);
      assertArrayEquals(wrap, BitVectors.xor(s[4], c[4]), "msb-to-wrap public " + what);
    }
  }

  /**
   * Additive-output wrap and MSB ({@link Comparisons#wrapArithmetic}, {@link Comparisons#msbArithmetic}) and the
   * additive wrap of non-negative values ({@link MsbToWrap#wrapNonNegativeArithmetic}) equal the twins mod 2^k.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 8, 13, 16, 31, 32, 37, 63, 64})
  void arithmeticForms_equalTwins_everyWidth(int l) throws Exception {
    Random rnd = new Random(2000 + l);
    int n = 1000;
    long[] x = ShareTestSupport.valuesWithEdges(rnd, n, l);
    long[][] sh = ShareTestSupport.split(rnd, x, l);
    long[] small = ShareTestSupport.random(rnd, n, Math.max(1, l - 1));
    if (l == 1) {
      small = new long[n];
    }
    long[][] shSmall = ShareTestSupport.split(rnd, small, l);
    int[] ks = {1, 3, 32, 64};
    var r = Parties.symmetric(p -> {
      long[][] out = new long[3 * ks.length][];
      for (int j = 0; j < ks.length; j++) {
        out[3 * j] = Comparisons.wrapArithmetic(p, sh[p.index()], l, ks[j]);
        out[3 * j + 1] = Comparisons.msbArithmetic(p, sh[p.index()], l, ks[j]);
        out[3 * j + 2] = MsbToWrap.wrapNonNegativeArithmetic(p, shSmall[p.index()], l, ks[j]);
      }
      return out;
    }, 60);
    for (int j = 0; j < ks.length; j++) {
      long mask = Ring.mask(ks[j]);
      for (int i = 0; i < n; i++) {
        String what = "l=" + l + " k=" + ks[j] + " i=" + i;
        assertEquals(CoreOps.wrap(sh[0][i], sh[1][i], l), (r.server()[3 * j][i] + r.client()[3 * j][i]) & mask,
            "wrap " + what);
        assertEquals(CoreOps.msb(x[i], l), (r.server()[3 * j + 1][i] + r.client()[3 * j + 1][i]) & mask,
            "msb " + what);
        assertEquals(CoreOps.wrap(shSmall[0][i], shSmall[1][i], l),
            (r.server()[3 * j + 2][i] + r.client()[3 * j + 2][i]) & mask, "wrap non-negative " + what);
      }
    }
  }

  @Test
  void wrapCases_coverBothOutcomes() {
    // the split produces shares that wrap and shares that do not, for every width
    for (int l : ShareTestSupport.WIDTHS) {
      long[] x = ShareTestSupport.valuesWithEdges(new Random(l), 1000, l);
      long[][] sh = ShareTestSupport.split(new Random(l), x, l);
      int wraps = 0;
      for (int i = 0; i < x.length; i++) {
        wraps += (int) CoreOps.wrap(sh[0][i], sh[1][i], l);
      }
      assertTrue(wraps > 50 && wraps < 950, "l=" + l + " wraps=" + wraps);
    }
  }

  @Test
  void emptyInputs_giveEmptyOutputs() throws Exception {
    long[] none = new long[0];
    var r = Parties.symmetric(p -> new long[][] {Comparisons.wrap(p, none, 16), Comparisons.msb(p, none, 16),
        Comparisons.drelu(p, none, 16), MsbToWrap.wrap(p, none, none, 16), MsbToWrap.wrapNonNegative(p, none, 16),
        Millionaire.lessThan(p, Party.Role.CLIENT, none, 64), And.and(p, none, none)}, 30);
    for (long[] out : r.server()) {
      assertEquals(0, out.length);
    }
  }

  @Test
  void msbToWrap_nonNegative() throws Exception {
    int l = 16;
    int n = 2000;
    Random rnd = new Random(9);
    long[] x = ShareTestSupport.random(rnd, n, l - 1);
    long[][] sh = ShareTestSupport.split(rnd, x, l);
    var r = Parties.symmetric(p -> MsbToWrap.wrapNonNegative(p, sh[p.index()], l), 30);
    for (int i = 0; i < n; i++) {
      assertEquals(CoreOps.wrap(sh[0][i], sh[1][i], l), r.server()[i] ^ r.client()[i], "i=" + i);
    }
  }

  @Test
  void drelu_largeBatch_l32() throws Exception {
    int l = 32;
    int n = 100_000;
    Random rnd = new Random(4);
    long[] x = ShareTestSupport.valuesWithEdges(rnd, n, l);
    long[][] sh = ShareTestSupport.split(rnd, x, l);
    var r = Parties.symmetric(p -> Comparisons.drelu(p, sh[p.index()], l), 60);
    for (int i = 0; i < n; i++) {
      assertEquals(CoreOps.drelu(x[i], l), r.server()[i] ^ r.client()[i], "i=" + i);
    }
  }

  @Test
  void msbToWrap_cost() throws Exception {
    int n = 1 << 14;
    int l = 32;
    Random rnd = new Random(2);
    long[] x = ShareTestSupport.random(rnd, n, l);
    long[][] sh = ShareTestSupport.split(rnd, x, l);
    long[] m0 = ShareTestSupport.random(rnd, n, 1);
    CostProbe.Cost shared = CostProbe.measure(Party.Role.CLIENT, p -> MsbToWrap.wrap(p, sh[p.index()], m0, l));
    CostProbe.Cost pub = CostProbe.measure(Party.Role.CLIENT,
        p -> MsbToWrap.wrapPublicMsb(p, sh[p.index()], new long[n], l));
    System.out.printf("msb-to-wrap: shared %.1f bits, %d rounds; public %.1f bits, %d rounds%n", shared.bitsPer(n),
        shared.rounds(), pub.bitsPer(n), pub.rounds());
    assertTrue(Math.abs(shared.bitsPer(n) - 260) < 26, "shared-MSB bits " + shared.bitsPer(n));
    assertTrue(Math.abs(pub.bitsPer(n) - 130) < 13, "public-MSB bits " + pub.bitsPer(n));
    assertEquals(2, shared.rounds());
    assertEquals(2, pub.rounds());
  }

  @Test
  void wrapAndMsb_cost() throws Exception {
    int n = 1 << 12;
    int l = 32;
    Random rnd = new Random(3);
    long[] x = ShareTestSupport.random(rnd, n, l);
    long[][] sh = ShareTestSupport.split(rnd, x, l);
    CostProbe.Cost wrap = CostProbe.measure(Party.Role.CLIENT, p -> Comparisons.wrap(p, sh[p.index()], l));
    CostProbe.Cost msb = CostProbe.measure(Party.Role.CLIENT, p -> Comparisons.msb(p, sh[p.index()], l));
    System.out.printf("wrap l=32: %.1f bits, %d rounds; msb l=32: %.1f bits, %d rounds%n", wrap.bitsPer(n),
        wrap.rounds(), msb.bitsPer(n), msb.rounds());
    assertTrue(wrap.bitsPer(n) < 142 * l * 1.1);
    assertTrue(msb.bitsPer(n) < 142 * (l - 1) * 1.1);
    assertEquals(5, wrap.rounds());
    assertEquals(5, msb.rounds());
  }
}
