package org.sirnn.mpc;

/**
 * Conversions between the two bit layouts of the library: one bit per long (0 or 1, how XOR-shared bits travel
 * through protocols) and 64 bits per long (how OT choice vectors are packed).
 */
public final class BitVectors {
  private BitVectors() {}

  /** Packs the low bit of each of {@code bits[0..n)} into ceil(n/64) words. */
  public static long[] pack(long[] bits, int n) {
    long[] w = new long[(n + 63) >>> 6];
    for (int i = 0; i < n; i++) {
      w[i >>> 6] |= (bits[i] & 1L) << (i & 63);
    }
    return w;
  }

  /** Unpacks n bits from 64-per-word layout into one bit per long. */
  public static long[] unpack(long[] words, int n) {
    long[] b = new long[n];
    for (int i = 0; i < n; i++) {
      b[i] = (words[i >>> 6] >>> (i & 63)) & 1L;
    }
    return b;
  }

  /** a XOR b, element-wise, into a new array. */
  public static long[] xor(long[] a, long[] b) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] ^ b[i];
    }
    return out;
  }

  /** Flips every bit (1 XOR b) on one party's share only, which flips the shared bit. */
  public static long[] not(long[] share, boolean thisPartyFlips) {
    long[] out = share.clone();
    if (thisPartyFlips) {
      for (int i = 0; i < out.length; i++) {
        out[i] ^= 1L;
      }
    }
    return out;
  }
}
