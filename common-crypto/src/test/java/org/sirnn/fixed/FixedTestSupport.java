package org.sirnn.fixed;

import java.util.Random;
import org.sirnn.test.Inputs;

/** Short names for {@link Inputs} in the fixed-point protocol tests. */
final class FixedTestSupport {
  private FixedTestSupport() {}

  static long[] values(Random rnd, int n, int l) {
    return Inputs.withEdges(rnd, n, l);
  }

  static long[][] split(Random rnd, long[] x, int l) {
    return Inputs.split(rnd, x, l);
  }

  static long[] open(long[] a, long[] b, int l) {
    return Inputs.open(a, b, l);
  }
}
