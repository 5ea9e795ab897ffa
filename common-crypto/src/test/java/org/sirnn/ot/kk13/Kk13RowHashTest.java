package org.sirnn.ot.kk13;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.prg.CrHash;

/**
 * The KK13 row hash H(T, a||b) = TCCR(2^63 + T, b xor TCCR(T, a)) ({@link Kk13RowHash}): it matches its definition,
 * and its two halves are not independent, so that the meet-in-the-middle on separately hashed halves is gone.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Kk13RowHashTest {
  private static final int ROWS = 64;

  /** One random block per row. */
  private static long[] blocks(SplittableRandom r, int n) {
    long[] v = new long[2 * n];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextLong();
    }
    return v;
  }

  /** The definition, one row at a time through the one-block TCCR. */
  private static long[] reference(long[] a, long[] b, long tweak, int n) {
    long[] out = new long[2 * n];
    for (int p = 0; p < n; p++) {
      long[] c = new long[2];
      CrHash.tccr(a, p, tweak + p, 1, c, 0);
      long[] v = {b[2 * p] ^ c[0], b[2 * p + 1] ^ c[1]};
      CrHash.tccr(v, 0, Long.MIN_VALUE + tweak + p, 1, out, p);
    }
    return out;
  }

  @Test
  void matchesTheChainedDefinition_inBulkAndInPlace() {
    SplittableRandom r = new SplittableRandom(1);
    int n = 5000; // more than one bulk AES chunk of CrHash
    long[] a = blocks(r, n);
    long[] b = blocks(r, n);
    long tweak = 123_456_789L;
    long[] want = reference(a, b, tweak, n);
    assertArrayEquals(want, Kk13RowHash.hash(a, b, tweak, n));
    // the receiver's in-place use: chain over a, finish over b into b
    long[] a2 = a.clone();
    long[] b2 = b.clone();
    Kk13RowHash.chain(a2, 0, tweak, n, a2, 0);
    Kk13RowHash.finish(b2, 0, a2, 0, tweak, n, b2, 0);
    assertArrayEquals(want, b2);
    // offsets: rows 7.. of the batch, hashed on their own with tweak T + 7
    long[] c = new long[2 * (n - 7)];
    long[] out = new long[2 * (n - 7) + 6];
    Kk13RowHash.chain(a, 7, tweak + 7, n - 7, c, 0);
    Kk13RowHash.finish(b, 7, c, 0, tweak + 7, n - 7, out, 3);
    for (int p = 0; p < n - 7; p++) {
      assertTrue(out[6 + 2 * p] == want[2 * (7 + p)] && out[7 + 2 * p] == want[2 * (7 + p) + 1], "row " + (7 + p));
    }
  }

  /**
   * With independently hashed halves, H(a||b) xor H(a'||b) = TCCR(a) xor TCCR(a') for every b: the high half
   * cancels and each half can be attacked on its own. Chained, that difference depends on b.
   */
  @Test
  void halvesAreNotIndependent_theLowHalfDifferenceDependsOnTheHighHalf() {
    SplittableRandom r = new SplittableRandom(2);
    long[] a = blocks(r, ROWS);
    long[] a2 = blocks(r, ROWS);
    long[] b = blocks(r, ROWS);
    long[] b2 = blocks(r, ROWS);
    long tweak = 42;
    long[] hab = Kk13RowHash.hash(a, b, tweak, ROWS);
    long[] ha2b = Kk13RowHash.hash(a2, b, tweak, ROWS);
    long[] hab2 = Kk13RowHash.hash(a, b2, tweak, ROWS);
    long[] ha2b2 = Kk13RowHash.hash(a2, b2, tweak, ROWS);
    for (int w = 0; w < 2 * ROWS; w++) {
      assertNotEquals(hab[w] ^ ha2b[w], hab2[w] ^ ha2b2[w],
          "word " + w + ": H(a||b) xor H(a'||b) == H(a||b') xor H(a'||b'), the halves are hashed independently");
    }
  }

  /**
   * Two rows with equal high halves and different low halves give unrelated outputs (and likewise with equal low
   * halves), and changing only the high half changes the output.
   */
  @Test
  void rowsSharingOneHalf_haveUnrelatedOutputs() {
    SplittableRandom r = new SplittableRandom(3);
    long[] a = blocks(r, ROWS);
    long[] a2 = blocks(r, ROWS);
    long[] b = blocks(r, ROWS);
    long[] b2 = blocks(r, ROWS);
    long[] hab = Kk13RowHash.hash(a, b, 7, ROWS);
    long[] ha2b = Kk13RowHash.hash(a2, b, 7, ROWS);
    long[] hab2 = Kk13RowHash.hash(a, b2, 7, ROWS);
    long bits = 0;
    for (int w = 0; w < 2 * ROWS; w++) {
      assertNotEquals(hab[w], ha2b[w], "word " + w + ": only the low half changed");
      assertNotEquals(hab[w], hab2[w], "word " + w + ": only the high half changed");
      bits += Long.bitCount(hab[w] ^ ha2b[w]) + Long.bitCount(hab[w] ^ hab2[w]);
    }
    double mean = bits / (2.0 * 2 * ROWS); // per 64-bit word
    assertTrue(mean > 28 && mean < 36, "mean Hamming distance per word " + mean + ", want about 32");
  }

  /**
   * Every one of the 256 input bits flips about half of the 128 output bits (strict avalanche, averaged over rows):
   * each output bit depends on all input bits.
   */
  @Test
  void everyInputBitFlipsAboutHalfTheOutputBits() {
    SplittableRandom r = new SplittableRandom(4);
    long[] a = blocks(r, ROWS);
    long[] b = blocks(r, ROWS);
    long[] h = Kk13RowHash.hash(a, b, 99, ROWS);
    for (int bit = 0; bit < 256; bit++) {
      long[] a2 = a.clone();
      long[] b2 = b.clone();
      long[] target = bit < 128 ? a2 : b2;
      int word = (bit & 127) >>> 6;
      for (int p = 0; p < ROWS; p++) {
        target[2 * p + word] ^= 1L << (bit & 63);
      }
      long[] h2 = Kk13RowHash.hash(a2, b2, 99, ROWS);
      long flips = 0;
      for (int w = 0; w < 2 * ROWS; w++) {
        flips += Long.bitCount(h[w] ^ h2[w]);
      }
      double mean = flips / (double) ROWS; // of 128 output bits
      assertTrue(mean > 56 && mean < 72, "input bit " + bit + " flips " + mean + " of 128 output bits on average");
    }
  }

  @Test
  void theTweakSeparatesInstances() {
    SplittableRandom r = new SplittableRandom(5);
    long[] a = blocks(r, 1);
    long[] b = blocks(r, 1);
    long[] h0 = Kk13RowHash.hash(a, b, 0, 1);
    long[] h1 = Kk13RowHash.hash(a, b, 1, 1);
    assertNotEquals(h0[0], h1[0]);
    assertNotEquals(h0[1], h1[1]);
  }
}
