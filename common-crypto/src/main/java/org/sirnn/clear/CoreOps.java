package org.sirnn.clear;

import org.sirnn.ring.Ring;

/**
 * Cleartext twins of the core 2PC protocols (package {@code mpc}): what each secure operation must output, on the
 * reconstructed values. Values are l-bit ring elements (low l bits of a long); bits are 0 or 1.
 */
public final class CoreOps {
  private CoreOps() {}

  /** MSB of the l-bit value x (1 when x is negative in two's complement). */
  public static long msb(long x, int l) {
    return (x >>> (l - 1)) & 1L;
  }

  /** DReLU: 1 when x >= 0 as a signed l-bit value, else 0. */
  public static long drelu(long x, int l) {
    return 1L ^ msb(x, l);
  }

  /** Wrap: 1 when x0 + x1 >= 2^l over the integers (x0, x1 taken as unsigned l-bit values). */
  public static long wrap(long x0, long x1, int l) {
    long a = Ring.reduce(x0, l);
    long b = Ring.reduce(x1, l);
    if (l == 64) {
      return Long.compareUnsigned(a + b, a) < 0 ? 1 : 0;
    }
    return ((a + b) >>> l) & 1L;
  }

  /** 1 when x < y as unsigned l-bit values. */
  public static long lessThan(long x, long y, int l) {
    return Long.compareUnsigned(Ring.reduce(x, l), Ring.reduce(y, l)) < 0 ? 1 : 0;
  }

  /** 1 when x > y as unsigned l-bit values. */
  public static long greaterThan(long x, long y, int l) {
    return lessThan(y, x, l);
  }

  /** b * y mod 2^l for a bit b. */
  public static long mux(long b, long y, int l) {
    return (b & 1) == 0 ? 0 : Ring.reduce(y, l);
  }

  /** ReLU of the signed l-bit value x, as an l-bit value. */
  public static long relu(long x, int l) {
    return mux(drelu(x, l), x, l);
  }
}
