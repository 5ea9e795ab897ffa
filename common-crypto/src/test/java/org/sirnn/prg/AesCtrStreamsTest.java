package org.sirnn.prg;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link AesCtrStreams} must give exactly {@link AesCtr#keystream}'s values, whatever the request pattern. */
class AesCtrStreamsTest {

    private static byte[][] keys(int n, int tag) {
        byte[][] k = new byte[n][];
        for (int j = 0; j < n; j++) {
            k[j] = Ref.seed(tag + j);
        }
        return k;
    }

    /** One request on stream j, compared with AesCtr (and with the guard words around the window). */
    private static void check(AesCtrStreams st, byte[] key, int j, long firstBlock, int nLongs, boolean xor) {
        long[] got = new long[nLongs + 2];
        long[] want = new long[nLongs + 2];
        for (int i = 0; i < got.length; i++) {
            got[i] = want[i] = 0x5DEECE66DL * (i + 1);
        }
        if (xor) {
            st.keystreamXor(j, firstBlock, got, 1, nLongs);
            AesCtr.keystreamXor(key, firstBlock, want, 1, nLongs);
        } else {
            st.keystream(j, firstBlock, got, 1, nLongs);
            AesCtr.keystream(key, firstBlock, want, 1, nLongs);
        }
        assertArrayEquals(want, got, "key " + j + " firstBlock=" + Long.toUnsignedString(firstBlock)
                + " nLongs=" + nLongs + " xor=" + xor);
    }

    @Test
    void freshStreamsStartAtBlockZeroLikeTheReference() {
        byte[][] k = keys(3, 100);
        AesCtrStreams st = new AesCtrStreams(k);
        assertEquals(3, st.size());
        for (int j = 0; j < 3; j++) {
            long[] out = new long[10];
            st.keystream(j, 0, out, 0, 10);
            assertArrayEquals(Ref.ctr(k[j], BigInteger.ZERO, 5), out);
        }
    }

    @Test
    void sequentialWindowsOddLengthsManyKeys() {
        int nKeys = 300; // more than the 256 of KK13
        byte[][] k = keys(nKeys, 200);
        AesCtrStreams st = new AesCtrStreams(k);
        long block = 0;
        int[] lengths = {1, 2, 3, 7, 8, 31, 32, 33, 64, 1, 5, 2 * 8192 + 3, 4, 1, 1, 100, 2 * 8192, 17};
        for (int len : lengths) {
            for (int j = 0; j < nKeys; j += (len > 1000 ? 37 : 1)) {
                check(st, k[j], j, block, len, (j & 1) == 0);
            }
            block += (len + 1) / 2; // the callers' rule: ceil(nLongs / 2) blocks per request
        }
    }

    @Test
    void concatenatedWindowsEqualOneLongWindow() {
        byte[] key = Ref.seed(300);
        AesCtrStreams st = new AesCtrStreams(new byte[][] {key});
        long[] whole = new long[2 * 20000];
        AesCtr.keystream(key, 11, whole, 0, whole.length);
        long[] parts = new long[whole.length];
        long block = 11;
        int off = 0;
        for (int len : new int[] {2, 10, 300, 17000, 88, 2 * 8192 + 2, 22, 5000}) {
            len = Math.min(len, parts.length - off);
            st.keystream(0, block, parts, off, len);
            block += len / 2; // all even: windows are adjacent
            off += len;
        }
        st.keystream(0, block, parts, off, parts.length - off);
        assertArrayEquals(whole, parts);
    }

    @Test
    void jumpsForwardBackwardAndRepeats() {
        byte[][] k = keys(4, 400);
        AesCtrStreams st = new AesCtrStreams(k);
        long[][] pattern = {
            {0, 6}, {3, 6}, {6, 5}, {9, 2}, {1000, 33}, {1017, 4}, {2, 2}, {2, 2}, {0, 1}, {1, 1},
            {1L << 40, 64}, {(1L << 40) + 32, 3}, {17, 2 * 8192 + 1}, {17 + 8193, 8}, {5, 0}, {5, 2},
        };
        for (long[] p : pattern) {
            for (int j = 0; j < k.length; j++) {
                check(st, k[j], j, p[0], (int) p[1], j == 2);
            }
        }
    }

    @Test
    void interleavedKeysAtDifferentPositions() {
        byte[][] k = keys(16, 500);
        AesCtrStreams st = new AesCtrStreams(k);
        long[] pos = new long[k.length];
        SplittableRandom r = new SplittableRandom(12345);
        for (int step = 0; step < 3000; step++) {
            int j = r.nextInt(k.length);
            int len = r.nextInt(8) == 0 ? r.nextInt(3000) : r.nextInt(70);
            long first = r.nextInt(10) == 0 ? r.nextLong(1L << 20) : pos[j]; // mostly sequential, some jumps
            check(st, k[j], j, first, len, r.nextBoolean());
            pos[j] = first + (len + 1) / 2;
        }
    }

    /**
     * Small requests are served from blocks computed ahead: windows that start inside, before, at the end of
     * or past the kept blocks, and windows that run past them, must all read the true stream.
     */
    @Test
    void smallJumpsAroundKeptBlocks() {
        int kb = AesCtrStreams.AHEAD_BLOCKS;
        byte[][] k = keys(3, 450);
        AesCtrStreams st = new AesCtrStreams(k);
        long[][] pattern = {
            {0, 2}, {1, 4}, {5, 3}, {3, 2}, // sequential, skip one block, back into used blocks
            {kb - 2, 8}, // straddles the end of the first kept window
            {kb + 6, 1}, {kb + 7, 2 * kb}, // then a request as large as the kept window (direct)
            {3 * kb + 7, 2}, {3 * kb + 7 + 5, 1}, {3 * kb + 7 + kb - 1, 2}, // skip within, to the last kept block
            {4 * kb + 7, 2 * kb - 1}, {5 * kb + 7, 2 * kb - 3}, // largest small request, then one block short
            {100 * kb, 3}, {100 * kb + 2, 60}, {100 * kb + 32, 63}, {100 * kb + 64, 2 * kb + 2},
        };
        for (long[] p : pattern) {
            for (int j = 0; j < k.length; j++) {
                check(st, k[j], j, p[0], (int) p[1], j == 1);
            }
        }
        SplittableRandom r = new SplittableRandom(777);
        long[] pos = new long[k.length];
        for (int step = 0; step < 5000; step++) {
            int j = r.nextInt(k.length);
            int len = r.nextInt(4) == 0 ? r.nextInt(2 * kb + 4) : r.nextInt(9);
            long first = Math.max(0, pos[j] + (r.nextInt(3) == 0 ? r.nextInt(-kb - 2, kb + 3) : 0));
            check(st, k[j], j, first, len, r.nextBoolean());
            pos[j] = first + (len + 1) / 2;
        }
    }

    /** The counter is 128-bit: windows across 2^32 and 2^64 - 1, and requests after passing 2^64. */
    @Test
    void counterCarriesAndWrapAround() {
        byte[] key = Ref.seed(600);
        AesCtrStreams st = new AesCtrStreams(new byte[][] {key});
        check(st, key, 0, (1L << 32) - 3, 12, false);
        check(st, key, 0, (1L << 32) + 3, 5, false); // sequential after the carry
        check(st, key, 0, -3L, 14, false); // 2^64-3 .. 2^64+3
        // the cipher now stands at 2^64 + 4; block 4 must not be served from there
        check(st, key, 0, 4, 6, false);
        check(st, key, 0, -1L, 2, false); // window ends exactly at 2^64
        check(st, key, 0, 0, 2, false); // ... which is not block 0
        // small requests just below 2^64: nothing may be computed ahead across 2^64
        int kb = AesCtrStreams.AHEAD_BLOCKS;
        for (long first = -kb - 3L; first != 2; first++) {
            check(st, key, 0, first, 2, (first & 1) == 0);
        }
        check(st, key, 0, -kb - 1L, 2, false);
        check(st, key, 0, -kb, 2, false); // continues a window that ended kept blocks exactly at 2^64 - kb
        check(st, key, 0, -kb + 1L, 2 * kb, false);
        check(st, key, 0, kb + 1L, 2, false);
        long[] out = new long[4];
        st.keystream(0, -1L, out, 0, 4);
        byte[] c = new byte[16];
        c[7] = 1; // 2^64 as a 128-bit big-endian counter
        byte[] e = Ref.aes(key, c);
        assertEquals(Ref.lo(e), out[2]);
        assertEquals(Ref.hi(e), out[3]);
    }

    @Test
    void keysAreCopiedAndValidated() {
        byte[][] k = keys(2, 700);
        byte[] k0 = k[0].clone();
        AesCtrStreams st = new AesCtrStreams(k);
        Arrays.fill(k[0], (byte) 0); // caller wipes its copy
        long[] out = new long[4];
        st.keystream(0, 0, out, 0, 4);
        long[] want = new long[4];
        AesCtr.keystream(k0, 0, want, 0, 4);
        assertArrayEquals(want, out);
        // a later jump re-keys from the retained key, not from the wiped array
        st.keystream(0, 100, out, 0, 4);
        AesCtr.keystream(k0, 100, want, 0, 4);
        assertArrayEquals(want, out);

        assertThrows(IllegalArgumentException.class, () -> new AesCtrStreams(new byte[][] {new byte[24]}));
        assertThrows(NullPointerException.class, () -> new AesCtrStreams(new byte[][] {null}));
        assertThrows(IndexOutOfBoundsException.class, () -> st.keystream(2, 0, out, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> st.keystream(-1, 0, out, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> st.keystream(0, 0, out, 3, 2));
        // a rejected request leaves the stream usable and correct
        check(st, k0, 0, 102, 3, false);
        check(st, k0, 0, 104, 3, true);
    }
}
