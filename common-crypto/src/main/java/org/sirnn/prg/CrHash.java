package org.sirnn.prg;

import static org.sirnn.prg.Blocks.LE_LONG;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fixed-key AES hash functions on 128-bit blocks, following Guo, Katz, Wang, Yu, "Efficient
 * and Secure Multiparty Computation from Fixed-Key Block Ciphers", IEEE S&amp;P 2020
 * (ePrint 2019/074), hereafter GKWY20.
 *
 * <p>{@code pi} denotes AES-128 under a fixed, <em>public</em> key. That key is
 * {@code SHA-256("sirnn-java fixed-key AES v1")[0..16)}, i.e. the first 16 bytes of the
 * SHA-256 digest of the ASCII string {@value #KEY_LABEL}; it is derived once at class load and
 * is the same for both parties (see {@link #fixedKey()}). Changing the label changes every hash
 * and breaks interoperability between parties.
 *
 * <p>Security assumption: {@code pi} is modelled as a random permutation (ideal-cipher model
 * for AES with a fixed, publicly known key), under which GKWY20 prove the constructions below
 * (tweakable) (circular) correlation robust. The key is not secret; security rests on the
 * inputs.
 *
 * <p>Blocks use the package layout ({@code lo} at {@code 2i}, {@code hi} at {@code 2i+1}, bytes
 * little-endian). All AES work is done by one JCE {@code AES/ECB/NoPadding} cipher per thread in
 * bulk over chunks of {@value #CHUNK_BLOCKS} blocks, with per-thread reused buffers; nothing is
 * allocated per call after a thread's first use. Methods are thread-safe. {@code in} and
 * {@code out} may be the same array with the same offset (in-place); other overlaps are not
 * supported.
 */
public final class CrHash {
    /** ASCII label whose SHA-256 digest (first 16 bytes) is the public fixed AES key. */
    public static final String KEY_LABEL = "sirnn-java fixed-key AES v1";

    /** Blocks per bulk AES call (64 KiB per call). */
    static final int CHUNK_BLOCKS = 4096;

    private static final byte[] FIXED_KEY = deriveKey();

    private CrHash() {}

    private static byte[] deriveKey() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(KEY_LABEL.getBytes(StandardCharsets.US_ASCII));
            return Arrays.copyOf(d, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * Returns the public fixed AES-128 key: the first 16 bytes of SHA-256 of the ASCII string
     * {@value #KEY_LABEL}.
     *
     * @return a copy of the 16-byte key
     */
    public static byte[] fixedKey() {
        return FIXED_KEY.clone();
    }

    private static final class State {
        final Cipher ecb;
        final byte[] x = new byte[CHUNK_BLOCKS * 16];  // cipher input
        final byte[] px = new byte[CHUNK_BLOCKS * 16]; // pi(input)
        final byte[] y = new byte[CHUNK_BLOCKS * 16];  // second pi output (tccr)

        State() {
            try {
                ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(FIXED_KEY, "AES"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/ECB/NoPadding unavailable", e);
            }
        }

        void pi(byte[] src, byte[] dst, int nBytes) {
            try {
                int n = ecb.update(src, 0, nBytes, dst, 0);
                if (n != nBytes) {
                    throw new IllegalStateException("ECB update returned " + n + " of " + nBytes + " bytes");
                }
            } catch (ShortBufferException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    /**
     * Tweakable circular correlation-robust hash of GKWY20:
     * {@code out_j = TCCR(tweakStart + j, x_j) = pi(pi(x_j) xor i) xor pi(x_j)}, where
     * {@code x_j} is input block {@code inBlockOff + j} and the tweak {@code i = tweakStart + j}
     * (mod 2<sup>64</sup>) is XORed into the low half ({@code lo}) of the block, high half
     * unchanged. Use a distinct tweak per hashed value (e.g. the OT index in IKNP) so that many
     * instances stay independent.
     *
     * @param in input blocks
     * @param inBlockOff first input block
     * @param tweakStart tweak of the first block; block {@code j} uses {@code tweakStart + j}
     * @param nBlocks number of blocks, {@code >= 0}
     * @param out output blocks (may be {@code in} with the same offset)
     * @param outBlockOff first output block
     * @throws IndexOutOfBoundsException if a block range is outside its array
     */
    public static void tccr(long[] in, int inBlockOff, long tweakStart, int nBlocks,
                            long[] out, int outBlockOff) {
        tccr(in, inBlockOff, null, 0, tweakStart, nBlocks, out, outBlockOff);
    }

    /**
     * {@link #tccr} of the XOR of two inputs, without a separate XOR pass:
     * {@code out_j = TCCR(tweakStart + j, x_j xor y_j)}, where {@code x_j} is block
     * {@code inBlockOff + j} of {@code in} and {@code y_j} block {@code xorBlockOff + j} of
     * {@code xor}. Used to chain hashes (the previous output XORed into the next input).
     *
     * @param in first input blocks
     * @param inBlockOff first block of {@code in}
     * @param xor second input blocks
     * @param xorBlockOff first block of {@code xor}
     * @param tweakStart tweak of the first block; block {@code j} uses {@code tweakStart + j}
     * @param nBlocks number of blocks, {@code >= 0}
     * @param out output blocks (may be {@code in} or {@code xor} with the same offset)
     * @param outBlockOff first output block
     * @throws IndexOutOfBoundsException if a block range is outside its array
     */
    public static void tccrXor(long[] in, int inBlockOff, long[] xor, int xorBlockOff, long tweakStart,
                               int nBlocks, long[] out, int outBlockOff) {
        Blocks.checkBlocks(xor, xorBlockOff, nBlocks);
        tccr(in, inBlockOff, xor, xorBlockOff, tweakStart, nBlocks, out, outBlockOff);
    }

    /** TCCR of in (xor xor, if not null). */
    private static void tccr(long[] in, int inBlockOff, long[] xor, int xorBlockOff, long tweakStart,
                             int nBlocks, long[] out, int outBlockOff) {
        Blocks.checkBlocks(in, inBlockOff, nBlocks);
        Blocks.checkBlocks(out, outBlockOff, nBlocks);
        if (nBlocks == 0) {
            return;
        }
        State s = STATE.get();
        final byte[] x = s.x;
        final byte[] px = s.px;
        final byte[] y = s.y;
        int ip = 2 * inBlockOff;
        int xp = 2 * xorBlockOff;
        int op = 2 * outBlockOff;
        long tweak = tweakStart;
        while (nBlocks > 0) {
            int c = Math.min(nBlocks, CHUNK_BLOCKS);
            int nb = c << 4;
            if (xor == null) {
                for (int j = 0; j < c; j++) {
                    LE_LONG.set(x, j << 4, in[ip + 2 * j]);
                    LE_LONG.set(x, (j << 4) + 8, in[ip + 2 * j + 1]);
                }
            } else {
                for (int j = 0; j < c; j++) {
                    LE_LONG.set(x, j << 4, in[ip + 2 * j] ^ xor[xp + 2 * j]);
                    LE_LONG.set(x, (j << 4) + 8, in[ip + 2 * j + 1] ^ xor[xp + 2 * j + 1]);
                }
            }
            s.pi(x, px, nb);
            for (int j = 0; j < c; j++) {
                LE_LONG.set(x, j << 4, (long) LE_LONG.get(px, j << 4) ^ (tweak + j));
                LE_LONG.set(x, (j << 4) + 8, (long) LE_LONG.get(px, (j << 4) + 8));
            }
            s.pi(x, y, nb);
            for (int j = 0; j < c; j++) {
                out[op + 2 * j] = (long) LE_LONG.get(y, j << 4) ^ (long) LE_LONG.get(px, j << 4);
                out[op + 2 * j + 1] = (long) LE_LONG.get(y, (j << 4) + 8) ^ (long) LE_LONG.get(px, (j << 4) + 8);
            }
            ip += 2 * c;
            xp += 2 * c;
            op += 2 * c;
            tweak += c;
            nBlocks -= c;
        }
    }

    /**
     * Correlation-robust (not circular) hash of GKWY20: {@code out_j = pi(x_j) xor x_j}
     * (Matyas-Meyer-Oseas with a fixed key). One AES call per block. Correlation robust means:
     * for a secret uniform {@code R}, the values {@code H(x_1 xor R), ..., H(x_q xor R)} for
     * distinct chosen {@code x_i} are indistinguishable from uniform. It is <em>not</em>
     * circular correlation robust (use {@link #ccr} when {@code R} itself may be XORed into
     * hashed or revealed values), and in OT extension prefer {@link #tccr}: GKWY20 show that
     * untweaked hashing there loses security linearly in the number of OTs.
     *
     * @param in input blocks
     * @param inBlockOff first input block
     * @param nBlocks number of blocks, {@code >= 0}
     * @param out output blocks (may be {@code in} with the same offset)
     * @param outBlockOff first output block
     * @throws IndexOutOfBoundsException if a block range is outside its array
     */
    public static void cr(long[] in, int inBlockOff, int nBlocks, long[] out, int outBlockOff) {
        mmo(in, inBlockOff, nBlocks, out, outBlockOff, false);
    }

    /**
     * Circular correlation-robust hash of GKWY20: {@code out_j = pi(sigma(x_j)) xor sigma(x_j)}
     * with the linear orthomorphism {@code sigma(x_L || x_R) = (x_L xor x_R) || x_L}, where
     * {@code x_L} is the high half ({@code hi}) and {@code x_R} the low half ({@code lo}); in
     * the package layout {@code sigma(lo, hi) = (lo' = hi, hi' = lo xor hi)}. One AES call per
     * block. Circular correlation robustness is what free-XOR-style uses need, where the
     * adversary also sees values involving the global offset itself.
     *
     * @param in input blocks
     * @param inBlockOff first input block
     * @param nBlocks number of blocks, {@code >= 0}
     * @param out output blocks (may be {@code in} with the same offset)
     * @param outBlockOff first output block
     * @throws IndexOutOfBoundsException if a block range is outside its array
     */
    public static void ccr(long[] in, int inBlockOff, int nBlocks, long[] out, int outBlockOff) {
        mmo(in, inBlockOff, nBlocks, out, outBlockOff, true);
    }

    /** out = pi(z) xor z with z = sigma(x) if {@code sigma}, else z = x. */
    private static void mmo(long[] in, int inBlockOff, int nBlocks, long[] out, int outBlockOff, boolean sigma) {
        Blocks.checkBlocks(in, inBlockOff, nBlocks);
        Blocks.checkBlocks(out, outBlockOff, nBlocks);
        if (nBlocks == 0) {
            return;
        }
        State s = STATE.get();
        final byte[] x = s.x;
        final byte[] px = s.px;
        int ip = 2 * inBlockOff;
        int op = 2 * outBlockOff;
        while (nBlocks > 0) {
            int c = Math.min(nBlocks, CHUNK_BLOCKS);
            for (int j = 0; j < c; j++) {
                long lo = in[ip + 2 * j];
                long hi = in[ip + 2 * j + 1];
                if (sigma) {
                    long t = lo;
                    lo = hi;
                    hi = t ^ hi;
                }
                LE_LONG.set(x, j << 4, lo);
                LE_LONG.set(x, (j << 4) + 8, hi);
            }
            s.pi(x, px, c << 4);
            for (int j = 0; j < c; j++) {
                out[op + 2 * j] = (long) LE_LONG.get(px, j << 4) ^ (long) LE_LONG.get(x, j << 4);
                out[op + 2 * j + 1] = (long) LE_LONG.get(px, (j << 4) + 8) ^ (long) LE_LONG.get(x, (j << 4) + 8);
            }
            ip += 2 * c;
            op += 2 * c;
            nBlocks -= c;
        }
    }
}
