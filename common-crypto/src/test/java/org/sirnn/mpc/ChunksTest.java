package org.sirnn.mpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.fixed.CrossTerm;
import org.sirnn.fixed.LookupTable;
import org.sirnn.fixed.WrapAndAllOnes;
import org.sirnn.ring.Ring;
import org.sirnn.test.Parties;

/**
 * Issue 17, item 1: protocol calls over more instances than one chunk holds run in chunks and give the same
 * outputs as the cleartext twin; the rounds grow with the number of chunks, the memory does not grow with n.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChunksTest {

  @Test
  void map_concatenatesChunksInOrder() {
    int[] calls = {0};
    long[] out = Chunks.map(10, 4, (from, to) -> {
      calls[0]++;
      long[] r = new long[to - from];
      for (int i = 0; i < r.length; i++) {
        r[i] = from + i;
      }
      return r;
    });
    assertEquals(3, calls[0]);
    for (int i = 0; i < 10; i++) {
      assertEquals(i, out[i]);
    }
    long[][] rows = Chunks.mapRows(5, 2, 2, (from, to) -> new long[][] {
        java.util.stream.LongStream.range(from, to).toArray(), java.util.stream.LongStream.range(from, to).map(v -> -v)
        .toArray()});
    assertEquals(4, rows[0][4]);
    assertEquals(-3, rows[1][3]);
  }

  @Test
  void chunkSize_boundsTheWorkingSet() {
    assertEquals(Chunks.MIN_CHUNK, Chunks.size(Long.MAX_VALUE / 2));
    long per = 6000;
    assertTrue(Chunks.size(per) * per <= Chunks.WORKING_SET_BYTES);
  }

  @Test
  void millionaire64_overSeveralChunks_equalsTwin() throws Exception {
    int l = 64;
    int n = 3 * Chunks.MIN_CHUNK + 17; // > 2 chunks at l = 64
    Random rnd = new Random(64);
    long[] x = new long[n];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextLong();
      y[i] = i % 5 == 0 ? x[i] : i % 5 == 1 ? x[i] + 1 : rnd.nextLong();
    }
    var r = Parties.run(p -> {
      long before = p.traffic().rounds();
      long[] s = Millionaire.lessThan(p, Party.Role.SERVER, x, l);
      return new Object[] {s, p.traffic().rounds() - before};
    }, p -> Millionaire.lessThan(p, Party.Role.SERVER, y, l), 100);
    long[] s = (long[]) r.server()[0];
    for (int i = 0; i < n; i++) {
      assertEquals(Long.compareUnsigned(x[i], y[i]) < 0 ? 1 : 0, s[i] ^ r.client()[i], "i=" + i);
    }
    // one call at l = 64 takes 6 rounds; in chunks it takes more (here at least two chunks)
    assertTrue((long) r.server()[1] > 6, "rounds " + r.server()[1]);
  }

  @Test
  void crossTerm64_andLookup_overSeveralChunks_equalTwin() throws Exception {
    int l = 64;
    int n = 20_000;
    Random rnd = new Random(7);
    long[] a0 = new long[n];
    long[] a1 = new long[n];
    long[] b0 = new long[n];
    long[] b1 = new long[n];
    long[] x0 = new long[n];
    long[] x1 = new long[n];
    for (int i = 0; i < n; i++) {
      a0[i] = rnd.nextLong();
      a1[i] = rnd.nextLong();
      b0[i] = rnd.nextLong();
      b1[i] = rnd.nextLong();
      x0[i] = rnd.nextInt(256);
      x1[i] = rnd.nextInt(256);
    }
    long[] table = new long[256];
    for (int i = 0; i < 256; i++) {
      table[i] = rnd.nextLong() & Ring.mask(20);
    }
    var r = Parties.run(p -> new long[][] {CrossTerm.twoWay(p, a0, l, b0, l, l),
        LookupTable.lookup(p, x0, 8, table, 20), WrapAndAllOnes.compute(p, x0, 8)[0]},
        p -> new long[][] {CrossTerm.twoWay(p, a1, l, b1, l, l), LookupTable.lookup(p, x1, 8, null, 20),
            WrapAndAllOnes.compute(p, x1, 8)[0]}, 100);
    for (int i = 0; i < n; i++) {
      assertEquals(a0[i] * b1[i] + a1[i] * b0[i], r.server()[0][i] + r.client()[0][i], "cross term i=" + i);
      assertEquals(table[(int) ((x0[i] + x1[i]) & 255)], (r.server()[1][i] + r.client()[1][i]) & Ring.mask(20),
          "lookup i=" + i);
      assertEquals(x0[i] + x1[i] > 255 ? 1 : 0, r.server()[2][i] ^ r.client()[2][i], "wrap i=" + i);
    }
  }
}
