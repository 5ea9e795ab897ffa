package org.sirnn.mpc;

import java.util.Random;
import org.sirnn.ring.Ring;

/** Random and edge-case inputs, and splitting into shares, for the protocol tests. */
final class ShareTestSupport {
  static final int[] WIDTHS = {1, 2, 8, 13, 16, 31, 32, 37, 63, 64};

  private ShareTestSupport() {}

  /** n values of l bits: the edge cases 0, 1, -1, 2^(l-1)-1, -2^(l-1) first, then random ones. */
  static long[] valuesWithEdges(Random rnd, int n, int l) {
    long mask = Ring.mask(l);
    long[] edges = {0, 1, mask, (1L << (l - 1)) - 1 & mask, (1L << (l - 1)) & mask, 2 & mask, (mask - 1) & mask};
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = i < edges.length ? edges[i] : rnd.nextLong() & mask;
    }
    return v;
  }

  /**
   * Shares of x: {share0, share1}. Includes shares that wrap and shares that do not (share0 = 0 for some, x for
   * others, random for the rest).
   */
  static long[][] split(Random rnd, long[] x, int l) {
    long mask = Ring.mask(l);
    long[] s0 = new long[x.length];
    long[] s1 = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      int kind = i % 5;
      s0[i] = switch (kind) {
        case 0 -> 0;
        case 1 -> x[i];
        case 2 -> mask;
        default -> rnd.nextLong() & mask;
      };
      s1[i] = (x[i] - s0[i]) & mask;
    }
    return new long[][] {s0, s1};
  }

  static long[] random(Random rnd, int n, int l) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextLong() & Ring.mask(l);
    }
    return v;
  }

  static long[] add(long[] a, long[] b, int l) {
    long[] out = new long[a.length];
    Ring.add(a, b, out, l);
    return out;
  }
}
