package org.sirnn.prg;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** Straightforward per-block reference implementations used by the tests. */
final class Ref {
    private Ref() {}

    static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

    /** AES-128 of one 16-byte block with a single-block ECB call. */
    static byte[] aes(byte[] key, byte[] block) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            return c.doFinal(block);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** 128-bit big-endian encoding of counter mod 2^128. */
    static byte[] counterBlock(BigInteger counter) {
        byte[] raw = counter.mod(TWO_128).toByteArray();
        byte[] out = new byte[16];
        int n = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - n, out, 16 - n, n);
        return out;
    }

    static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    /** Reference CTR keystream: AES_k(first + j) for j < nBlocks, as longs (lo, hi) little-endian. */
    static long[] ctr(byte[] key, BigInteger first, int nBlocks) {
        long[] out = new long[2 * nBlocks];
        for (int j = 0; j < nBlocks; j++) {
            byte[] e = aes(key, counterBlock(first.add(BigInteger.valueOf(j))));
            out[2 * j] = lo(e);
            out[2 * j + 1] = hi(e);
        }
        return out;
    }

    static long lo(byte[] b16) {
        return ByteBuffer.wrap(b16).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    static long hi(byte[] b16) {
        return ByteBuffer.wrap(b16).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
    }

    static byte[] block(long lo, long hi) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(lo).putLong(hi).array();
    }

    static byte[] longsToBytes(long[] v) {
        ByteBuffer bb = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            bb.putLong(x);
        }
        return bb.array();
    }

    static byte[] seed(int tag) {
        byte[] s = new byte[16];
        for (int i = 0; i < 16; i++) {
            s[i] = (byte) (tag * 31 + i * 7 + 1);
        }
        return s;
    }
}
