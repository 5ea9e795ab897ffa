package org.sirnn.prg;

import static org.sirnn.prg.Blocks.BE_LONG;
import static org.sirnn.prg.Blocks.CHUNK_BYTES;
import static org.sirnn.prg.Blocks.LE_LONG;
import static org.sirnn.prg.Blocks.ZEROS;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-128-CTR keystreams of a fixed set of keys, with one initialised cipher per key, for callers
 * that expand the same keys batch after batch (the base-OT keys of IKNP or KK13 OT extension). Every
 * value is exactly the one {@link AesCtr#keystream AesCtr.keystream(key, firstBlock, ...)} returns for
 * the same arguments (same stream definition, same counter encoding, same long layout, same handling of
 * odd lengths); only the cost differs.
 *
 * <p>Why: {@link AesCtr} re-initialises one shared cipher with a new key on every call, which runs the
 * AES key schedule each time; for the small batches of a secure inference (mostly 1 to 16 blocks per
 * key and call) that dominated. Here each key gets its own JCE {@code AES/CTR/NoPadding}
 * {@link Cipher}, keyed once in the constructor, and the object remembers the block at which each
 * key's cipher stands:
 * <ul>
 *   <li>a request whose window starts there (the usual case: a caller that advances its counter by
 *       {@code ceil(nLongs/2)} blocks per call) continues the cipher with {@code update};</li>
 *   <li>a request of fewer than {@value #AHEAD_BLOCKS} blocks makes the cipher produce
 *       {@value #AHEAD_BLOCKS} blocks at once; the blocks not yet asked for are kept (as longs) and
 *       serve the following requests of that key, so tiny requests cost a copy rather than a cipher
 *       call each. Keystream computed ahead is exactly the stream's next blocks, nothing else;</li>
 *   <li>any other start (a jump backwards, or forwards past the kept blocks) drops the kept blocks and
 *       re-positions the cipher with {@code init} and the new counter, reusing the same key object (the
 *       SunJCE provider then skips the key schedule; the values are correct either way).</li>
 * </ul>
 * Whole blocks are always produced, so after a request of odd length the stream stands at the next
 * whole block, as the {@code ceil} rule expects.
 *
 * <p>Counter: as in {@link AesCtr}, the 128-bit big-endian counter starts at {@code firstBlock} read
 * as unsigned 64-bit and carries into the high half. A window that runs past 2<sup>64</sup>-1 leaves
 * the cipher beyond every position a caller can name, so the next request re-positions it; nothing is
 * computed ahead across 2<sup>64</sup>.
 *
 * <p>Thread-safety: <em>not</em> thread-safe (mutable cipher state, kept blocks, a scratch buffer).
 * An instance belongs to one extension direction of one OT object, which is used by one protocol
 * thread at a time; callers that might use it from several threads must synchronise externally.
 *
 * <p>Memory: {@value #AHEAD_BLOCKS} blocks (512 bytes) of kept keystream per key, plus a cipher per
 * key and a scratch buffer of at most 64 KiB.
 *
 * <p>Key material: the keys are copied into the ciphers (and their {@link SecretKeySpec}s) and stay in
 * memory for the object's lifetime, like the raw keys the OT extensions kept before; so does up to
 * {@value #AHEAD_BLOCKS} blocks of not yet used keystream per key. The caller may wipe its arrays
 * after construction.
 *
 * <p>Security assumption: as for {@link AesCtr}: AES-128 is a pseudorandom permutation, keys are secret
 * and uniform, and fewer than 2<sup>64</sup> blocks are drawn per key.
 */
public final class AesCtrStreams {
    /** Blocks a key's cipher produces at once for a request smaller than this (512 bytes). */
    static final int AHEAD_BLOCKS = 32;

    private static final int AHEAD_LONGS = 2 * AHEAD_BLOCKS;

    private final SecretKeySpec[] keys;
    private final Cipher[] ciphers;
    /** Block index (unsigned) at which cipher j stands; meaningful only if {@code positioned[j]}. */
    private final long[] next;
    private final boolean[] positioned;
    /**
     * Kept keystream: key j's slot is {@code ahead[j*AHEAD_LONGS .. (j+1)*AHEAD_LONGS)}; its last
     * {@code avail[j]} blocks are blocks {@code next[j]-avail[j] .. next[j]-1} of the stream.
     */
    private final long[] ahead;
    private final int[] avail;
    private final byte[] iv = new byte[16];
    /** Cipher output scratch, grown on demand up to {@link Blocks#CHUNK_BYTES}. */
    private byte[] buf = new byte[16 * AHEAD_BLOCKS];

    /**
     * Keys every stream; each cipher stands at block 0.
     *
     * @param keys16 the keys, 16 bytes each (copied, not retained)
     * @throws IllegalArgumentException if a key is not 16 bytes
     * @throws NullPointerException if the array or a key is null
     */
    public AesCtrStreams(byte[][] keys16) {
        int n = keys16.length;
        keys = new SecretKeySpec[n];
        ciphers = new Cipher[n];
        next = new long[n];
        positioned = new boolean[n];
        ahead = new long[n * AHEAD_LONGS];
        avail = new int[n];
        for (int j = 0; j < n; j++) {
            keys[j] = new SecretKeySpec(Seed.requireValid(keys16[j]), "AES");
            try {
                ciphers[j] = Cipher.getInstance("AES/CTR/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/CTR/NoPadding unavailable", e);
            }
            position(j, 0L);
        }
    }

    /** Number of keys (streams). */
    public int size() {
        return ciphers.length;
    }

    /**
     * Writes {@code nLongs} longs of the stream of key {@code key}, from block {@code firstBlock}, into
     * {@code out[off .. off+nLongs)}; the same values as
     * {@link AesCtr#keystream AesCtr.keystream(key bytes, firstBlock, out, off, nLongs)}.
     *
     * @param key index of the key, {@code 0 <= key < size()}
     * @param firstBlock index of the first block, read as unsigned 64-bit
     * @param out destination
     * @param off first index written
     * @param nLongs number of longs, {@code >= 0}
     * @throws IndexOutOfBoundsException if {@code key} or the range is out of bounds
     */
    public void keystream(int key, long firstBlock, long[] out, int off, int nLongs) {
        run(key, firstBlock, out, off, nLongs, false);
    }

    /**
     * XORs the same keystream as {@link #keystream} into {@code data[off .. off+nLongs)}.
     *
     * @param key index of the key, {@code 0 <= key < size()}
     * @param firstBlock index of the first block, read as unsigned 64-bit
     * @param data array updated in place
     * @param off first index updated
     * @param nLongs number of longs, {@code >= 0}
     * @throws IndexOutOfBoundsException if {@code key} or the range is out of bounds
     */
    public void keystreamXor(int key, long firstBlock, long[] data, int off, int nLongs) {
        run(key, firstBlock, data, off, nLongs, true);
    }

    /** Re-keys cipher j at counter {@code firstBlock} (no key schedule for the same key object); drops kept blocks. */
    private void position(int j, long firstBlock) {
        avail[j] = 0;
        positioned[j] = false;
        BE_LONG.set(iv, 0, 0L);
        BE_LONG.set(iv, 8, firstBlock);
        try {
            ciphers[j].init(Cipher.ENCRYPT_MODE, keys[j], new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        next[j] = firstBlock;
        positioned[j] = true;
    }

    private void run(int j, long firstBlock, long[] out, int off, int nLongs, boolean xor) {
        Objects.checkIndex(j, ciphers.length);
        Objects.checkFromIndexSize(off, nLongs, out.length);
        if (nLongs == 0) {
            return;
        }
        final int a = avail[j];
        if (a > 0) {
            // kept blocks are next-a .. next-1 (never across 2^64); skip = position of firstBlock among them
            long skip = firstBlock - (next[j] - a);
            if (Long.compareUnsigned(skip, a) < 0) {
                int s = (int) skip;
                int longs = (int) Math.min(2L * (a - s), nLongs);
                int take = (longs + 1) >>> 1;
                copy(ahead, j * AHEAD_LONGS + 2 * (AHEAD_BLOCKS - a + s), out, off, longs, xor);
                avail[j] = a - s - take;
                off += longs;
                nLongs -= longs;
                firstBlock += take;
                if (nLongs == 0) {
                    return;
                }
                // all kept blocks used: the cipher stands at firstBlock
            } else {
                avail[j] = 0;
            }
        }
        if (!positioned[j] || next[j] != firstBlock) {
            position(j, firstBlock);
        }
        final long blocks = (nLongs + 1L) >>> 1;
        positioned[j] = false; // until the cipher call is through (an exception leaves it unknown)
        final long aheadEnd = firstBlock + AHEAD_BLOCKS;
        if (blocks < AHEAD_BLOCKS && Long.compareUnsigned(aheadEnd, firstBlock) > 0) {
            // small request: produce AHEAD_BLOCKS blocks, use the first ones, keep the rest
            final int slot = j * AHEAD_LONGS;
            encrypt(j, 16 * AHEAD_BLOCKS);
            copy(buf, ahead, slot, AHEAD_LONGS, false);
            copy(ahead, slot, out, off, nLongs, xor);
            avail[j] = AHEAD_BLOCKS - (int) blocks;
            next[j] = aheadEnd;
            positioned[j] = true;
            return;
        }
        final long end = firstBlock + blocks;
        final int perChunk = CHUNK_BYTES >>> 3; // even, so only the final chunk can be odd
        while (nLongs > 0) {
            int k = Math.min(nLongs, perChunk);
            encrypt(j, ((k + 1) >>> 1) << 4); // whole blocks
            copy(buf, out, off, k, xor);
            off += k;
            nLongs -= k;
        }
        next[j] = end;
        // past 2^64 - 1 the cipher's counter has no unsigned 64-bit name: force a re-position next time
        positioned[j] = Long.compareUnsigned(end, firstBlock) > 0;
    }

    /** The next {@code len} (a multiple of 16, at most CHUNK_BYTES) keystream bytes of cipher j into buf. */
    private void encrypt(int j, int len) {
        if (buf.length < len) {
            buf = new byte[len];
        }
        try {
            int got = ciphers[j].update(ZEROS, 0, len, buf, 0);
            if (got != len) {
                throw shortOutput(got, len);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cold path kept out of {@link #encrypt} (a provider that buffers CTR output would break the stream position). */
    private static IllegalStateException shortOutput(int got, int len) {
        return new IllegalStateException("CTR update returned " + got + " of " + len + " bytes");
    }

    /** {@code n} little-endian longs from the start of {@code src} into (or XORed into) {@code dst[off ..]}. */
    private static void copy(byte[] src, long[] dst, int off, int n, boolean xor) {
        if (xor) {
            for (int i = 0; i < n; i++) {
                dst[off + i] ^= (long) LE_LONG.get(src, i << 3);
            }
        } else {
            for (int i = 0; i < n; i++) {
                dst[off + i] = (long) LE_LONG.get(src, i << 3);
            }
        }
    }

    private static void copy(long[] src, int from, long[] dst, int off, int n, boolean xor) {
        if (xor) {
            for (int i = 0; i < n; i++) {
                dst[off + i] ^= src[from + i];
            }
        } else {
            System.arraycopy(src, from, dst, off, n);
        }
    }
}
