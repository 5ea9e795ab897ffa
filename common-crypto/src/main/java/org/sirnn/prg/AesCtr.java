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
 * Stateless AES-128-CTR keystreams for many keys, e.g. the 128 or 256 PRGs that IKNP OT
 * extension (Ishai-Kilian-Nissim-Petrank, CRYPTO 2003) seeds with its base-OT keys and expands
 * batch by batch. The caller keeps its own block counter per key and asks for any window of a
 * stream; there is no per-key object.
 *
 * <p>Definition: the stream of key {@code k} is the sequence of 128-bit blocks
 * {@code AES_k(b)}, {@code b = 0, 1, 2, ...}, where the counter {@code b} is encoded as a
 * 128-bit big-endian integer (NIST SP 800-38A counter mode with IV 0 and the whole block as
 * counter). Blocks are returned as two little-endian longs ({@code lo} = bytes 0..7,
 * {@code hi} = bytes 8..15), so {@code keystream(seed, 0, ...)} equals the output of
 * {@code new Prg(seed).nextLongs(...)}.
 *
 * <p>Counter range: {@code firstBlock} is read as an <em>unsigned</em> 64-bit index placed in
 * the low 8 bytes of the counter (high 8 bytes zero); within a call the counter is incremented
 * as a full 128-bit integer, so it carries normally across 2<sup>32</sup> (unlike GCM's
 * 32-bit counter) and from 2<sup>64</sup>-1 into bit 64. A request starting at
 * {@code firstBlock = -1L} (2<sup>64</sup>-1) therefore returns {@code AES_k(2^64-1)},
 * {@code AES_k(2^64)}, ... Counters never repeat for a key unless the caller requests the same
 * window twice.
 *
 * <p>Implementation: one {@code AES/CTR/NoPadding} {@link Cipher} and one 64 KiB buffer per
 * thread ({@link ThreadLocal}); each call re-initialises the cipher with the key and start
 * counter, then encrypts zeros in 64 KiB bulk updates (AES-NI). Thread-safe.
 * Every call therefore pays an AES key schedule; callers that expand the same keys again and
 * again in small windows (OT extension) should use {@link AesCtrStreams}, which yields the same
 * values from one keyed cipher per key.
 *
 * <p>Security assumption: AES-128 is a pseudorandom permutation; each key must be secret and
 * uniformly random, and fewer than 2<sup>64</sup> blocks are drawn per key.
 */
public final class AesCtr {
    private AesCtr() {}

    private static final class State {
        final Cipher cipher;
        final byte[] buf = new byte[CHUNK_BYTES];
        final byte[] iv = new byte[16];

        State() {
            try {
                cipher = Cipher.getInstance("AES/CTR/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/CTR/NoPadding unavailable", e);
            }
        }

        void start(byte[] key16, long firstBlock) {
            BE_LONG.set(iv, 0, 0L);
            BE_LONG.set(iv, 8, firstBlock);
            try {
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key16, "AES"), new IvParameterSpec(iv));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Next {@code len} (multiple of 16, at most CHUNK_BYTES) keystream bytes into buf. */
        void fill(int len) {
            try {
                int n = cipher.update(ZEROS, 0, len, buf, 0);
                if (n != len) {
                    throw new IllegalStateException("CTR update returned " + n + " of " + len + " bytes");
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    /**
     * Writes {@code nLongs} longs of the AES-128-CTR keystream of {@code key16}, starting at
     * block {@code firstBlock}, into {@code out[off .. off+nLongs)}: longs {@code 2j, 2j+1} are
     * block {@code AES_key(firstBlock + j)} as (lo, hi). If {@code nLongs} is odd the last block
     * contributes only its {@code lo} half and its {@code hi} half is dropped; a caller
     * continuing the stream should then advance its counter by {@code ceil(nLongs/2)} blocks.
     *
     * @param key16 16-byte AES key (not retained)
     * @param firstBlock index of the first block, read as unsigned 64-bit (see class doc)
     * @param out destination
     * @param off first index written
     * @param nLongs number of longs to write, {@code >= 0}
     * @throws IllegalArgumentException if the key is not 16 bytes
     * @throws IndexOutOfBoundsException if the range is outside {@code out}
     */
    public static void keystream(byte[] key16, long firstBlock, long[] out, int off, int nLongs) {
        run(key16, firstBlock, out, off, nLongs, false);
    }

    /**
     * XORs the same keystream as {@link #keystream} into {@code data[off .. off+nLongs)}
     * (one-time-pad style masking, e.g. of OT extension columns).
     *
     * @param key16 16-byte AES key (not retained)
     * @param firstBlock index of the first block, read as unsigned 64-bit
     * @param data array updated in place
     * @param off first index updated
     * @param nLongs number of longs updated, {@code >= 0}
     * @throws IllegalArgumentException if the key is not 16 bytes
     * @throws IndexOutOfBoundsException if the range is outside {@code data}
     */
    public static void keystreamXor(byte[] key16, long firstBlock, long[] data, int off, int nLongs) {
        run(key16, firstBlock, data, off, nLongs, true);
    }

    private static void run(byte[] key16, long firstBlock, long[] out, int off, int nLongs, boolean xor) {
        Seed.requireValid(key16);
        Objects.checkFromIndexSize(off, nLongs, out.length);
        if (nLongs == 0) {
            return;
        }
        State s = STATE.get();
        s.start(key16, firstBlock);
        final byte[] b = s.buf;
        final int perChunk = CHUNK_BYTES >>> 3; // even, so only the final chunk can be odd
        while (nLongs > 0) {
            int k = Math.min(nLongs, perChunk);
            s.fill(((k + 1) >>> 1) << 4); // round up to whole blocks
            if (xor) {
                for (int i = 0; i < k; i++) {
                    out[off + i] ^= (long) LE_LONG.get(b, i << 3);
                }
            } else {
                for (int i = 0; i < k; i++) {
                    out[off + i] = (long) LE_LONG.get(b, i << 3);
                }
            }
            off += k;
            nLongs -= k;
        }
    }
}
