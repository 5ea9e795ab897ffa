package org.sirnn.ot.ferret;

import org.sirnn.prg.AesCtr;

/**
 * The public sparse local linear code of Ferret's primal LPN (CCS 2020, Section 5; the "d-local linear code" of
 * Couteau-Rindal-Raghuraman / Boyle et al. with d = {@value #D}): output p of an iteration is the xor of D entries of
 * the k-long secret vector at positions chosen pseudorandomly, plus the noise (the multi-point COT output) at p.
 * Applied to COTs it maps sender blocks q and receiver blocks t = q xor u Delta linearly, so the outputs are again
 * COTs with the same Delta and choice bits A u xor e.
 *
 * <p>Positions: output p of iteration it uses the 32-bit words of longs 5p .. 5p+4 of the AES-128-CTR stream
 * ({@link AesCtr}) of the public 16-byte code key from block it * 2^32: word r maps to position floor(r * k / 2^32)
 * (bias below k / 2^32, irrelevant for a public random code). Both ends derive the same positions from the key the
 * sender drew fresh for the session and sent in clear. Repeated positions cancel, as in every implementation of this
 * code.
 *
 * <p>Cost: D random reads of 128-bit blocks from a k-block array per output (the array is 8 MiB for k = 2^19, so the
 * reads come from the last-level cache or memory) and 2.5 AES blocks per output for the positions.
 */
final class LpnCode {
  /** Seed entries per output. */
  static final int D = 10;

  /** Outputs per keystream call (10 KiB of stream per 2048 outputs). */
  private static final int SLICE = 2048;

  private LpnCode() {}

  /**
   * out[outOff + i] ^= xor_{r < D} seed[pos(first + i, r)] for i in [0, count), blocks; {@code first} and
   * {@code count} even.
   */
  static void encode(long[] out, int outOff, long first, int count, long[] seed, int k, byte[] key, int iteration) {
    encode(out, outOff, first, count, seed, k, key, iteration, new long[scratchLongs(count)]);
  }

  /** Longs of keystream scratch that {@link #encode} needs for {@code count} outputs. */
  static int scratchLongs(int count) {
    return 5 * Math.min(count, SLICE);
  }

  /** As {@link #encode} with caller-provided scratch {@code ks} of at least {@link #scratchLongs} longs. */
  static void encode(long[] out, int outOff, long first, int count, long[] seed, int k, byte[] key, int iteration,
      long[] ks) {
    if ((first & 1) != 0 || (count & 1) != 0) {
      throw new IllegalArgumentException("LPN encode: first and count must be even, got " + first + ", " + count);
    }
    if (ks.length < scratchLongs(count)) {
      throw new IllegalArgumentException("LPN encode: scratch of " + ks.length + " longs, need " + scratchLongs(count));
    }
    final long kk = k;
    for (int done = 0; done < count; done += SLICE) {
      final int c = Math.min(SLICE, count - done);
      AesCtr.keystream(key, ((long) iteration << 32) + 5 * ((first + done) >>> 1), ks, 0, 5 * c);
      for (int i = 0; i < c; i++) {
        long lo = 0;
        long hi = 0;
        for (int r = 5 * i, end = r + 5; r < end; r++) {
          final long w = ks[r];
          final int a = 2 * (int) (((w & 0xffffffffL) * kk) >>> 32);
          final int b = 2 * (int) (((w >>> 32) * kk) >>> 32);
          lo ^= seed[a] ^ seed[b];
          hi ^= seed[a + 1] ^ seed[b + 1];
        }
        final int o = 2 * (outOff + done + i);
        out[o] ^= lo;
        out[o + 1] ^= hi;
      }
    }
  }
}
