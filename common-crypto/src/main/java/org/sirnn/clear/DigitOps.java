package org.sirnn.clear;

import org.sirnn.ring.Ring;

/**
 * Cleartext twins of digit decomposition and MSNZB ({@code fixed.DigitDecomposition}, {@code fixed.Msnzb}): what
 * the secure protocols output on the reconstructed values. Inputs are l-bit ring elements read as unsigned.
 */
public final class DigitOps {
  private DigitOps() {}

  /** Number of digits of width d in l bits: ceil(l/d). */
  public static int digitCount(int l, int d) {
    Ring.checkBitwidth(l);
    if (d < 1) {
      throw new IllegalArgumentException("digit width must be >= 1, got " + d);
    }
    return (l + d - 1) / d;
  }

  /**
   * The c = ceil(l/d) digits of uint_l(x), least significant first: digit i = bits [i d, i d + size_i), with
   * size_i = d except the last, l - d (c - 1).
   */
  public static long[] digits(long x, int l, int d) {
    int c = digitCount(l, d);
    long v = Ring.reduce(x, l);
    long[] out = new long[c];
    for (int i = 0; i < c; i++) {
      int size = i < c - 1 ? d : l - d * (c - 1);
      out[i] = (v >>> (i * d)) & Ring.mask(size);
    }
    return out;
  }

  /** Width of the MSNZB index for l-bit inputs: ceil(log2 l), at least 1. */
  public static int indexBits(int l) {
    Ring.checkBitwidth(l);
    int b = 1;
    while ((1L << b) < l) {
      b++;
    }
    return b;
  }

  /** MSNZB index: floor(log2 uint_l(x)) for x != 0, and 0 for x = 0. */
  public static long msnzbIndex(long x, int l) {
    long v = Ring.reduce(x, l);
    return v == 0 ? 0 : 63 - Long.numberOfLeadingZeros(v);
  }

  /** One-hot MSNZB as an l-bit word: bit i set iff 2^i &lt;= uint_l(x) &lt; 2^(i+1); bit 0 for x = 0. */
  public static long oneHot(long x, int l) {
    return 1L << msnzbIndex(x, l);
  }

  /** {@link #oneHot} as l bits, one per long (bits[i] = z_i). */
  public static long[] oneHotBits(long x, int l) {
    long w = oneHot(x, l);
    long[] bits = new long[l];
    for (int i = 0; i < l; i++) {
      bits[i] = (w >>> i) & 1;
    }
    return bits;
  }

  /** k of the normalisation of l-bit x: the MSNZB index of its low l - 1 bits. */
  public static long normaliseIndex(long x, int l) {
    return msnzbIndex(Ring.reduce(x, l - 1), l - 1);
  }

  /**
   * Normalised mantissa of l-bit x with MSB 0: v * 2^(l-2-k) with v = the low l - 1 bits of x and k =
   * {@link #normaliseIndex}, an (l-1)-bit value in [2^(l-2), 2^(l-1)) (i.e. [1, 2) at scale l - 2) for v &gt; 0,
   * and 0 for v = 0.
   */
  public static long normalise(long x, int l) {
    if (l < 2) {
      throw new IllegalArgumentException("normalise needs l >= 2, got " + l);
    }
    long v = Ring.reduce(x, l - 1);
    long k = normaliseIndex(x, l);
    return Ring.reduce(v << (l - 2 - k), l - 1);
  }
}
