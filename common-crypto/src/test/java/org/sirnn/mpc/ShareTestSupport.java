package org.sirnn.mpc;

import java.util.Random;
import org.sirnn.test.Inputs;

/** The bitwidths the core-protocol tests sweep, and short names for {@link Inputs}. */
final class ShareTestSupport {
  static final int[] WIDTHS = {1, 2, 8, 13, 16, 31, 32, 37, 63, 64};

  private ShareTestSupport() {}

  static long[] valuesWithEdges(Random rnd, int n, int l) {
    return Inputs.withEdges(rnd, n, l);
  }

  static long[][] split(Random rnd, long[] x, int l) {
    return Inputs.split(rnd, x, l);
  }

  static long[] random(Random rnd, int n, int l) {
    return Inputs.random(rnd, n, l);
  }

  static long[] add(long[] a, long[] b, int l) {
    return Inputs.open(a, b, l);
  }
}
