package org.sirnn.ring;

/**
 * Moves a matrix of k bit-columns of n bits each between the padded layout of {@link BitMatrix} (column j in words
 * [j*w, (j+1)*w), w = ceil(n/64)) and the exact layout on the wire (column j at bits [j*n, (j+1)*n) of one bit
 * stream), so OT extension sends exactly k*n bits per batch whatever n is.
 */
public final class BitColumns {
  private BitColumns() {}

  /** The k columns of n bits as one stream of k*n bits (64 per word, padding above k*n zero). */
  public static long[] compact(long[] cols, int k, int n) {
    int w = BitMatrix.columnWords(n);
    long total = (long) k * n;
    long[] out = new long[BitPacking.bitsWords(total)];
    if (n % 64 == 0) {
      System.arraycopy(cols, 0, out, 0, k * w);
      return out;
    }
    for (int j = 0; j < k; j++) {
      copyBits(cols, (long) j * w * 64, out, (long) j * n, n);
    }
    return out;
  }

  /** Inverse of {@link #compact}: fills {@code cols} (k*w words) from a stream of k*n bits; padding bits zero. */
  public static void expand(long[] stream, int k, int n, long[] cols) {
    int w = BitMatrix.columnWords(n);
    if (n % 64 == 0) {
      System.arraycopy(stream, 0, cols, 0, k * w);
      return;
    }
    java.util.Arrays.fill(cols, 0, k * w, 0L);
    for (int j = 0; j < k; j++) {
      copyBits(stream, (long) j * n, cols, (long) j * w * 64, n);
    }
  }

  /**
   * ORs {@code nbits} bits from {@code src} starting at bit {@code srcBit} into {@code dst} starting at bit
   * {@code dstBit}; the destination bits must be zero beforehand.
   */
  static void copyBits(long[] src, long srcBit, long[] dst, long dstBit, long nbits) {
    long done = 0;
    while (done < nbits) {
      long s = srcBit + done;
      long d = dstBit + done;
      int sOff = (int) (s & 63);
      int dOff = (int) (d & 63);
      int take = (int) Math.min(nbits - done, Math.min(64 - sOff, 64 - dOff));
      long bits = src[(int) (s >>> 6)] >>> sOff;
      if (take < 64) {
        bits &= (1L << take) - 1;
      }
      dst[(int) (d >>> 6)] |= bits << dOff;
      done += take;
    }
  }
}
