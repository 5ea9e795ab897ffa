package org.sirnn.prg;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AesCtrTest {

    private static void checkAgainstReference(byte[] key, long firstBlock, int nLongs) {
        long[] out = new long[nLongs + 2];
        out[0] = 0x1111;
        out[nLongs + 1] = 0x2222;
        AesCtr.keystream(key, firstBlock, out, 1, nLongs);
        long[] ref = Ref.ctr(key, Ref.unsigned(firstBlock), (nLongs + 1) / 2);
        assertArrayEquals(Arrays.copyOf(ref, nLongs), Arrays.copyOfRange(out, 1, nLongs + 1),
                "firstBlock=" + Long.toUnsignedString(firstBlock) + " nLongs=" + nLongs);
        assertEquals(0x1111, out[0]);
        assertEquals(0x2222, out[nLongs + 1]);
    }

    @Test
    void matchesPerBlockEcbReference() {
        byte[] key = Ref.seed(20);
        checkAgainstReference(key, 0, 2);
        checkAgainstReference(key, 0, 1);   // odd: hi half of block 0 dropped
        checkAgainstReference(key, 0, 37);  // odd
        checkAgainstReference(key, 5, 64);
        checkAgainstReference(key, 123456789L, 9);
    }

    @Test
    void multiChunkRequest() {
        byte[] key = Ref.seed(21);
        checkAgainstReference(key, 3, 2 * 8192 + 7); // 64 KiB chunks, odd tail
    }

    /** The counter is a 128-bit big-endian integer: no wrap at 2^32, carry into bit 64. */
    @Test
    void counterCarries() {
        byte[] key = Ref.seed(22);
        checkAgainstReference(key, (1L << 32) - 3, 12);        // crosses 2^32
        checkAgainstReference(key, 0xFFFF_FFFFL, 4);
        checkAgainstReference(key, -3L, 14);                   // 2^64-3 .. 2^64+3: carry into high half
        checkAgainstReference(key, -1L, 2);                    // exactly 2^64-1
        // explicit: block 2^64 is AES_k(00..01 || 00..00)
        long[] out = new long[4];
        AesCtr.keystream(key, -1L, out, 0, 4);
        byte[] c = new byte[16];
        c[7] = 1;
        byte[] e = Ref.aes(key, c);
        assertEquals(Ref.lo(e), out[2]);
        assertEquals(Ref.hi(e), out[3]);
        assertEquals(BigInteger.ONE.shiftLeft(64), new BigInteger(1, c));
    }

    @Test
    void continuesAcrossBatches() {
        byte[] key = Ref.seed(23);
        long[] whole = new long[1000];
        AesCtr.keystream(key, 7, whole, 0, 1000);
        long[] parts = new long[1000];
        long block = 7;
        int off = 0;
        for (int len : new int[] {10, 2, 300, 88, 600}) {
            AesCtr.keystream(key, block, parts, off, len);
            block += len / 2;
            off += len;
        }
        assertArrayEquals(whole, parts);
        // odd batch: the caller advances by ceil(n/2) blocks
        long[] a = new long[3];
        AesCtr.keystream(key, 7, a, 0, 3);
        long[] b = new long[2];
        AesCtr.keystream(key, 9, b, 0, 2);
        assertArrayEquals(Arrays.copyOfRange(whole, 0, 3), a);
        assertArrayEquals(Arrays.copyOfRange(whole, 4, 6), b);
    }

    @Test
    void prgStreamEqualsKeystream() {
        byte[] seed = Ref.seed(24);
        int n = 20_001;
        long[] p = new long[n];
        Prg prg = new Prg(seed);
        prg.nextLongs(p, 0, 1);
        prg.nextLongs(p, 1, n - 1);
        long[] k = new long[n];
        AesCtr.keystream(seed, 0, k, 0, n);
        assertArrayEquals(k, p);
    }

    @Test
    void keystreamXor() {
        byte[] key = Ref.seed(25);
        int n = 9999;
        long[] data = new long[n];
        for (int i = 0; i < n; i++) {
            data[i] = i * 0x9E3779B97F4A7C15L;
        }
        long[] orig = data.clone();
        long[] ks = new long[n];
        AesCtr.keystream(key, 42, ks, 0, n);
        AesCtr.keystreamXor(key, 42, data, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(orig[i] ^ ks[i], data[i]);
        }
        AesCtr.keystreamXor(key, 42, data, 0, n);
        assertArrayEquals(orig, data);
    }

    @Test
    void differentKeysAndValidation() {
        long[] a = new long[8];
        long[] b = new long[8];
        AesCtr.keystream(Ref.seed(26), 0, a, 0, 8);
        AesCtr.keystream(Ref.seed(27), 0, b, 0, 8);
        assertFalse(Arrays.equals(a, b));
        AesCtr.keystream(Ref.seed(26), 0, a, 0, 0); // no-op
        assertThrows(IllegalArgumentException.class, () -> AesCtr.keystream(new byte[24], 0, a, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> AesCtr.keystream(Ref.seed(26), 0, a, 4, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> AesCtr.keystream(Ref.seed(26), 0, a, -1, 2));
    }

    @Test
    void threadsInterleaveSafely() throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int tag = 30 + t;
                fs.add(ex.submit(() -> {
                    byte[] key = Ref.seed(tag);
                    long[] expect = new long[4096];
                    AesCtr.keystream(key, 0, expect, 0, expect.length);
                    for (int rep = 0; rep < 50; rep++) {
                        long[] got = new long[4096];
                        AesCtr.keystream(key, 0, got, 0, got.length);
                        if (!Arrays.equals(expect, got)) {
                            return false;
                        }
                    }
                    long[] head = Ref.ctr(key, BigInteger.ZERO, 4);
                    return Arrays.equals(head, Arrays.copyOf(expect, 8));
                }));
            }
            for (Future<Boolean> f : fs) {
                assertTrue(f.get());
            }
        } finally {
            ex.shutdownNow();
        }
    }
}
