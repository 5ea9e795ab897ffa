package org.sirnn.fixed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.clear.FixedOps;
import org.sirnn.mpc.Party;
import org.sirnn.nn.model.Inference;
import org.sirnn.net.Traffic;
import org.sirnn.ot.OtBackend;
import org.sirnn.ring.Ring;
import org.sirnn.test.Parties;
import org.sirnn.test.SecureBatch;

/**
 * The secure argmax ({@link Argmax}) against its cleartext twin ({@link FixedOps#argmax}) bit for bit, and the twin
 * against a left-to-right scan (lowest index of the maximum): random scores, ties, all-equal rows, the extremes of
 * the bitwidth (max - min overflows l bits), values around +-2^(l-1), 1, 2, 12 and 30 classes, batches of rows; and
 * its rounds grow with log2(classes), not with classes or rows.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SecureArgmaxTest {

  /** One argmax case: rows x classes scores of l bits. */
  private record Shape(int l, int rows, int classes) {}

  /** Scores drawn from the bitwidth's edge values (many ties, overflowing differences) or uniformly. */
  private static long[] scores(Random rnd, Shape s, boolean edgy) {
    int l = s.l();
    long mask = Ring.mask(l);
    long half = 1L << (l - 1);
    long[] pool = {half & mask, (half + 1) & mask, mask, 0, 1, (half - 2) & mask, (half - 1) & mask};
    long[] x = new long[s.rows() * s.classes()];
    for (int i = 0; i < x.length; i++) {
      x[i] = edgy ? pool[rnd.nextInt(l == 1 ? 2 : pool.length)] & mask : rnd.nextLong() & mask;
    }
    return x;
  }

  /** The first index of each row's maximum, by a left-to-right scan of the signed values. */
  private static long[] scan(long[] x, int l, int classes) {
    long[] signed = Ring.signedView(x, l);
    int[] a = Inference.argmax(signed, classes);
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  /** Runs every case's secure argmax in one session and checks it against the twin and the scan. */
  private static void check(OtBackend backend, List<Shape> shapes, List<long[]> inputs, long seed) throws Exception {
    List<SecureBatch.Case> cases = new ArrayList<>();
    for (int c = 0; c < shapes.size(); c++) {
      Shape s = shapes.get(c);
      cases.add(new SecureBatch.Case(inputs.get(c), s.l(), Argmax.indexBits(s.classes()),
          (p, sh) -> Argmax.argmax(p, sh, s.l(), s.rows(), s.classes())));
    }
    long[][] got = SecureBatch.run(backend, cases, seed, 280);
    for (int c = 0; c < shapes.size(); c++) {
      Shape s = shapes.get(c);
      long[] x = inputs.get(c);
      long[] twin = FixedOps.argmax(x, s.l(), s.rows(), s.classes());
      assertArrayEquals(scan(x, s.l(), s.classes()), twin, "twin vs scan, " + s);
      assertArrayEquals(twin, got[c], "secure vs twin, " + s + ", scores " + java.util.Arrays.toString(
          Ring.signedView(x, s.l())));
    }
  }

  @Test
  void secureEqualsTwin_randomAndEdgeScores_everyClassCountAndWidth() throws Exception {
    Random rnd = new Random(17);
    List<Shape> shapes = new ArrayList<>();
    List<long[]> inputs = new ArrayList<>();
    for (int l : new int[] {1, 2, 8, 13, 16, 32, 63}) {
      for (int classes : new int[] {1, 2, 3, 12, 30}) {
        for (boolean edgy : new boolean[] {false, true}) {
          Shape s = new Shape(l, edgy ? 7 : 3, classes);
          shapes.add(s);
          inputs.add(scores(rnd, s, edgy));
        }
      }
    }
    check(OtBackend.IKNP, shapes, inputs, 5);
  }

  @Test
  void ties_allEqual_extremes_andValuesAroundHalfTheRing() throws Exception {
    int l = 8;
    long[][] rows = {
        {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, // all equal: index 0
        {-128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128},
        {127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127},
        {-128, 127, -128, 127, -128, 127, -128, 127, -128, 127, -128, 127}, // max - min = 255: overflows 8 bits
        {127, -128, 127, -128, 127, -128, 127, -128, 127, -128, 127, -128},
        {-128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, 127}, // the max last
        {-1, 0, -1, 0, 126, -127, 127, -128, 127, 126, 0, -1}, // a tie of the max at 6 and 8: 6
        {3, 9, 9, 2, 9, 1, 0, 9, 8, 7, 9, 9}, // ties across subtrees: 1
        {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
        {-127, -128, -126, -128, -127, -126, -128, -127, -128, -126, -128, -128}, // all negative: 2
        {64, -65, 63, -64, 65, -63, 0, 1, -1, 100, -100, 100}, // 9 and 11 tie: 9
    };
    long[] x = new long[rows.length * 12];
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < 12; c++) {
        x[r * 12 + c] = rows[r][c] & Ring.mask(l);
      }
    }
    long[] want = {0, 0, 0, 1, 0, 11, 6, 1, 11, 2, 9};
    assertArrayEquals(want, FixedOps.argmax(x, l, rows.length, 12));
    // the same pairs of extremes at 16 and 32 bits, and 2 classes at the extremes of 63 bits
    List<Shape> shapes = new ArrayList<>(List.of(new Shape(l, rows.length, 12)));
    List<long[]> inputs = new ArrayList<>(List.of(x));
    for (int w : new int[] {16, 32, 63}) {
      long min = 1L << (w - 1);
      long max = min - 1;
      long m = Ring.mask(w);
      shapes.add(new Shape(w, 6, 2));
      inputs.add(new long[] {min, max, max, min, min, min, max, max, (min + 1) & m, min, max, (max - 1) & m});
    }
    check(OtBackend.IKNP, shapes, inputs, 9);
  }

  @Test
  void batchOfRows_thirtyClasses_onFerretToo() throws Exception {
    Random rnd = new Random(30);
    Shape s = new Shape(8, 40, 30);
    check(OtBackend.FERRET, List.of(s, new Shape(16, 9, 12)), List.of(scores(rnd, s, true),
        scores(rnd, new Shape(16, 9, 12), false)), 11);
  }

  /** Rounds of one warm argmax over rows x classes 8-bit scores (after a round boundary). */
  private static long rounds(int rows, int classes) throws Exception {
    var r = Parties.symmetric(p -> {
      p.setup();
      long[] sh = new long[rows * classes];
      Parties.roundBoundary(p, Party.Role.SERVER);
      Traffic tr = p.traffic();
      long r0 = tr.rounds();
      Argmax.argmax(p, sh, 8, rows, classes);
      return tr.rounds() - r0;
    }, 120);
    return Math.max(r.server(), r.client());
  }

  @Test
  void roundsGrowWithLog2OfClasses_notWithClassesOrRows() throws Exception {
    long r30 = rounds(1, 30);
    assertEquals(r30, rounds(64, 30), "rows are batched");
    assertEquals(r30, rounds(1, 32), "30 and 32 classes: 5 levels each");
    long r2 = rounds(1, 2);
    long r4 = rounds(1, 4);
    long perLevel = r4 - r2;
    assertTrue(perLevel > 0 && perLevel <= 6, "one level: a millionaires' and a MUX, " + perLevel + " rounds");
    assertEquals(r2 + 4 * perLevel, r30, "5 levels for 30 classes");
    assertEquals(0, rounds(3, 1), "1 class: nothing to compare");
  }

  @Test
  void indexBitsAndDepth_andInvalidShapesAreRefused() {
    assertEquals(1, Argmax.indexBits(1));
    assertEquals(1, Argmax.indexBits(2));
    assertEquals(4, Argmax.indexBits(12));
    assertEquals(5, Argmax.indexBits(30));
    assertEquals(5, Argmax.depth(30));
    assertEquals(0, Argmax.depth(1));
    assertThrows(IllegalArgumentException.class, () -> Argmax.indexBits(0));
    assertThrows(IllegalArgumentException.class, () -> FixedOps.argmax(new long[5], 8, 2, 3));
  }
}
