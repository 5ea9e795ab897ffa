package org.sirnn.prg;

import static org.sirnn.prg.Blocks.CHUNK_BYTES;
import static org.sirnn.prg.Blocks.LE_INT;
import static org.sirnn.prg.Blocks.LE_LONG;
import static org.sirnn.prg.Blocks.ZEROS;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudorandom generator: the AES-128-CTR keystream under a 16-byte seed, with counter
 * starting at 0 (all-zero IV, 128-bit big-endian counter), so byte {@code 16b + t} of the
 * stream is byte {@code t} of {@code AES_seed(b)}. The object is a stream: every call
 * continues where the previous one stopped, whatever the mix of methods used, and
 * {@code new Prg(seed)} yields exactly {@link AesCtr#keystream AesCtr.keystream(seed, 0, ...)}.
 *
 * <p>Longs are read from the keystream little-endian, 8 bytes each, so {@link #nextBlocks}
 * called on a fresh {@code Prg} returns {@code AES_seed(0), AES_seed(1), ...} in the package's
 * block layout ({@code lo} at {@code 2i}, {@code hi} at {@code 2i+1}).
 *
 * <p>Implementation: one JCE {@code AES/CTR/NoPadding} {@link Cipher} created once per
 * instance, encrypting zeros into a 64 KiB keystream buffer in one bulk call per refill
 * (AES-NI). The hot paths ({@link #nextLong}, {@link #nextLongs}, {@link #nextBytes},
 * {@link #nextBits}, {@link #nextBlocks}, {@link #nextInt}) do not allocate.
 *
 * <p>Security assumption: AES-128 is a pseudorandom permutation (hence, with fewer than
 * 2<sup>64</sup> blocks per seed, a PRF), so the output is indistinguishable from uniform
 * to anyone who does not know the seed. The seed must be secret and uniformly random (see
 * {@link Seed#fresh()}); never reuse a seed for two independent purposes.
 *
 * <p>Not thread-safe: use one instance per thread.
 */
public final class Prg {
    /** Keystream buffer: CHUNK_BYTES of fresh keystream after up to 15 carried-over bytes. */
    private final byte[] buf = new byte[CHUNK_BYTES + 16];
    private final Cipher cipher;
    private int pos;
    private int limit;

    /**
     * Creates the PRG whose output is the AES-128-CTR keystream of {@code seed} from counter 0.
     *
     * @param seed 16-byte AES key; it is copied into the cipher, the caller may wipe it afterwards
     * @throws IllegalArgumentException if the seed is not 16 bytes
     */
    public Prg(byte[] seed) {
        Seed.requireValid(seed);
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"),
                    new IvParameterSpec(new byte[16]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding unavailable", e);
        }
    }

    /**
     * Creates a PRG with a fresh secret seed drawn from {@link Seed#fresh()}; the seed is wiped
     * and cannot be recovered, so this generator is for local randomness only.
     *
     * @return a new generator with an unknown, uniformly random seed
     */
    public static Prg fresh() {
        byte[] s = Seed.fresh();
        try {
            return new Prg(s);
        } finally {
            Seed.wipe(s);
        }
    }

    /**
     * Moves the fewer than 16 unread bytes to the front of the buffer and appends
     * CHUNK_BYTES of new keystream after them with one bulk cipher call.
     */
    private void refill() {
        int r = limit - pos;
        if (r > 0) {
            System.arraycopy(buf, pos, buf, 0, r);
        }
        bulk(buf, r, CHUNK_BYTES);
        pos = 0;
        limit = r + CHUNK_BYTES;
    }

    /** Writes the next {@code len} keystream bytes (len a multiple of 16) straight into dst. */
    private void bulk(byte[] dst, int off, int len) {
        try {
            int n = cipher.update(ZEROS, 0, len, dst, off);
            if (n != len) {
                throw new IllegalStateException("CTR update returned " + n + " of " + len + " bytes");
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fills {@code out[off .. off+len)} with the next {@code len} bytes of the stream.
     *
     * @param out destination
     * @param off first index written
     * @param len number of bytes
     * @throws IndexOutOfBoundsException if the range is outside {@code out}
     */
    public void nextBytes(byte[] out, int off, int len) {
        Objects.checkFromIndexSize(off, len, out.length);
        int avail = limit - pos;
        if (len <= avail) {
            System.arraycopy(buf, pos, out, off, len);
            pos += len;
            return;
        }
        System.arraycopy(buf, pos, out, off, avail);
        off += avail;
        len -= avail;
        pos = limit;
        // Buffer is empty: large requests are encrypted directly into the caller's array.
        while (len >= CHUNK_BYTES) {
            bulk(out, off, CHUNK_BYTES);
            off += CHUNK_BYTES;
            len -= CHUNK_BYTES;
        }
        if (len > 0) {
            refill();
            System.arraycopy(buf, 0, out, off, len);
            pos = len;
        }
    }

    /**
     * Returns the next 8 bytes of the stream as a little-endian {@code long} (uniform over all
     * 2<sup>64</sup> values).
     *
     * @return 64 pseudorandom bits
     */
    public long nextLong() {
        if (limit - pos < 8) {
            refill();
        }
        long v = (long) LE_LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    /** Next 4 bytes of the stream as a little-endian int. */
    private int nextInt32() {
        if (limit - pos < 4) {
            refill();
        }
        int v = (int) LE_INT.get(buf, pos);
        pos += 4;
        return v;
    }

    /**
     * Fills {@code out[off .. off+n)} with the next {@code 8n} bytes of the stream, 8 bytes per
     * {@code long}, little-endian. Equivalent to {@code n} calls of {@link #nextLong()}.
     *
     * @param out destination
     * @param off first index written
     * @param n number of longs
     * @throws IndexOutOfBoundsException if the range is outside {@code out}
     */
    public void nextLongs(long[] out, int off, int n) {
        Objects.checkFromIndexSize(off, n, out.length);
        final byte[] b = buf;
        while (n > 0) {
            int avail = (limit - pos) >>> 3;
            if (avail == 0) {
                refill();
                continue;
            }
            int k = Math.min(avail, n);
            int p = pos;
            for (int i = 0; i < k; i++) {
                out[off + i] = (long) LE_LONG.get(b, p + (i << 3));
            }
            pos = p + (k << 3);
            off += k;
            n -= k;
        }
    }

    /**
     * Fills {@code out[off .. off+n)} with uniform values in {@code [0, 2^l)}: each is the next
     * stream {@code long} (as in {@link #nextLongs(long[], int, int)}) with bits {@code l..63}
     * cleared, i.e. uniform elements of the ring Z<sub>2<sup>l</sup></sub>.
     *
     * @param out destination
     * @param off first index written
     * @param n number of values
     * @param l bit width, 1..64
     * @throws IllegalArgumentException if {@code l} is outside 1..64
     * @throws IndexOutOfBoundsException if the range is outside {@code out}
     */
    public void nextLongs(long[] out, int off, int n, int l) {
        if (l < 1 || l > 64) {
            throw new IllegalArgumentException("bit width l must be in 1..64, got " + l);
        }
        nextLongs(out, off, n);
        if (l < 64) {
            long mask = (1L << l) - 1;
            for (int i = off, end = off + n; i < end; i++) {
                out[i] &= mask;
            }
        }
    }

    /**
     * Fills a packed bit vector of {@code nbits} uniform bits: bit {@code i} is bit
     * {@code i mod 64} of {@code words[off + i/64]}. Writes {@code ceil(nbits/64)} words taken
     * from the stream as in {@link #nextLongs(long[], int, int)}; bits at positions
     * {@code >= nbits} in the last word are zero.
     *
     * @param words destination
     * @param off first word written
     * @param nbits number of bits, {@code >= 0}
     * @throws IllegalArgumentException if {@code nbits} is negative or needs more than
     *     {@code Integer.MAX_VALUE} words
     * @throws IndexOutOfBoundsException if the words fall outside {@code words}
     */
    public void nextBits(long[] words, int off, long nbits) {
        if (nbits < 0 || nbits > ((long) Integer.MAX_VALUE << 6)) {
            throw new IllegalArgumentException("nbits out of range: " + nbits);
        }
        int nw = (int) ((nbits + 63) >>> 6);
        nextLongs(words, off, nw);
        int rem = (int) (nbits & 63);
        if (rem != 0) {
            words[off + nw - 1] &= (1L << rem) - 1;
        }
    }

    /**
     * Fills {@code nBlocks} 128-bit blocks starting at block index {@code blockOff} of
     * {@code out} (longs {@code 2*blockOff .. 2*(blockOff+nBlocks)}) with the next
     * {@code 16*nBlocks} bytes of the stream. On a fresh {@code Prg} block {@code b} equals
     * {@code AES_seed(b)}.
     *
     * @param out destination, 2 longs per block
     * @param blockOff first block written
     * @param nBlocks number of blocks
     * @throws IndexOutOfBoundsException if the blocks fall outside {@code out}
     */
    public void nextBlocks(long[] out, int blockOff, int nBlocks) {
        Blocks.checkBlocks(out, blockOff, nBlocks);
        nextLongs(out, 2 * blockOff, 2 * nBlocks);
    }

    /**
     * Returns a uniform integer in {@code [0, bound)} without modulo bias, by rejection
     * sampling on 31-bit values taken from the stream 4 bytes at a time (expected fewer than 2
     * draws for any bound; exactly one when {@code bound} is a power of two).
     *
     * @param bound exclusive upper bound, {@code > 0}
     * @return a uniform value in {@code [0, bound)}
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        int m = bound - 1;
        if ((bound & m) == 0) {
            return nextInt32() & m;
        }
        // Accept u only if it lies in the largest multiple of bound below 2^31.
        int u = nextInt32() >>> 1;
        int r = u % bound;
        while (u - r + m < 0) {
            u = nextInt32() >>> 1;
            r = u % bound;
        }
        return r;
    }
}
