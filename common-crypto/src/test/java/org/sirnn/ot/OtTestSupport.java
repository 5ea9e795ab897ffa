package org.sirnn.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.sirnn.ring.Ring;

/** Inputs and checks shared by the OT tests of every backend. */
public final class OtTestSupport {
  private OtTestSupport() {}

  /** n random values of l bits. */
  public static long[] values(Random rnd, int n, int l) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextLong() & Ring.mask(l);
    }
    return v;
  }

  /** n random choice bits, one word more than needed, with garbage above bit n that must be ignored. */
  public static long[] bits(Random rnd, int n) {
    long[] w = new long[(n + 63) / 64 + 1];
    for (int i = 0; i < w.length; i++) {
      w[i] = rnd.nextLong();
    }
    return w;
  }

  /** Bit i of a packed bit vector. */
  public static boolean bit(long[] w, int i) {
    return ((w[i >>> 6] >>> (i & 63)) & 1) != 0;
  }

  /** The COT relation: out_i = r_i + b_i delta_i mod 2^l, and r_i has l bits. */
  public static void assertCot(long[] r, long[] delta, long[] choices, long[] out, int l) {
    assertEquals(r.length, out.length);
    for (int i = 0; i < r.length; i++) {
      long expect = bit(choices, i) ? Ring.add(r[i], delta[i], l) : r[i];
      assertEquals(expect, out[i], "instance " + i + " l=" + l);
      assertEquals(0, r[i] & ~Ring.mask(l));
    }
  }
}
