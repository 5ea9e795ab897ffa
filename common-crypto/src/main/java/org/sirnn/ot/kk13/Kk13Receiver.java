package org.sirnn.ot.kk13;

import java.security.SecureRandom;
import org.sirnn.net.Channel;
import org.sirnn.ot.base.NaorPinkasOt;
import org.sirnn.prg.AesCtrStreams;
import org.sirnn.prg.Seed;
import org.sirnn.ring.BitColumns;
import org.sirnn.ring.BitMatrix;
import org.sirnn.ring.Ring;

/**
 * Receiver's side of one direction of {@link Kk13Ot}: the base-OT sender of 256 random key pairs, its PRG block
 * counter and its instance counter. The key pairs are held as keyed AES-CTR streams ({@link AesCtrStreams}). See
 * {@link Kk13Ot} for the protocol; not thread-safe (one protocol thread at a time).
 */
final class Kk13Receiver {

  private static final int HALF = Kk13Ot.HALF_COLUMNS;

  private final Channel ch;
  private final SecureRandom rnd;

  /** Stream j of {@code prg0} / {@code prg1}: G(k0_j) / G(k1_j) for the key pair of column j; null before setup. */
  private AesCtrStreams prg0;
  private AesCtrStreams prg1;

  /** Next unused block of every base key's AES-CTR stream (all streams advance together). */
  private long prgBlock;

  /** Instances received so far in this direction: the hash tweak index of the next instance. */
  private long instances;

  Kk13Receiver(Channel ch, SecureRandom rnd) {
    this.ch = ch;
    this.rnd = rnd;
  }

  /** This direction for one lane: same keys, PRG blocks and hash tweaks from {@code first} on (see Kk13Sender). */
  Kk13Receiver lane(Channel laneCh, long first) {
    if (prg0 == null) {
      throw new IllegalStateException("KK13 lanes need the base OTs first");
    }
    Kk13Receiver l = new Kk13Receiver(laneCh, rnd);
    l.prg0 = prg0;
    l.prg1 = prg1;
    l.prgBlock = first;
    l.instances = first;
    return l;
  }

  boolean isSetUp() {
    return prg0 != null;
  }

  long instances() {
    return instances;
  }

  /** Base OTs, this party as base-OT sender of 256 random key pairs (k0_j, k1_j); no-op if already done. */
  void setup() {
    if (prg0 != null) {
      return;
    }
    long[] keys = NaorPinkasOt.send(ch, Kk13Ot.BASE_OTS, rnd);
    byte[][] k0 = new byte[Kk13Ot.BASE_OTS][];
    byte[][] k1 = new byte[Kk13Ot.BASE_OTS][];
    for (int j = 0; j < Kk13Ot.BASE_OTS; j++) {
      k0[j] = Kk13Ot.keyBytes(keys, 2 * j);
      k1[j] = Kk13Ot.keyBytes(keys, 2 * j + 1);
    }
    java.util.Arrays.fill(keys, 0L);
    AesCtrStreams p0 = new AesCtrStreams(k0);
    AesCtrStreams p1 = new AesCtrStreams(k1);
    prg1 = p1;
    prg0 = p0; // last: prg0 != null means set up
    for (int j = 0; j < Kk13Ot.BASE_OTS; j++) {
      Seed.wipe(k0[j]);
      Seed.wipe(k1[j]);
    }
  }

  /** Runs one batch; arguments already validated. */
  long[] receive(int[] choices, int bigN, int l) {
    final int n = choices.length;
    final long[] out = new long[n];
    if (n == 0) {
      return out;
    }
    setup();
    final int k = Integer.numberOfTrailingZeros(bigN);
    final long t0 = instances;

    // ---- step 1: columns t_j = G(k0_j), u_j = t_j xor G(k1_j) xor code column j, sent slice by slice
    final int maxS = Math.min(n, Kk13Ot.U_SLICE);
    final int maxW = (maxS + 63) >>> 6;
    final long[] tLo = new long[HALF * maxW];
    final long[] tHi = new long[HALF * maxW];
    final long[] uLo = new long[HALF * maxW];
    final long[] uHi = new long[HALF * maxW];
    final long[] planes = new long[k * maxW];
    final long[] running = new long[maxW];
    final long[] rowsLo = new long[2 * maxS];
    final long[] rowsHi = new long[2 * maxS];
    for (int i0 = 0, s; i0 < n; i0 += s) {
      s = Math.min(Kk13Ot.U_SLICE, n - i0);
      final int w = (s + 63) >>> 6;
      synchronized (prg0) { // shared by the lanes of this direction
        for (int j = 0; j < HALF; j++) {
          prg0.keystream(j, prgBlock, tLo, j * w, w);
          prg0.keystream(HALF + j, prgBlock, tHi, j * w, w);
          prg1.keystream(j, prgBlock, uLo, j * w, w);
          prg1.keystream(HALF + j, prgBlock, uHi, j * w, w);
        }
      }
      prgBlock += (w + 1) >>> 1;
      final int words = HALF * w;
      for (int q = 0; q < words; q++) {
        uLo[q] ^= tLo[q];
        uHi[q] ^= tHi[q];
      }
      addCodeColumns(choices, i0, s, w, k, planes, running, uLo, uHi);
      sendHalf(uLo, s);
      sendHalf(uHi, s);

      // H(T_i, t_i) (Kk13RowHash: the low half's chaining value fed into the high half's link), low word kept
      BitMatrix.transposeColumnsToRows(tLo, HALF, s, rowsLo);
      BitMatrix.transposeColumnsToRows(tHi, HALF, s, rowsHi);
      Kk13RowHash.chain(rowsLo, 0, t0 + i0, s, rowsLo, 0);
      Kk13RowHash.finish(rowsHi, 0, rowsLo, 0, t0 + i0, s, rowsHi, 0);
      for (int p = 0; p < s; p++) {
        out[i0 + p] = rowsHi[2 * p];
      }
    }
    ch.flush();

    // ---- step 2: e_{i,y} for all y, in slices of at most E_SLICE_VALUES values; keep e_{i,x_i} xor H(T_i, t_i)
    final long mask = Ring.mask(l);
    final int eSlice = Kk13Ot.eSlice(bigN);
    final long[] e = new long[bigN * Math.min(n, eSlice)];
    for (int i0 = 0, s; i0 < n; i0 += s) {
      s = Math.min(eSlice, n - i0);
      ch.receiveLongs(e, 0, bigN * s, l);
      for (int p = 0, at = 0; p < s; p++, at += bigN) {
        out[i0 + p] = (out[i0 + p] ^ e[at + choices[i0 + p]]) & mask;
      }
    }
    instances = t0 + n;
    return out;
  }

  /** Sends 128 columns of s bits exactly (128*s bits, column after column). */
  private void sendHalf(long[] cols, int s) {
    // a slice of a multiple of 64 instances is already dense; only a ragged last slice needs compacting
    ch.sendBits((s & 63) == 0 ? cols : BitColumns.compact(cols, HALF, s), (long) HALF * s);
  }

  /**
   * XORs column j of the code matrix (bit p = C(x_{i0+p})_j = parity(x &amp; j)) into column j of u, for all 256 j.
   * Column j is the XOR of the bit planes X_b (bit p = bit b of x_{i0+p}) over the set bits b of j; walking j in
   * Gray-code order changes one plane per step, so each column costs one XOR of a plane into a running column.
   */
  private static void addCodeColumns(int[] choices, int i0, int s, int w, int k, long[] planes, long[] running,
      long[] uLo, long[] uHi) {
    java.util.Arrays.fill(planes, 0, k * w, 0L);
    for (int p = 0; p < s; p++) {
      final int x = choices[i0 + p];
      final int q = p >>> 6;
      final long bit = 1L << (p & 63);
      for (int b = 0; b < k; b++) {
        if (((x >>> b) & 1) != 0) {
          planes[b * w + q] |= bit;
        }
      }
    }
    java.util.Arrays.fill(running, 0, w, 0L);
    for (int m = 1; m < WalshHadamard.LENGTH; m++) {
      final int b = Integer.numberOfTrailingZeros(m);
      if (b < k) {
        final int pb = b * w;
        for (int q = 0; q < w; q++) {
          running[q] ^= planes[pb + q];
        }
      }
      final int j = m ^ (m >>> 1);
      final long[] dst = j < HALF ? uLo : uHi;
      final int off = (j & (HALF - 1)) * w;
      for (int q = 0; q < w; q++) {
        dst[off + q] ^= running[q];
      }
    }
  }
}
