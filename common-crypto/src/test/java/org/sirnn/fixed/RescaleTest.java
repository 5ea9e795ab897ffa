package org.sirnn.fixed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sirnn.clear.FixedOps;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.ring.Ring;
import org.sirnn.test.Parties;

/** {@link Rescale#floorShift} equals its twin {@link FixedOps#floorShift} bit for bit on random and edge values. */
class RescaleTest {

  /** Random values plus 0, +-1, min, max and the neighbours of +-2^(bwIn-2). */
  static long[] inputs(int bwIn, int n, long seed) {
    Random r = new Random(seed);
    long[] x = new long[n];
    long min = -(1L << (bwIn - 1));
    long max = bwIn == 64 ? Long.MAX_VALUE : (1L << (bwIn - 1)) - 1;
    long q = 1L << (bwIn - 2);
    long[] edge = {0, 1, -1, min, max, min + 1, max - 1, q, q - 1, -q, -q + 1, 2, -2};
    for (int i = 0; i < n; i++) {
      x[i] = Ring.reduce(i < edge.length ? edge[i] : r.nextLong(), bwIn);
    }
    return x;
  }

  @ParameterizedTest(name = "bwIn {0}, s {1}, bwOut {2}")
  @CsvSource({"16, 0, 16", "16, 1, 16", "16, 5, 11", "16, 5, 16", "16, 12, 4", "16, 14, 32", "32, 14, 16",
      "32, 9, 16", "32, 20, 40", "37, 21, 16", "64, 30, 34", "64, 1, 64", "8, 7, 8", "20, 3, 64"})
  void secureEqualsTwin(int bwIn, int s, int bwOut) throws Exception {
    int n = 1000;
    long[] x = inputs(bwIn, n, 31L * bwIn + s);
    long[] twin = new long[n];
    for (int i = 0; i < n; i++) {
      twin[i] = FixedOps.floorShift(x[i], bwIn, s, bwOut);
    }
    var r = Parties.run(p -> {
      long[] sh = Sharing.share(p, Party.Role.CLIENT, null, n, bwIn);
      return Sharing.open(p, Rescale.floorShift(p, sh, bwIn, s, bwOut), bwOut);
    }, p -> {
      long[] sh = Sharing.share(p, Party.Role.CLIENT, x, n, bwIn);
      return Sharing.open(p, Rescale.floorShift(p, sh, bwIn, s, bwOut), bwOut);
    }, 60);
    assertArrayEquals(twin, r.client());
    assertArrayEquals(twin, r.server());
  }

  @ParameterizedTest
  @CsvSource({"16, -1", "16, 16"})
  void rejectsShiftsOutsideTheRing(int bwIn, int s) throws Exception {
    var r = Parties.run(p -> assertThrows(IllegalArgumentException.class,
        () -> Rescale.floorShift(p, new long[1], bwIn, s, 16)), p -> assertThrows(IllegalArgumentException.class,
        () -> Rescale.floorShift(p, new long[1], bwIn, s, 16)), 10);
    org.junit.jupiter.api.Assertions.assertTrue(r.client().getMessage().contains("shift " + s));
  }
}
