package org.sirnn.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BitColumnsTest {

  @Test
  void compactThenExpand_roundTripsAndKeepsExactlyKTimesNBits() {
    Random rnd = new Random(4);
    for (int k : new int[] {1, 64, 128, 256}) {
      for (int n : new int[] {0, 1, 5, 63, 64, 65, 127, 1000, 4097}) {
        int w = BitMatrix.columnWords(n);
        long[] cols = new long[k * w];
        for (int j = 0; j < k; j++) {
          for (int i = 0; i < n; i++) {
            if (rnd.nextBoolean()) {
              cols[j * w + i / 64] |= 1L << (i % 64);
            }
          }
        }
        long[] stream = BitColumns.compact(cols, k, n);
        assertEquals(BitPacking.bitsWords((long) k * n), stream.length);
        for (int j = 0; j < k; j++) {
          for (int i = 0; i < n; i++) {
            long bitInCols = (cols[j * w + i / 64] >>> (i % 64)) & 1;
            long pos = (long) j * n + i;
            assertEquals(bitInCols, (stream[(int) (pos / 64)] >>> (pos % 64)) & 1);
          }
        }
        long[] back = new long[k * w];
        BitColumns.expand(stream, k, n, back);
        assertArrayEquals(cols, back, "k=" + k + " n=" + n);
      }
    }
  }
}
