package org.sirnn.fixed;

import java.util.Random;
import org.sirnn.ring.Ring;

/** Inputs and share splitting for the fixed-point protocol tests. */
final class FixedTestSupport {
  private FixedTestSupport() {}

  /** n l-bit values: edge cases first (0, 1, -1, max signed, min signed, 2, 2^(l-1) +- small), then random. */
  static long[] values(Random rnd, int n, int l) {
    long mask = Ring.mask(l);
    long half = 1L << (l - 1);
    long[] edges = {0, 1, mask, (half - 1) & mask, half & mask, 2 & mask, (half + 1) & mask, (half - 2) & mask,
        (mask - 1) & mask};
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = i < edges.length ? edges[i] : rnd.nextLong() & mask;
    }
    return v;
  }

  /** {share0, share1} of x: some shares wrap, some do not (share0 = 0, = x, = max, random). */
  static long[][] split(Random rnd, long[] x, int l) {
    long mask = Ring.mask(l);
    long[] s0 = new long[x.length];
    long[] s1 = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      s0[i] = switch (i % 4) {
        case 0 -> 0;
        case 1 -> x[i];
        case 2 -> mask;
        default -> rnd.nextLong() & mask;
      };
      s1[i] = (x[i] - s0[i]) & mask;
    }
    return new long[][] {s0, s1};
  }

  static long[] open(long[] a, long[] b, int l) {
    long[] out = new long[a.length];
    Ring.add(a, b, out, l);
    return out;
  }
}
