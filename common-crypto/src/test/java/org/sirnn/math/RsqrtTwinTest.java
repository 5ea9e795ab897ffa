package org.sirnn.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.RsqrtParams;
import org.sirnn.clear.math.RsqrtTables;
import org.sirnn.mpc.Party;
import org.sirnn.ring.Ring;
import org.sirnn.test.SecureBatch;

/**
 * The secure reciprocal square root ({@link Rsqrt}) equals its cleartext twin {@link ClearMath#rsqrt} bit for bit:
 * on every 16-bit input at five scale pairs (one session), on random plus edge inputs at 20 and 24 bits (both
 * iteration counts, narrower and wider outputs); and a cleartext mirror of the secure pipeline's integer steps
 * checks every non-negativity claim and the twin equality at every supported 16-bit scale pair.
 */
@Timeout(value = 900, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RsqrtTwinTest {

  /** One parameter set and its inputs. */
  record Case(int bwIn, int sIn, int bwOut, int sOut, long[] inputs) {
    String name() {
      return "rsqrt bw " + bwIn + " -> " + bwOut + ", scales " + sIn + " -> " + sOut;
    }

    RsqrtParams params() {
      return new RsqrtParams(bwIn, sIn, bwOut, sOut);
    }
  }

  private static void runAll(List<Case> cases) throws Exception {
    List<SecureBatch.Case> batch = new ArrayList<>();
    for (Case cs : cases) {
      batch.add(new SecureBatch.Case(cs.inputs(), cs.bwIn(), cs.bwOut(),
          (p, sh) -> Rsqrt.rsqrt(p, sh, cs.bwIn(), cs.sIn(), cs.bwOut(), cs.sOut())));
    }
    long[][] got = SecureBatch.run(batch, 4242, 900);
    for (int c = 0; c < cases.size(); c++) {
      Case cs = cases.get(c);
      long[] x = cs.inputs();
      long[] want = new long[x.length];
      ClearMath.rsqrt(x, want, cs.params());
      int mismatches = 0;
      String first = null;
      for (int i = 0; i < x.length; i++) {
        if (got[c][i] != want[i]) {
          if (first == null) {
            first = "x=" + x[i] + ": want " + want[i] + ", got " + got[c][i];
          }
          mismatches++;
        }
      }
      assertEquals(0, mismatches, cs.name() + ": " + mismatches + " of " + x.length + " differ, first " + first);
    }
  }

  private static long[] all16() {
    long[] x = new long[1 << 16];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    return x;
  }

  /** Edge inputs (0, 1, the MSB alone, the largest values, powers of two and their neighbours), then random ones. */
  private static long[] randomAndEdges(Random rnd, int bits, int count) {
    long mask = Ring.mask(bits);
    List<Long> edges = new ArrayList<>(List.of(0L, 1L, 2L, 3L, mask, mask - 1, 1L << (bits - 1),
        (1L << (bits - 1)) + 1, (1L << (bits - 1)) - 1, (1L << (bits - 2)) + 1));
    for (int k = 0; k < bits - 1; k++) {
      edges.add(1L << k);
      edges.add(((1L << k) + 1) & mask);
      edges.add(((1L << (k + 1)) - 1) & mask);
      edges.add((1L << (bits - 1)) | (1L << k)); // MSB set: ignored by the twin
    }
    long[] x = new long[count];
    for (int i = 0; i < count; i++) {
      // random magnitudes, so that every MSNZB position and every LUT index occurs
      x[i] = i < edges.size() ? edges.get(i) & mask : (rnd.nextLong() >>> rnd.nextInt(64 - bits + 1, 64)) & mask;
      if (i >= edges.size() && rnd.nextInt(4) == 0) {
        x[i] = rnd.nextLong() & mask;
      }
    }
    return x;
  }

  @Test
  void rsqrt16_everyInput_fiveScalePairs_oneSession() throws Exception {
    long[] x = all16();
    runAll(List.of(new Case(16, 12, 16, 12, x), new Case(16, 12, 16, 11, x), new Case(16, 10, 16, 9, x),
        new Case(16, 13, 16, 13, x), new Case(16, 4, 16, 4, x)));
  }

  @Test
  void rsqrt20and24_randomAndEdgeInputs() throws Exception {
    Random rnd = new Random(2024);
    List<Case> cases = new ArrayList<>();
    int n = 100_000; // 10^5 random plus edge inputs per wider width
    long[] x20 = randomAndEdges(rnd, 20, n);
    long[] x24 = randomAndEdges(rnd, 24, n);
    cases.add(new Case(20, 12, 20, 12, x20));
    cases.add(new Case(20, 16, 20, 15, x20)); // two Goldschmidt iterations
    cases.add(new Case(20, 5, 12, 14, x20)); // narrower output
    cases.add(new Case(24, 12, 24, 12, x24));
    cases.add(new Case(24, 20, 24, 18, x24)); // two iterations
    cases.add(new Case(24, 3, 32, 9, x24)); // wider output: zero extension
    cases.add(new Case(24, 23, 24, 22, x24)); // largest scales at 24 bits
    runAll(cases);
  }

  @Test
  void smallWidthsAndExtremeScales_everyInput() throws Exception {
    List<Case> cases = new ArrayList<>();
    for (int bw : new int[] {3, 5, 8, 11}) {
      long[] x = new long[1 << bw];
      for (int i = 0; i < x.length; i++) {
        x[i] = i;
      }
      for (int sOut : bw == 3 ? new int[] {1} : new int[] {1, bw - 2}) {
        for (int sIn : new int[] {0, bw / 2, bw - 1}) {
          cases.add(new Case(bw, sIn, bw, sOut, x));
        }
      }
    }
    runAll(cases);
  }

  @Test
  void unsupportedParameters_throwNamingTheParameter() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Rsqrt.rsqrt(null, new long[1], 14, 12, 16, 13));
    assertTrue(e.getMessage().contains("bwIn"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Rsqrt.rsqrt(null, new long[1], 63, 12, 16, 12));
    assertTrue(e.getMessage().contains("bwIn"), e.getMessage());
  }

  /** The LUT facts of {@link Rsqrt#checkTable} hold for every supported output scale. */
  @Test
  void tableFacts_holdForEveryOutputScale() {
    for (int s = 1; s <= 28; s++) {
      int g = ClearMath.rsqrtLutBits(s);
      Rsqrt.checkTable(RsqrtTables.table(g), g, s);
    }
  }

  /**
   * The secure pipeline's integer steps in the clear, with every claim asserted: equal to the twin on every
   * 16-bit input at every supported scale pair, and on random inputs at 24 and 40 bits.
   */
  @Test
  void clearMirror_claimsHoldAndEqualsTwin() {
    long[] x16 = all16();
    for (int sOut = 1; sOut <= 14; sOut++) {
      for (int sIn = 0; sIn <= 15; sIn++) {
        RsqrtParams prm = new RsqrtParams(16, sIn, 16, sOut);
        for (long x : x16) {
          assertEquals(ClearMath.rsqrt(x, prm), mirror(x, prm), "x=" + x + " " + prm);
        }
      }
    }
    Random rnd = new Random(5);
    for (int[] c : new int[][] {{24, 12, 24, 12}, {24, 20, 24, 18}, {24, 0, 30, 22}, {40, 30, 40, 28},
        {40, 7, 40, 15}, {62, 40, 64, 28}}) {
      RsqrtParams prm = new RsqrtParams(c[0], c[1], c[2], c[3]);
      for (long x : randomAndEdges(rnd, c[0], 20_000)) {
        assertEquals(ClearMath.rsqrt(x, prm), mirror(x, prm), "x=" + x + " " + prm);
      }
    }
  }

  /** Rsqrt's steps on the reconstructed values; asserts each public-zero-MSB claim. */
  private static long mirror(long x, RsqrtParams prm) {
    int bw = prm.bwIn();
    int s = prm.scaleOut();
    int g = prm.lutBits();
    int wide = bw + 2;
    long[] lut = RsqrtTables.table(g);
    long xp = (2 * x + 1) & Ring.mask(bw);
    int kp = ClearMath.msnzb(xp);
    int k = Math.max(kp - 1, 0);
    long axp = (xp << (bw - 1 - kp)) & Ring.mask(bw);
    claim(axp - (1L << (bw - 1)), bw, "ax' - 2^(bw-1)");
    long twoAx = (axp - (1L << (bw - 1 - kp))) & Ring.mask(wide);
    long e = ((twoAx & Ring.mask(bw - 1)) >>> (bw - g - 1)) & Ring.mask(g);
    int b = ClearMath.rsqrtParity(k, prm.scaleIn());
    long y0 = lut[(int) ((2 * e + b) & Ring.mask(g + 1))];
    long ysq = (y0 * y0) & Ring.mask(2 * g + 5);
    claim(y0, g + 4, "Y0");
    claim(ysq, 2 * g + 6, "Ysq");
    long twoX = (twoAx * (1 + b)) & Ring.mask(wide);
    long b0 = (twoX >>> (bw - 1 - s)) & Ring.mask(s + 3);
    claim(b0, s + 3, "b0");
    long b1 = (((ysq * b0) & Ring.mask(2 * g + s + 7)) >>> (2 * g + 4)) & Ring.mask(s + 3);
    claim(b1, s + 3, "b1");
    long yc = ((3L << s) - b1) & Ring.mask(s + 3);
    claim(yc, s + 3, "Yc");
    long xc = (((y0 * yc) & Ring.mask(s + g + 5)) >>> (g + 3)) & Ring.mask(s + 2);
    claim(xc, s + 2, "x1");
    int xcBits = s + 2;
    if (prm.iterations() == 2) {
      long ysq2 = (((yc * yc) & Ring.mask(2 * s + 3)) >>> (s + 2)) & Ring.mask(s + 1);
      long b2 = (((ysq2 * b1) & Ring.mask(2 * s + 2)) >>> s) & Ring.mask(s + 2);
      long yc2 = ((3L << s) - b2) & Ring.mask(s + 2);
      xc = (((xc * yc2) & Ring.mask(2 * s + 2)) >>> (s + 1)) & Ring.mask(s + 1);
      xcBits = s + 1;
    }
    int hw = bw / 2;
    int sas = ClearMath.rsqrtShift(bw, prm.scaleIn());
    int l = Math.min(s + 1 + hw, prm.bwOut() + sas);
    long c = ClearMath.rsqrtDenormalizer(k, bw, prm.scaleIn());
    long v = ((c == 0 ? 0 : xc) << (c == 0 ? 0 : Long.numberOfTrailingZeros(c))) & Ring.mask(l);
    assertTrue(xc < 1L << xcBits);
    long r = (v >>> sas) & Ring.mask(l - sas);
    if (prm.bwOut() <= l - sas) {
      return r & Ring.mask(prm.bwOut());
    }
    assertEquals(prm.resultBits(), l - sas);
    claim(r, prm.resultBits(), "r");
    return r;
  }

  private static void claim(long v, int bits, String what) {
    assertTrue(v >= 0 && v < 1L << (bits - 1), what + " = " + v + " must be below 2^" + (bits - 1));
  }
}
