package org.sirnn.math;

import org.sirnn.mpc.Party;
import org.sirnn.ring.Ring;

/** Local share arithmetic the math functions share: public constants (server side only), reductions. */
final class Arith {
  private Arith() {}

  /** x + c over Z_2^l: the server adds the public constant to its share. */
  static long[] addPublic(Party p, long[] x, long c, int l) {
    long mask = Ring.mask(l);
    long[] out = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (x[i] + (p.isServer() ? c : 0)) & mask;
    }
    return out;
  }

  /** Shares reduced to l bits (exact reduction of the shared value mod 2^l). */
  static long[] reduce(long[] x, int l) {
    long mask = Ring.mask(l);
    long[] out = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] & mask;
    }
    return out;
  }
}
