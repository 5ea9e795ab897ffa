package org.sirnn.prg;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CrHashTest {
    private static final byte[] KEY = CrHash.fixedKey();

    private static long[] randomBlocks(int n, long salt) {
        SplittableRandom r = new SplittableRandom(salt);
        long[] v = new long[2 * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextLong();
        }
        return v;
    }

    private static byte[] pi(long lo, long hi) {
        return Ref.aes(KEY, Ref.block(lo, hi));
    }

    /** Reference TCCR(i, x) = pi(pi(x) ^ i) ^ pi(x), i in the low half. */
    private static long[] refTccr(long lo, long hi, long tweak) {
        byte[] p = pi(lo, hi);
        byte[] q = pi(Ref.lo(p) ^ tweak, Ref.hi(p));
        return new long[] {Ref.lo(q) ^ Ref.lo(p), Ref.hi(q) ^ Ref.hi(p)};
    }

    @Test
    void fixedKeyIsSha256OfLabel() throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256")
                .digest("sirnn-java fixed-key AES v1".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(Arrays.copyOf(d, 16), KEY);
        assertEquals("sirnn-java fixed-key AES v1", CrHash.KEY_LABEL);
        CrHash.fixedKey()[0] ^= 1; // returns a copy
        assertArrayEquals(KEY, CrHash.fixedKey());
    }

    @Test
    void tccrMatchesPerBlockReference() {
        for (int n : new int[] {1, 3, 64, CrHash.CHUNK_BLOCKS + 77}) {
            for (long tweak : new long[] {0, 1000, -2L}) { // -2: tweaks wrap mod 2^64
                long[] in = randomBlocks(n + 3, n);
                long[] out = new long[2 * (n + 5)];
                CrHash.tccr(in, 3, tweak, n, out, 5);
                for (int j = 0; j < n; j++) {
                    long[] e = refTccr(in[2 * (3 + j)], in[2 * (3 + j) + 1], tweak + j);
                    assertEquals(e[0], out[2 * (5 + j)], "n=" + n + " j=" + j);
                    assertEquals(e[1], out[2 * (5 + j) + 1], "n=" + n + " j=" + j);
                }
                for (int i = 0; i < 10; i++) {
                    assertEquals(0, out[i], "before output range untouched");
                }
            }
        }
    }

    @Test
    void tweakChangesOutput() {
        long[] in = new long[] {12345, 678, 12345, 678}; // the same block twice
        long[] out = new long[4];
        CrHash.tccr(in, 0, 7, 2, out, 0); // tweaks 7 and 8
        assertFalse(out[0] == out[2] && out[1] == out[3]);
        long[] a = new long[2];
        long[] b = new long[2];
        CrHash.tccr(in, 0, 0, 1, a, 0);
        CrHash.tccr(in, 0, 1L << 40, 1, b, 0);
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void inPlace() {
        int n = 2 * CrHash.CHUNK_BLOCKS + 5;
        long[] in = randomBlocks(n + 1, 99);
        long[] expect = new long[in.length];
        CrHash.tccr(in, 1, 55, n, expect, 1);
        long[] buf = in.clone();
        CrHash.tccr(buf, 1, 55, n, buf, 1);
        assertArrayEquals(Arrays.copyOfRange(expect, 2, expect.length), Arrays.copyOfRange(buf, 2, buf.length));
        assertEquals(in[0], buf[0]);
        assertEquals(in[1], buf[1]);

        long[] c1 = new long[in.length];
        CrHash.ccr(in, 0, n + 1, c1, 0);
        long[] c2 = in.clone();
        CrHash.ccr(c2, 0, n + 1, c2, 0);
        assertArrayEquals(c1, c2);

        long[] r1 = new long[in.length];
        CrHash.cr(in, 0, n + 1, r1, 0);
        long[] r2 = in.clone();
        CrHash.cr(r2, 0, n + 1, r2, 0);
        assertArrayEquals(r1, r2);
    }

    @Test
    void tccrXorIsTccrOfTheXor_withOffsetsAndInPlace() {
        int n = CrHash.CHUNK_BLOCKS + 13;
        SplittableRandom r = new SplittableRandom(17);
        long[] x = new long[2 * n + 6];
        long[] y = new long[2 * n + 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextLong();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextLong();
        }
        long[] xored = new long[2 * n];
        for (int j = 0; j < n; j++) {
            xored[2 * j] = x[6 + 2 * j] ^ y[2 + 2 * j];
            xored[2 * j + 1] = x[7 + 2 * j] ^ y[3 + 2 * j];
        }
        long[] want = new long[2 * n];
        CrHash.tccr(xored, 0, 99, n, want, 0);
        long[] got = new long[2 * n];
        CrHash.tccrXor(x, 3, y, 1, 99, n, got, 0);
        assertArrayEquals(want, got);
        long[] y2 = y.clone();
        CrHash.tccrXor(x, 3, y2, 1, 99, n, y2, 1); // in place over the second input
        assertArrayEquals(want, Arrays.copyOfRange(y2, 2, 2 + 2 * n));
        assertThrows(IndexOutOfBoundsException.class, () -> CrHash.tccrXor(x, 0, y, 2, 0, n, got, 0));
    }

    @Test
    void crMatchesReference() {
        int n = CrHash.CHUNK_BLOCKS + 9;
        long[] in = randomBlocks(n, 5);
        long[] out = new long[2 * n];
        CrHash.cr(in, 0, n, out, 0);
        for (int j = 0; j < n; j += 37) {
            byte[] p = pi(in[2 * j], in[2 * j + 1]);
            assertEquals(Ref.lo(p) ^ in[2 * j], out[2 * j]);
            assertEquals(Ref.hi(p) ^ in[2 * j + 1], out[2 * j + 1]);
        }
    }

    @Test
    void ccrMatchesReference() {
        int n = CrHash.CHUNK_BLOCKS + 9;
        long[] in = randomBlocks(n, 6);
        long[] out = new long[2 * n];
        CrHash.ccr(in, 0, n, out, 0);
        for (int j = 0; j < n; j += 37) {
            long lo = in[2 * j];
            long hi = in[2 * j + 1];
            long slo = hi;      // sigma(x_L || x_R) = (x_L ^ x_R) || x_L with x_L = hi, x_R = lo
            long shi = lo ^ hi;
            byte[] p = pi(slo, shi);
            assertEquals(Ref.lo(p) ^ slo, out[2 * j]);
            assertEquals(Ref.hi(p) ^ shi, out[2 * j + 1]);
        }
        long[] cr = new long[2 * n];
        CrHash.cr(in, 0, n, cr, 0);
        assertFalse(Arrays.equals(cr, out));
    }

    @Test
    void boundsChecked() {
        long[] a = new long[8];
        assertThrows(IndexOutOfBoundsException.class, () -> CrHash.tccr(a, 2, 0, 3, a, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> CrHash.tccr(a, 0, 0, 3, new long[5], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> CrHash.ccr(a, -1, 1, a, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> CrHash.cr(a, 0, 5, a, 0));
        CrHash.tccr(a, 4, 0, 0, a, 4); // empty range at the end is fine
    }
}
