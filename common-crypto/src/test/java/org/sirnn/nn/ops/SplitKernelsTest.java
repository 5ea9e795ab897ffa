package org.sirnn.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.mpc.Party;
import org.sirnn.ot.OtBackend;
import org.sirnn.test.Parties;
import org.sirnn.test.TwoParties;

/**
 * {@link SplitKernels} ({@code --threads N}): every primitive split into slices gives the opened results of the
 * whole array in one call, bit for bit, for N = 2 and 3, in the clear (the slicing alone) and on shares (the slices
 * in lanes over IKNP and over Ferret lane views), on random inputs with the edge values
 * first, on slices that do not start at a multiple of a broadcast operand's length.
 */
@Timeout(600)
class SplitKernelsTest {

  /** 3 slices of at least MIN_SLICE elements for N = 3. */
  private static final int N = 3 * SplitKernels.MIN_SLICE + 77;

  /** The inputs of one run: the client's 16-bit values x, y (y shorter) and the server's weights. */
  record Data(long[] x, long[] y, long[] wCols, long[] wInner, long[] wShort, long[] table) {}

  static final int D2 = 31;
  static final int D3 = N / D2; // X of the column-split product: D2 x D3
  static final int D1 = 5;
  static final int OUTER_T = 3;
  static final int OUTER_M = 7; // table rows: slices start at rows that are not multiples of 7
  static final int CLASSES = 10;

  static Data data(long seed) {
    Random rnd = new Random(seed);
    long[] x = edges(rnd, N, 16);
    long[] y = edges(rnd, N - 11, 16);
    return new Data(x, y, random(rnd, D1 * D2, 8), random(rnd, D1 * N, 8), random(rnd, 7, 8),
        random(rnd, OUTER_M * OUTER_T, 8));
  }

  static long[] edges(Random rnd, int n, int l) {
    return org.sirnn.test.Inputs.withEdges(rnd, n, l);
  }

  static long[] random(Random rnd, int n, int l) {
    return org.sirnn.test.Inputs.random(rnd, n, l);
  }

  /**
   * One call of every splittable primitive, each opened to the client (the weight holder passes the weights, the
   * client, or the twin, its inputs); returns the opened results (null entries on the server).
   */
  static List<long[]> program(Kernels k, Data d, boolean hasInput) {
    boolean holder = k.hasWeights();
    List<long[]> out = new ArrayList<>();
    long[] x = k.input(hasInput ? d.x() : null, N, 16);
    long[] y = k.input(hasInput ? d.y() : null, N - 11, 16);
    long[] ySame = java.util.Arrays.copyOf(y, N); // y padded with zero shares: the length of x
    out.add(k.revealToClient(k.matmul(holder ? d.wCols() : null, 8, java.util.Arrays.copyOf(x, D2 * D3), 16, D1,
        D2, D3, 40), 40));
    out.add(k.revealToClient(k.matmul(holder ? d.wInner() : null, 8, x, 16, D1, N, 1, 40), 40));
    out.add(k.revealToClient(k.mulServer(x, 16, holder ? d.wShort() : null, 8, 24), 24));
    out.add(k.revealToClient(k.smult(x, 16, ySame, 16, 32), 32));
    out.add(k.revealToClient(k.rescale(x, 16, 5, 16), 16));
    out.add(k.revealToClient(k.rescale(x, 16, 0, 32), 32));
    long[] r = k.relu(x, 16);
    out.add(k.revealToClient(r, 16));
    out.add(k.revealToClient(k.extendNonNegative(r, 16, 32), 32));
    out.add(k.revealToClient(k.sigmoid(x, 16, 9, 16, 14), 16));
    out.add(k.revealToClient(k.tanh(x, 16, 9, 16, 9), 16));
    long[][] st = k.sigmoidTanh(x, y, 16, 9, 14, 9, 9, 16);
    out.add(k.revealToClient(st[0], 16));
    out.add(k.revealToClient(st[1], 16));
    out.add(k.revealToClient(k.rsqrt(x, 16, 10, 16, 12), 16));
    out.add(k.revealToClient(k.mulServerOuter(x, 16, holder ? d.table() : null, 8, OUTER_T, 24), 24));
    int rows = N / CLASSES;
    out.add(k.revealToClient(k.argmax(java.util.Arrays.copyOf(x, rows * CLASSES), 16, rows, CLASSES),
        org.sirnn.fixed.Argmax.indexBits(CLASSES)));
    return out;
  }

  private static void assertSame(List<long[]> expected, List<long[]> actual, String what) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), what + ": result " + i);
    }
  }

  @Test
  void slicesInTheClearEqualTheWholeArrays() {
    Data d = data(1);
    List<long[]> whole = program(new ClearKernels(), d, true);
    for (int n : new int[] {2, 3, 5}) {
      assertSame(whole, program(new SplitKernels(new ClearKernels(), n), d, true), n + " workers, in the clear");
    }
  }

  @Test
  void smallArraysStayWhole_andSlicesDifferByAtMostOne() {
    SplitKernels s = new SplitKernels(new ClearKernels(), 4);
    assertEquals(1, s.lanes(2 * SplitKernels.MIN_SLICE - 1, Integer.MAX_VALUE));
    assertEquals(2, s.lanes(2 * SplitKernels.MIN_SLICE, Integer.MAX_VALUE));
    assertEquals(4, s.lanes(100 * SplitKernels.MIN_SLICE, Integer.MAX_VALUE));
    assertEquals(3, s.lanes(100 * SplitKernels.MIN_SLICE, 3));
    assertEquals(0, SplitKernels.from(10, 3, 0));
    assertEquals(3, SplitKernels.from(10, 3, 1));
    assertEquals(6, SplitKernels.from(10, 3, 2));
    assertEquals(10, SplitKernels.from(10, 3, 3));
  }

  /** The opened results of the program over the secure kernels made by {@code kernels} for each party. */
  static List<long[]> secure(OtBackend backend, Data d, Function<Party, Kernels> kernels) throws Exception {
    TwoParties.Results<List<long[]>, List<long[]>> r = Parties.run(backend,
        p -> program(kernels.apply(p), d, false), p -> program(kernels.apply(p), d, true), 300);
    return r.client();
  }

  @Test
  void lanesOnSharesEqualOneWorker_iknp() throws Exception {
    Data d = data(2);
    List<long[]> twin = program(new ClearKernels(), d, true);
    List<long[]> one = secure(OtBackend.IKNP, d, p -> new SecureKernels(p, 1));
    assertSame(twin, one, "1 worker vs the twin");
    for (int n : new int[] {2, 3}) {
      List<long[]> many = secure(OtBackend.IKNP, d, p -> {
        SecureKernels k = new SecureKernels(p, n);
        assertEquals(n, k.workers());
        return k;
      });
      assertSame(one, many, n + " workers vs 1");
    }
  }

  @Test
  void ferretSlicesForcedThroughLanes_sameResults() throws Exception {
    Data d = data(3);
    List<long[]> twin = program(new ClearKernels(), d, true);
    long[][] lanes = new long[2][];
    Function<Party, Kernels> split = p -> {
      assertEquals(1, new SecureKernels(p, 2).workers(), "Ferret: one worker (--threads is ignored)");
      // the slices forced through Party.parallel: the first fork at each site runs in turn, later ones in lanes on
      // regions of the recorded size, overflowing to IKNP where the site serves another size
      return new SplitKernels(new SecureKernels(p, 1), 2);
    };
    TwoParties.Results<List<long[]>, List<long[]>> r = Parties.run(OtBackend.FERRET,
        p -> {
          List<long[]> out = program(split.apply(p), d, false);
          org.sirnn.ot.ferret.FerretOt f = (org.sirnn.ot.ferret.FerretOt) p.cot();
          lanes[0] = new long[] {f.cotsWastedInLanes(), f.otsOverflowedInLanes()};
          return out;
        },
        p -> {
          List<long[]> out = program(split.apply(p), d, true);
          org.sirnn.ot.ferret.FerretOt f = (org.sirnn.ot.ferret.FerretOt) p.cot();
          lanes[1] = new long[] {f.cotsWastedInLanes(), f.otsOverflowedInLanes()};
          return out;
        }, 300);
    assertSame(twin, r.client(), "Ferret, 2 slices vs the twin");
    // element-wise primitives share one fork site of different sizes: lanes ran, with waste or overflow
    assertTrue(lanes[1][0] + lanes[1][1] > 0, "wasted " + lanes[1][0] + ", overflowed " + lanes[1][1]);
    assertEquals(lanes[0][0] + lanes[0][1], lanes[1][0] + lanes[1][1]);
  }

  @Test
  void theSessionsCountReachesKernelsBuiltOnItsParty_lanesHaveOne() throws Exception {
    TwoParties.Results<int[], int[]> r = Parties.run(OtBackend.IKNP, SplitKernelsTest::counts,
        SplitKernelsTest::counts, 60);
    assertArrayEquals(new int[] {1, 2, 1, 1}, r.server());
    assertArrayEquals(new int[] {1, 2, 1, 1}, r.client());
  }

  private static int[] counts(Party p) {
    int before = new SecureKernels(p).workers();
    Workers.assign(p, 2);
    int after = new SecureKernels(p).workers();
    List<Integer> inLanes = new SecureKernels(p).parallel(List.<Function<Kernels, Integer>>of(
        q -> ((SecureKernels) q).workers(), q -> ((SecureKernels) q).workers()));
    Workers.assign(p, 1);
    return new int[] {before, after, inLanes.get(0), inLanes.get(1)};
  }
}
