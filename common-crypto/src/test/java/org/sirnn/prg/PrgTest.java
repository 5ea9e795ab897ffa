package org.sirnn.prg;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrgTest {
    private static final int BUF = 1 << 16;

    @Test
    void deterministicPerSeed() {
        long[] a = new long[5000];
        long[] b = new long[5000];
        new Prg(Ref.seed(1)).nextLongs(a, 0, a.length);
        new Prg(Ref.seed(1)).nextLongs(b, 0, b.length);
        assertArrayEquals(a, b);
    }

    @Test
    void differentSeedsDiffer() {
        long[] a = new long[64];
        long[] b = new long[64];
        new Prg(Ref.seed(1)).nextLongs(a, 0, a.length);
        new Prg(Ref.seed(2)).nextLongs(b, 0, b.length);
        assertFalse(Arrays.equals(a, b));
        long[] c = new long[64];
        long[] d = new long[64];
        Prg.fresh().nextLongs(c, 0, c.length);
        Prg.fresh().nextLongs(d, 0, d.length);
        assertFalse(Arrays.equals(c, d));
    }

    @Test
    void seedIsValidatedAndNotAliased() {
        assertThrows(IllegalArgumentException.class, () -> new Prg(new byte[8]));
        assertThrows(NullPointerException.class, () -> new Prg(null));
        byte[] s = Ref.seed(3);
        Prg p = new Prg(s);
        Arrays.fill(s, (byte) 0);
        assertEquals(new Prg(Ref.seed(3)).nextLong(), p.nextLong());
    }

    @Test
    void firstBlocksAreAesOfCounters() {
        byte[] seed = Ref.seed(4);
        long[] got = new long[2 * 40];
        new Prg(seed).nextBlocks(got, 0, 40);
        assertArrayEquals(Ref.ctr(seed, java.math.BigInteger.ZERO, 40), got);
    }

    @Test
    void equalsAesCtrKeystream() {
        byte[] seed = Ref.seed(5);
        int n = 3 * (BUF / 8) + 11; // several refills
        long[] p = new long[n];
        long[] k = new long[n];
        new Prg(seed).nextLongs(p, 0, n);
        AesCtr.keystream(seed, 0, k, 0, n);
        assertArrayEquals(k, p);
    }

    /** Many small calls of every kind == one big nextBytes call. */
    @Test
    void streamContinuity() {
        byte[] seed = Ref.seed(6);
        int total = 5 * BUF + 12345;
        byte[] big = new byte[total];
        new Prg(seed).nextBytes(big, 0, total);

        Prg p = new Prg(seed);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteArrayOutputStream intMask = new ByteArrayOutputStream(); // which bytes are comparable
        SplittableRandom r = new SplittableRandom(42);
        while (got.size() < total - 3 * BUF) {
            int op = r.nextInt(7);
            switch (op) {
                case 0: { // small bytes, odd lengths
                    int len = r.nextInt(40);
                    byte[] b = new byte[len + 3];
                    p.nextBytes(b, 1, len);
                    got.write(b, 1, len);
                    mark(intMask, len, 0xFF);
                    break;
                }
                case 1: { // large bytes crossing the buffer / direct path
                    int len = BUF + r.nextInt(BUF);
                    if (r.nextInt(4) != 0) {
                        len = r.nextInt(3000);
                    }
                    byte[] b = new byte[len];
                    p.nextBytes(b, 0, len);
                    got.write(b, 0, len);
                    mark(intMask, len, 0xFF);
                    break;
                }
                case 2: {
                    write(got, p.nextLong());
                    mark(intMask, 8, 0xFF);
                    break;
                }
                case 3: {
                    int n = r.nextInt(700);
                    long[] v = new long[n + 2];
                    p.nextLongs(v, 2, n);
                    for (int i = 0; i < n; i++) {
                        write(got, v[2 + i]);
                    }
                    mark(intMask, 8 * n, 0xFF);
                    break;
                }
                case 4: {
                    int n = r.nextInt(20);
                    long[] v = new long[2 * n];
                    p.nextBlocks(v, 0, n);
                    for (long x : v) {
                        write(got, x);
                    }
                    mark(intMask, 16 * n, 0xFF);
                    break;
                }
                case 5: { // power-of-two bound consumes exactly 4 bytes; only low 30 bits comparable
                    int v = p.nextInt(1 << 30);
                    got.write(v & 0xFF);
                    got.write((v >>> 8) & 0xFF);
                    got.write((v >>> 16) & 0xFF);
                    got.write((v >>> 24) & 0xFF);
                    intMask.write(0xFF);
                    intMask.write(0xFF);
                    intMask.write(0xFF);
                    intMask.write(0x3F);
                    break;
                }
                default: {
                    int nbits = 64 * r.nextInt(30); // whole words: no masking
                    long[] w = new long[nbits / 64];
                    p.nextBits(w, 0, nbits);
                    for (long x : w) {
                        write(got, x);
                    }
                    mark(intMask, nbits / 8, 0xFF);
                }
            }
        }
        byte[] g = got.toByteArray();
        byte[] m = intMask.toByteArray();
        assertEquals(g.length, m.length);
        for (int i = 0; i < g.length; i++) {
            assertEquals(big[i] & m[i], g[i] & m[i], "byte " + i);
        }
    }

    private static void write(ByteArrayOutputStream o, long v) {
        o.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    private static void mark(ByteArrayOutputStream o, int n, int value) {
        for (int i = 0; i < n; i++) {
            o.write(value);
        }
    }

    @Test
    void nextBytesRespectsRange() {
        byte[] b = new byte[10];
        Arrays.fill(b, (byte) 7);
        new Prg(Ref.seed(7)).nextBytes(b, 3, 4);
        assertEquals(7, b[2]);
        assertEquals(7, b[7]);
        assertThrows(IndexOutOfBoundsException.class, () -> new Prg(Ref.seed(7)).nextBytes(b, 8, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> new Prg(Ref.seed(7)).nextLongs(new long[3], 1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> new Prg(Ref.seed(7)).nextBlocks(new long[5], 1, 2));
    }

    @Test
    void maskedLongsBelowTwoToTheL() {
        Prg p = new Prg(Ref.seed(8));
        Prg q = new Prg(Ref.seed(8));
        int n = 257;
        long[] v = new long[n];
        long[] raw = new long[n];
        for (int l = 1; l <= 64; l++) {
            p.nextLongs(v, 0, n, l);
            q.nextLongs(raw, 0, n);
            long mask = l == 64 ? -1L : (1L << l) - 1;
            boolean topSeen = false;
            for (int i = 0; i < n; i++) {
                if (l < 64) {
                    assertEquals(0, v[i] >>> l, "l=" + l);
                }
                assertEquals(raw[i] & mask, v[i], "same stream, masked, l=" + l);
                topSeen |= ((v[i] >>> (l - 1)) & 1) != 0;
            }
            assertTrue(topSeen, "bit l-1 should occur for l=" + l);
        }
        assertThrows(IllegalArgumentException.class, () -> p.nextLongs(v, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> p.nextLongs(v, 0, 1, 65));
    }

    @Test
    void nextBitsZeroPadding() {
        for (long nbits : new long[] {0, 1, 5, 63, 64, 65, 127, 128, 1000, 70001}) {
            int nw = (int) ((nbits + 63) / 64);
            long[] w = new long[nw + 2];
            Arrays.fill(w, -1L);
            new Prg(Ref.seed(9)).nextBits(w, 1, nbits);
            long[] raw = new long[nw];
            new Prg(Ref.seed(9)).nextLongs(raw, 0, nw);
            assertEquals(-1L, w[0], "word before untouched");
            assertEquals(-1L, w[nw + 1], "word after untouched");
            for (int i = 0; i < nw; i++) {
                long expect = raw[i];
                if (i == nw - 1 && nbits % 64 != 0) {
                    expect &= (1L << (nbits % 64)) - 1;
                }
                assertEquals(expect, w[1 + i], "nbits=" + nbits + " word " + i);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Prg(Ref.seed(9)).nextBits(new long[1], 0, -1));
    }

    @Test
    void nextIntInRangeAndRoughlyUniform() {
        Prg p = new Prg(Ref.seed(10));
        for (int bound : new int[] {1, 2, 3, 7, 10, 1000, 1 << 20, (1 << 30) + 1, Integer.MAX_VALUE}) {
            for (int i = 0; i < 2000; i++) {
                int v = p.nextInt(bound);
                assertTrue(v >= 0 && v < bound, "bound=" + bound + " v=" + v);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> p.nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> p.nextInt(-5));

        // chi-square goodness of fit, 10 and 3 classes; fixed seed so the test is deterministic
        for (int k : new int[] {10, 3}) {
            int n = 200_000;
            long[] cnt = new long[k];
            for (int i = 0; i < n; i++) {
                cnt[p.nextInt(k)]++;
            }
            double e = (double) n / k;
            double chi = 0;
            for (long c : cnt) {
                chi += (c - e) * (c - e) / e;
            }
            assertTrue(chi < 40, "chi^2=" + chi + " for k=" + k);
        }
        // a bound near 2^31 where a biased modulo would skew results: 3*2^29 splits 2^31 unevenly
        int bound = 3 << 29;
        int low = 0;
        int n = 60_000;
        for (int i = 0; i < n; i++) {
            if (p.nextInt(bound) < (1 << 29)) {
                low++;
            }
        }
        // unbiased: P = 1/3; naive (u % bound) would give 1/2
        assertEquals(1.0 / 3, (double) low / n, 0.02);
    }
}
