package org.sirnn.ot.kk13;

import java.security.SecureRandom;
import org.sirnn.net.Channel;
import org.sirnn.ot.base.NaorPinkasOt;
import org.sirnn.prg.AesCtrStreams;
import org.sirnn.prg.Seed;
import org.sirnn.ring.BitColumns;
import org.sirnn.ring.BitMatrix;

/**
 * Sender's side of one direction of {@link Kk13Ot}: the base-OT receiver with the secret 256-bit s, its 256 keys
 * k_{s_j} (as keyed AES-CTR streams, see {@link AesCtrStreams}), its PRG block counter and its instance counter. See
 * {@link Kk13Ot} for the protocol; not thread-safe (one protocol thread at a time).
 */
final class Kk13Sender {

  private static final int HALF = Kk13Ot.HALF_COLUMNS;

  private final Channel ch;
  private final SecureRandom rnd;

  /** The secret s as 4 words (bit j of s = bit j%64 of s[j/64]); null before setup. */
  private long[] s;

  /** Stream j is G(k_{s_j}), the AES-128-CTR stream of that base key; one keyed cipher per key. */
  private AesCtrStreams prg;

  /** Next unused block of every base key's AES-CTR stream (all streams advance together). */
  private long prgBlock;

  /** Instances sent so far in this direction: the hash tweak index of the next instance. */
  private long instances;

  Kk13Sender(Channel ch, SecureRandom rnd) {
    this.ch = ch;
    this.rnd = rnd;
  }

  /**
   * This direction for one lane ({@link org.sirnn.ot.OtLanes}): the same base keys and s, with the PRG blocks and
   * hash tweaks from {@code first} on, a range no other lane and not the session's own calls reach.
   */
  Kk13Sender lane(Channel laneCh, long first) {
    if (s == null) {
      throw new IllegalStateException("KK13 lanes need the base OTs first");
    }
    Kk13Sender l = new Kk13Sender(laneCh, rnd);
    l.s = s;
    l.prg = prg;
    l.prgBlock = first;
    l.instances = first;
    return l;
  }

  boolean isSetUp() {
    return s != null;
  }

  long instances() {
    return instances;
  }

  /** Base OTs, this party as base-OT receiver with a random 256-bit choice s; no-op if already done. */
  void setup() {
    if (s != null) {
      return;
    }
    long[] sWords = new long[WalshHadamard.WORDS];
    for (int q = 0; q < sWords.length; q++) {
      sWords[q] = rnd.nextLong();
    }
    long[] got = NaorPinkasOt.receive(ch, sWords, Kk13Ot.BASE_OTS, rnd);
    byte[][] k = new byte[Kk13Ot.BASE_OTS][];
    for (int j = 0; j < Kk13Ot.BASE_OTS; j++) {
      k[j] = Kk13Ot.keyBytes(got, j);
    }
    java.util.Arrays.fill(got, 0L);
    prg = new AesCtrStreams(k);
    for (byte[] key : k) {
      Seed.wipe(key);
    }
    s = sWords;
  }

  /** Runs one batch; arguments already validated. */
  void send(long[] messages, int bigN, int l) {
    final int n = messages.length / bigN;
    if (n == 0) {
      return;
    }
    setup();
    final long t0 = instances;

    // ---- step 1: receive u slice by slice; q_j = G(k_{s_j}) xor s_j*u_j, rows q_i kept as two block arrays
    final long[] qLo = new long[2 * n];
    final long[] qHi = new long[2 * n];
    final int maxS = Math.min(n, Kk13Ot.U_SLICE);
    final int maxW = (maxS + 63) >>> 6;
    final long[] qcLo = new long[HALF * maxW];
    final long[] qcHi = new long[HALF * maxW];
    final long[] uLo = new long[HALF * maxW];
    final long[] uHi = new long[HALF * maxW];
    final long[] rows = new long[2 * maxS];
    for (int i0 = 0, sl; i0 < n; i0 += sl) {
      sl = Math.min(Kk13Ot.U_SLICE, n - i0);
      final int w = (sl + 63) >>> 6;
      receiveHalf(sl, uLo);
      receiveHalf(sl, uHi);
      synchronized (prg) { // shared by the lanes of this direction
        for (int j = 0; j < HALF; j++) {
          prg.keystream(j, prgBlock, qcLo, j * w, w);
          prg.keystream(HALF + j, prgBlock, qcHi, j * w, w);
        }
      }
      for (int j = 0; j < HALF; j++) {
        if (sBit(j)) {
          xorInto(qcLo, uLo, j * w, w);
        }
        if (sBit(HALF + j)) {
          xorInto(qcHi, uHi, j * w, w);
        }
      }
      prgBlock += (w + 1) >>> 1;
      BitMatrix.transposeColumnsToRows(qcLo, HALF, sl, rows);
      System.arraycopy(rows, 0, qLo, 2 * i0, 2 * sl);
      BitMatrix.transposeColumnsToRows(qcHi, HALF, sl, rows);
      System.arraycopy(rows, 0, qHi, 2 * i0, 2 * sl);
    }

    // ---- step 2: C(y) AND s for every y, low and high 128 bits
    final int nLo = Math.min(bigN, HALF); // C(y) lo depends on y mod 128 only
    final long[] csLo = new long[2 * nLo];
    final long[] csHi = new long[2 * bigN];
    for (int y = 0; y < nLo; y++) {
      csLo[2 * y] = WalshHadamard.word(y, 0) & s[0];
      csLo[2 * y + 1] = WalshHadamard.word(y, 1) & s[1];
    }
    for (int y = 0; y < bigN; y++) {
      csHi[2 * y] = WalshHadamard.word(y, 2) & s[2];
      csHi[2 * y + 1] = WalshHadamard.word(y, 3) & s[3];
    }

    // ---- step 3: e_{i,y} = m_{i,y} xor H(T_i, q_i xor (C(y) AND s)), streamed in slices, hashed in chunks
    final int eSlice = Kk13Ot.eSlice(bigN);
    final int chunk = Kk13Ot.hashChunk(bigN);
    final long[] e = new long[bigN * Math.min(n, eSlice)];
    final int maxC = Math.min(n, chunk);
    final long[] in = new long[2 * maxC];
    final long[] chain = new long[2 * maxC];
    // pads of a chunk, y-major with a row stride of one cache line more than the chunk, so that walking y for a
    // fixed instance touches a different cache set per row
    final int stride = maxC + 8;
    final long[] pad = new long[bigN * stride];
    for (int i0 = 0, sl; i0 < n; i0 += sl) {
      sl = Math.min(eSlice, n - i0);
      for (int c0 = 0; c0 < sl; c0 += chunk) { // sl <= 2^20, no overflow
        maskChunk(messages, bigN, i0 + c0, Math.min(chunk, sl - c0), t0, qLo, qHi, csLo, csHi, in, chain, pad,
            stride, e, c0 * bigN);
      }
      ch.sendLongs(e, 0, bigN * sl, l);
    }
    ch.flush();
    instances = t0 + n;
  }

  /**
   * e values of the chunk of {@code cn} instances from {@code first} into {@code e[eOff ..]}: for every y,
   * e_{i,y} = m_{i,y} xor low word of H(T_i, q_i xor (C(y) AND s)) ({@link Kk13RowHash}). The chaining value of
   * the low half of y serves y and y + 128, whose codewords agree on the low half.
   */
  private static void maskChunk(long[] messages, int bigN, int first, int cn, long t0, long[] qLo, long[] qHi,
      long[] csLo, long[] csHi, long[] in, long[] chain, long[] pad, int stride, long[] e, int eOff) {
    final int nLo = Math.min(bigN, HALF);
    final long tweak = t0 + first;
    for (int y = 0; y < nLo; y++) {
      masked(qLo, first, cn, csLo, y, in);
      Kk13RowHash.chain(in, 0, tweak, cn, chain, 0);
      for (int yy = y; yy < bigN; yy += HALF) {
        masked(qHi, first, cn, csHi, yy, in);
        Kk13RowHash.finish(in, 0, chain, 0, tweak, cn, in, 0);
        final int row = yy * stride;
        for (int p = 0; p < cn; p++) {
          pad[row + p] = in[2 * p];
        }
      }
    }
    int at = eOff;
    int m = first * bigN;
    for (int p = 0; p < cn; p++) {
      for (int y = 0, r = p; y < bigN; y++, r += stride) {
        e[at++] = messages[m++] ^ pad[r];
      }
    }
  }

  /** in[p] = q_{first+p} xor cs_y for p in [0, cn) (blocks): half rows of the chunk masked for y. */
  private static void masked(long[] q, int first, int cn, long[] cs, int y, long[] in) {
    final long c0 = cs[2 * y];
    final long c1 = cs[2 * y + 1];
    final int base = 2 * first;
    for (int p = 0; p < 2 * cn; p += 2) {
      in[p] = q[base + p] ^ c0;
      in[p + 1] = q[base + p + 1] ^ c1;
    }
  }

  private void receiveHalf(int sl, long[] cols) {
    BitColumns.expand(ch.receiveBits((long) HALF * sl), HALF, sl, cols);
  }

  private boolean sBit(int j) {
    return ((s[j >>> 6] >>> (j & 63)) & 1) != 0;
  }

  private static void xorInto(long[] dst, long[] src, int off, int len) {
    for (int q = off, end = off + len; q < end; q++) {
      dst[q] ^= src[q];
    }
  }
}
