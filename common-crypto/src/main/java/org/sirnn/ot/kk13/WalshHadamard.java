package org.sirnn.ot.kk13;

/**
 * The Walsh-Hadamard code of length 256 used by {@link Kk13Ot}: the 8-bit message {@code y} maps to the codeword
 * {@code C(y)} in {0,1}<sup>256</sup> whose bit {@code j} is {@code parity(y & j)}, j in 0..255. It is linear
 * ({@code C(y xor y') = C(y) xor C(y')}) and any two distinct codewords differ in exactly 128 positions, so the
 * minimum distance is 128 for every alphabet size N = 2<sup>k</sup> up to 256 (a smaller N uses codewords of the
 * same length, the code of messages {@code y < N}).
 *
 * <p>Codewords are stored as 4 longs, bit {@code j} at bit {@code j % 64} of word {@code j / 64}, matching the row
 * layout of {@link org.sirnn.ring.BitMatrix} for 256 columns.
 */
final class WalshHadamard {

  /** Code length in bits (= number of base OTs of KK13 here). */
  static final int LENGTH = 256;

  /** Words of one codeword. */
  static final int WORDS = LENGTH / 64;

  /** {@code TABLE[4*y + w]} is word w of C(y), y in 0..255. */
  private static final long[] TABLE = build();

  private WalshHadamard() {}

  private static long[] build() {
    long[] t = new long[256 * WORDS];
    for (int y = 0; y < 256; y++) {
      for (int j = 0; j < LENGTH; j++) {
        if ((Integer.bitCount(y & j) & 1) != 0) {
          t[WORDS * y + (j >>> 6)] |= 1L << (j & 63);
        }
      }
    }
    return t;
  }

  /** Word {@code w} (0..3) of C(y), y in 0..255. */
  static long word(int y, int w) {
    return TABLE[WORDS * y + w];
  }

  /** Bit {@code j} of C(y). */
  static int bit(int y, int j) {
    return Integer.bitCount(y & j) & 1;
  }
}
