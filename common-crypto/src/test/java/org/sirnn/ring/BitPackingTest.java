package org.sirnn.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BitPackingTest {

  private static final int[] FIXED_LENGTHS = {0, 1, 7, 8, 9, 63, 64, 65};

  /** Lengths to test: the fixed edge lengths plus two random ones up to 10^4. */
  private static int[] lengths(SplittableRandom rnd) {
    int[] ls = Arrays.copyOf(FIXED_LENGTHS, FIXED_LENGTHS.length + 2);
    ls[FIXED_LENGTHS.length] = rnd.nextInt(10_001);
    ls[FIXED_LENGTHS.length + 1] = rnd.nextInt(10_001);
    return ls;
  }

  private static long[] randomLongs(SplittableRandom rnd, int n) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextLong();
    }
    return v;
  }

  private static long mask(int l) {
    return l == 64 ? -1L : (1L << l) - 1;
  }

  /** Bit-by-bit reference of the little-endian bit-stream packing. */
  private static byte[] naivePack(long[] src, int n, int l) {
    byte[] out = new byte[(int) (((long) n * l + 7) / 8)];
    for (int i = 0; i < n; i++) {
      for (int b = 0; b < l; b++) {
        if (((src[i] >>> b) & 1) != 0) {
          long k = (long) i * l + b;
          out[(int) (k >>> 3)] |= (byte) (1 << (k & 7));
        }
      }
    }
    return out;
  }

  @Test
  void packThenUnpack_roundTripsEveryBitwidth() {
    SplittableRandom rnd = new SplittableRandom(10);
    for (int l = 1; l <= 64; l++) {
      for (int n : lengths(rnd)) {
        long[] src = randomLongs(rnd, n); // garbage above bit l on purpose
        byte[] packed = BitPacking.pack(src, 0, n, l);
        assertEquals((int) (((long) n * l + 7) / 8), packed.length, "l=" + l + " n=" + n);
        long[] back = BitPacking.unpack(packed, 0, n, l);
        assertEquals(n, back.length);
        long m = mask(l);
        for (int i = 0; i < n; i++) {
          if ((src[i] & m) != back[i]) {
            assertEquals(src[i] & m, back[i], "l=" + l + " n=" + n + " i=" + i);
          }
        }
      }
    }
  }

  @Test
  void pack_matchesBitByBitReferenceAndMasksGarbageAboveL() {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int l = 1; l <= 64; l++) {
      for (int n : lengths(rnd)) {
        long[] src = randomLongs(rnd, n);
        long[] reduced = src.clone();
        for (int i = 0; i < n; i++) {
          reduced[i] &= mask(l);
        }
        byte[] expected = naivePack(reduced, n, l);
        assertArrayEquals(expected, BitPacking.pack(src, 0, n, l), "l=" + l + " n=" + n);
        assertArrayEquals(expected, BitPacking.pack(reduced, 0, n, l), "l=" + l + " n=" + n);
      }
    }
  }

  @Test
  void packAndUnpack_matchReferenceForEveryLengthUpTo130() {
    SplittableRandom rnd = new SplittableRandom(18);
    for (int l = 1; l <= 64; l++) {
      for (int n = 0; n <= 130; n++) {
        long[] src = randomLongs(rnd, n);
        for (int i = 0; i < n; i++) {
          src[i] &= mask(l);
        }
        byte[] packed = BitPacking.pack(src, 0, n, l);
        assertArrayEquals(naivePack(src, n, l), packed, "l=" + l + " n=" + n);
        assertArrayEquals(src, BitPacking.unpack(packed, 0, n, l), "l=" + l + " n=" + n);
      }
    }
  }

  @Test
  void pack_padBitsOfLastByteAreZero() {
    SplittableRandom rnd = new SplittableRandom(12);
    for (int l = 1; l <= 64; l++) {
      for (int n = 1; n <= 17; n++) {
        long[] src = new long[n];
        Arrays.fill(src, -1L);
        byte[] packed = BitPacking.pack(src, 0, n, l);
        long bits = (long) n * l;
        int usedInLast = (int) (bits & 7);
        for (int k = 0; k < packed.length - 1; k++) {
          assertEquals((byte) 0xFF, packed[k]);
        }
        int last = packed[packed.length - 1] & 0xFF;
        int expectedLast = usedInLast == 0 ? 0xFF : (1 << usedInLast) - 1;
        assertEquals(expectedLast, last, "l=" + l + " n=" + n);
      }
      // also for random values at random lengths
      int n = 1 + rnd.nextInt(500);
      byte[] packed = BitPacking.pack(randomLongs(rnd, n), 0, n, l);
      int usedInLast = (int) (((long) n * l) & 7);
      if (usedInLast != 0) {
        assertEquals(0, (packed[packed.length - 1] & 0xFF) >>> usedInLast, "l=" + l + " n=" + n);
      }
    }
  }

  @Test
  void packAndUnpack_withOffsetsTouchOnlyTheirRanges() {
    SplittableRandom rnd = new SplittableRandom(13);
    for (int l = 1; l <= 64; l++) {
      for (int n : lengths(rnd)) {
        int srcOff = rnd.nextInt(5);
        int dstOff = rnd.nextInt(11);
        long[] src = randomLongs(rnd, srcOff + n + 3);
        int nbytes = BitPacking.packedBytes(n, l);
        byte[] dst = new byte[dstOff + nbytes + 9];
        Arrays.fill(dst, (byte) 0x5A);
        BitPacking.pack(src, srcOff, n, l, dst, dstOff);
        for (int k = 0; k < dstOff; k++) {
          assertEquals((byte) 0x5A, dst[k]);
        }
        for (int k = dstOff + nbytes; k < dst.length; k++) {
          assertEquals((byte) 0x5A, dst[k], "byte after packed range, l=" + l + " n=" + n);
        }
        assertArrayEquals(
            BitPacking.pack(src, srcOff, n, l),
            Arrays.copyOfRange(dst, dstOff, dstOff + nbytes),
            "l=" + l + " n=" + n);

        int outOff = rnd.nextInt(6);
        long[] out = new long[outOff + n + 4];
        Arrays.fill(out, 0x7777L);
        BitPacking.unpack(dst, dstOff, n, l, out, outOff);
        for (int i = 0; i < out.length; i++) {
          if (i < outOff || i >= outOff + n) {
            assertEquals(0x7777L, out[i]);
          } else {
            assertEquals(src[srcOff + i - outOff] & mask(l), out[i]);
          }
        }
      }
    }
  }

  @Test
  void unpack_ignoresPadBitsAndReadsNothingBeyondPackedRange() {
    SplittableRandom rnd = new SplittableRandom(14);
    for (int l = 1; l <= 64; l++) {
      for (int n : FIXED_LENGTHS) {
        long[] src = randomLongs(rnd, n);
        byte[] packed = BitPacking.pack(src, 0, n, l);
        if (((long) n * l & 7) != 0) {
          packed[packed.length - 1] |= (byte) (0xFF << ((n * l) & 7)); // dirty pad bits
        }
        // exactly-sized array: any over-read would throw
        long[] back = BitPacking.unpack(packed, 0, n, l);
        for (int i = 0; i < n; i++) {
          assertEquals(src[i] & mask(l), back[i], "l=" + l + " n=" + n + " i=" + i);
        }
      }
    }
  }

  @Test
  void pack_concatenatedChunksOfMultiplesOf8EqualPackingOfWholeVector() {
    SplittableRandom rnd = new SplittableRandom(15);
    for (int l = 1; l <= 64; l++) {
      int n = rnd.nextInt(3000);
      long[] src = randomLongs(rnd, n);
      byte[] whole = BitPacking.pack(src, 0, n, l);
      ByteArrayOutputStream concat = new ByteArrayOutputStream();
      int pos = 0;
      while (pos < n) {
        int chunk = Math.min(n - pos, 8 * (1 + rnd.nextInt(40)));
        byte[] part = BitPacking.pack(src, pos, chunk, l);
        if (chunk % 8 == 0) {
          assertEquals(chunk / 8 * l, part.length, "chunk of multiple of 8 has no pad");
        }
        concat.write(part, 0, part.length);
        pos += chunk;
      }
      assertArrayEquals(whole, concat.toByteArray(), "l=" + l + " n=" + n);

      // and chunks can be unpacked independently at offset chunkStart*l/8
      long[] back = new long[n];
      pos = 0;
      while (pos < n) {
        int chunk = Math.min(n - pos, 8 * (1 + rnd.nextInt(40)));
        BitPacking.unpack(whole, pos / 8 * l, chunk, l, back, pos);
        pos += chunk;
      }
      for (int i = 0; i < n; i++) {
        assertEquals(src[i] & mask(l), back[i]);
      }
    }
  }

  @Test
  void packedBytes_isCeilOfNTimesLOver8AndRejectsOverflow() {
    for (int l = 1; l <= 64; l++) {
      for (long n : new long[] {0, 1, 7, 8, 9, 63, 64, 65, 1000, 12345}) {
        assertEquals((n * l + 7) / 8, BitPacking.packedBytes(n, l));
      }
    }
    assertEquals(Integer.MAX_VALUE, BitPacking.packedBytes(8L * Integer.MAX_VALUE, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> BitPacking.packedBytes(8L * Integer.MAX_VALUE + 1, 1));
    assertThrows(
        IllegalArgumentException.class, () -> BitPacking.packedBytes(Integer.MAX_VALUE, 37));
    assertThrows(IllegalArgumentException.class, () -> BitPacking.packedBytes(Long.MAX_VALUE, 64));
    assertThrows(IllegalArgumentException.class, () -> BitPacking.packedBytes(-1, 8));
    assertThrows(IllegalArgumentException.class, () -> BitPacking.packedBytes(1, 0));
    assertThrows(IllegalArgumentException.class, () -> BitPacking.packedBytes(1, 65));
  }

  @Test
  void packAndUnpack_rejectBadArguments() {
    long[] src = new long[10];
    assertThrows(IllegalArgumentException.class, () -> BitPacking.pack(src, 0, 10, 0));
    assertThrows(IllegalArgumentException.class, () -> BitPacking.pack(src, 0, 10, 65));
    assertThrows(IllegalArgumentException.class, () -> BitPacking.pack(src, 0, -1, 8));
    assertThrows(IndexOutOfBoundsException.class, () -> BitPacking.pack(src, 1, 10, 8));
    assertThrows(
        IndexOutOfBoundsException.class, () -> BitPacking.pack(src, 0, 10, 37, new byte[46], 0));
    assertThrows(
        IndexOutOfBoundsException.class, () -> BitPacking.pack(src, 0, 10, 37, new byte[47], 1));
    assertThrows(IndexOutOfBoundsException.class, () -> BitPacking.unpack(new byte[46], 0, 10, 37));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> BitPacking.unpack(new byte[47], 0, 10, 37, new long[9], 0));
  }

  /** Bit-by-bit reference for bit vectors. */
  private static byte[] naivePackBits(long[] words, long nbits) {
    byte[] out = new byte[(int) ((nbits + 7) / 8)];
    for (long i = 0; i < nbits; i++) {
      if (((words[(int) (i >>> 6)] >>> (i & 63)) & 1) != 0) {
        out[(int) (i >>> 3)] |= (byte) (1 << (i & 7));
      }
    }
    return out;
  }

  @Test
  void packBitsThenUnpackBits_roundTripsAndMatchesReference() {
    SplittableRandom rnd = new SplittableRandom(16);
    long[] sizes = {0, 1, 7, 8, 9, 63, 64, 65, 127, 128, 129, 1000, rnd.nextInt(100_000)};
    for (long nbits : sizes) {
      int nwords = (int) ((nbits + 63) / 64);
      long[] words = randomLongs(rnd, nwords); // garbage above nbits in the last word
      byte[] packed = BitPacking.packBits(words, nbits);
      assertEquals((nbits + 7) / 8, packed.length);
      assertArrayEquals(naivePackBits(words, nbits), packed, "nbits=" + nbits);

      long[] back = new long[nwords + 2];
      Arrays.fill(back, -1L);
      BitPacking.unpackBits(packed, 0, nbits, back);
      for (int i = 0; i < nwords; i++) {
        long keep = (i == nwords - 1 && (nbits & 63) != 0) ? (1L << (nbits & 63)) - 1 : -1L;
        assertEquals(words[i] & keep, back[i], "nbits=" + nbits + " word " + i);
      }
      assertEquals(-1L, back[nwords]);
      assertEquals(-1L, back[nwords + 1]);
      assertArrayEquals(
          Arrays.copyOf(back, nwords), BitPacking.unpackBits(packed, 0, nbits));

      // bit vectors are the same wire format as l = 1 packing of individual bits
      long[] bits = new long[(int) nbits];
      for (int i = 0; i < nbits; i++) {
        bits[i] = (words[i >>> 6] >>> (i & 63)) & 1;
      }
      assertArrayEquals(packed, BitPacking.pack(bits, 0, (int) nbits, 1));

      // with offsets
      byte[] dst = new byte[packed.length + 5];
      BitPacking.packBits(words, nbits, dst, 3);
      assertArrayEquals(packed, Arrays.copyOfRange(dst, 3, 3 + packed.length));
      long[] back2 = new long[nwords];
      BitPacking.unpackBits(dst, 3, nbits, back2);
      assertArrayEquals(Arrays.copyOf(back, nwords), back2);
    }
    assertThrows(IndexOutOfBoundsException.class, () -> BitPacking.packBits(new long[1], 65));
    assertThrows(IllegalArgumentException.class, () -> BitPacking.packBits(new long[1], -1));
    assertThrows(
        IndexOutOfBoundsException.class, () -> BitPacking.unpackBits(new byte[8], 0, 65, new long[2]));
  }

  @Test
  void packBlocksThenUnpackBlocks_roundTripsWithLittleEndianLowHalfFirst() {
    long[] one = {0x0807060504030201L, 0x100F0E0D0C0B0A09L};
    byte[] packed = BitPacking.packBlocks(one, 0, 1);
    byte[] expected = new byte[16];
    for (int i = 0; i < 16; i++) {
      expected[i] = (byte) (i + 1);
    }
    assertArrayEquals(expected, packed);

    SplittableRandom rnd = new SplittableRandom(17);
    for (int nBlocks : new int[] {0, 1, 2, 3, 100, 1000}) {
      int off = rnd.nextInt(4);
      long[] blocks = randomLongs(rnd, 2 * (off + nBlocks + 1));
      byte[] p = BitPacking.packBlocks(blocks, off, nBlocks);
      assertEquals(16 * nBlocks, p.length);
      for (int b = 0; b < nBlocks; b++) {
        for (int k = 0; k < 8; k++) {
          assertEquals((byte) (blocks[2 * (off + b)] >>> (8 * k)), p[16 * b + k]);
          assertEquals((byte) (blocks[2 * (off + b) + 1] >>> (8 * k)), p[16 * b + 8 + k]);
        }
      }
      int dstOff = rnd.nextInt(3);
      long[] back = new long[2 * (dstOff + nBlocks + 1)];
      Arrays.fill(back, 42L);
      BitPacking.unpackBlocks(p, 0, nBlocks, back, dstOff);
      for (int i = 0; i < back.length; i++) {
        if (i < 2 * dstOff || i >= 2 * (dstOff + nBlocks)) {
          assertEquals(42L, back[i]);
        } else {
          assertEquals(blocks[i - 2 * dstOff + 2 * off], back[i]);
        }
      }
      byte[] dst = new byte[p.length + 7];
      BitPacking.packBlocks(blocks, off, nBlocks, dst, 7);
      assertArrayEquals(p, Arrays.copyOfRange(dst, 7, dst.length));
    }
    assertThrows(IndexOutOfBoundsException.class, () -> BitPacking.packBlocks(new long[4], 1, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> BitPacking.packBlocks(new long[3], 0, 2));
    assertThrows(IllegalArgumentException.class, () -> BitPacking.packBlocks(new long[4], 0, -1));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> BitPacking.unpackBlocks(new byte[31], 0, 2, new long[4], 0));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> BitPacking.unpackBlocks(new byte[32], 0, 2, new long[4], 1));
  }
}
