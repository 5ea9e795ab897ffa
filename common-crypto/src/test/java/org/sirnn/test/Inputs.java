package org.sirnn.test;

import java.util.Random;
import org.sirnn.ring.Ring;

/** Test inputs for secure operations: edge-case and random l-bit values, and their splitting into shares. */
public final class Inputs {
  private Inputs() {}

  /**
   * n values of l bits: the edge cases 0, 1, -1, 2^(l-1)-1, -2^(l-1), 2, 2^(l-1)+1, 2^(l-1)-2, -2 first (those
   * that exist at this width), then random values.
   */
  public static long[] withEdges(Random rnd, int n, int l) {
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

  /**
   * {share0, share1} of x over Z_2^l, mixing shares that wrap and shares that do not: share0 is 0, x, the all-ones
   * value or random, in turn.
   */
  public static long[][] split(Random rnd, long[] x, int l) {
    long mask = Ring.mask(l);
    long[] s0 = new long[x.length];
    long[] s1 = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      s0[i] = switch (i % 4) {
        case 0 -> 0;
        case 1 -> x[i] & mask;
        case 2 -> mask;
        default -> rnd.nextLong() & mask;
      };
      s1[i] = (x[i] - s0[i]) & mask;
    }
    return new long[][] {s0, s1};
  }

  /** Uniform l-bit values. */
  public static long[] random(Random rnd, int n, int l) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextLong() & Ring.mask(l);
    }
    return v;
  }

  /** a + b mod 2^l, element-wise (reconstruction of shares). */
  public static long[] open(long[] a, long[] b, int l) {
    long[] out = new long[a.length];
    Ring.add(a, b, out, l);
    return out;
  }

  /** Shares ({@link #split}) of n values with edges ({@link #withEdges}) of l bits. */
  public static long[][] sharedWithEdges(Random rnd, int n, int l) {
    return split(rnd, withEdges(rnd, n, l), l);
  }

  /** Shares of edge-case inputs for {@code lanes} lanes, lane i with first + step * i values of l bits. */
  public static long[][][] perLane(Random rnd, int lanes, int first, int step, int l) {
    long[][][] x = new long[lanes][][];
    for (int i = 0; i < lanes; i++) {
      x[i] = sharedWithEdges(rnd, first + step * i, l);
    }
    return x;
  }
}
