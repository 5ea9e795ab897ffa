package org.sirnn.ot.iknp;

import java.security.SecureRandom;
import java.util.Arrays;
import org.sirnn.net.Channel;
import org.sirnn.ot.base.NaorPinkasOt;
import org.sirnn.prg.AesCtrStreams;
import org.sirnn.prg.CrHash;
import org.sirnn.prg.Seed;
import org.sirnn.ring.BitColumns;
import org.sirnn.ring.BitMatrix;

/**
 * The IKNP matrix step of one direction (Ishai-Kilian-Nissim-Petrank, "Extending Oblivious Transfers
 * Efficiently", CRYPTO 2003; semi-honest, with the ALSZ13 optimisation that only one PRG correction column per base
 * OT is sent). lambda = 128 base OTs seed 128 PRGs (AES-CTR); each batch of n OTs costs the receiver one message of
 * exactly 128*n bits and gives
 * <ul>
 *   <li>the receiver rows t_i (128 bits each), and
 *   <li>the sender rows q_i = t_i xor (r_i * s), where s is the sender's secret 128-bit base-OT choice string,
 * </ul>
 * so that H(i, q_i) and H(i, q_i xor s) are the two OT pads and the receiver knows H(i, t_i) = pad_{r_i}. The hash
 * is {@link CrHash#tccr} (GKWY20) with a tweak that never repeats within a direction, applied by
 * {@link org.sirnn.ot.RowOt}, which also counts the tweaks.
 *
 * <p>Both ends of one direction hold one object each: {@link #asSender} on the extension sender (base-OT
 * receiver), {@link #asReceiver} on the extension receiver (base-OT sender). PRG streams advance in lockstep on
 * both ends, batch by batch.
 *
 * <p>The column PRG of base key j is the AES-128-CTR stream of {@link org.sirnn.prg.AesCtr}, block counter shared
 * by all columns; it is produced by an {@link AesCtrStreams} that keeps one keyed cipher per base key, so a batch
 * costs no key schedule. Not thread-safe: one protocol thread uses an object at a time (as {@link IknpOt} does).
 */
final class IknpExtension {
  static final int LAMBDA = 128;

  /** Largest column scratch (longs per array: 512 KiB, batches of up to 32768 OTs) kept between batches. */
  private static final int MAX_KEPT_SCRATCH = 1 << 16;

  private final boolean sender;
  private final long[] s; // sender: the 128 choice bits of the base OTs
  private final AesCtrStreams prg0; // sender: streams of k_{s_j}; receiver: streams of k0_j
  private final AesCtrStreams prg1; // receiver: streams of k1_j; sender: null
  private long[] tScratch = new long[0]; // receiver: column scratch for t, kept between small batches
  private long[] uScratch = new long[0]; // receiver: column scratch for u, kept between small batches
  private long blockCounter;

  private IknpExtension(boolean sender, long[] s, byte[][] keys0, byte[][] keys1) {
    this.sender = sender;
    this.s = s;
    this.prg0 = streams(keys0);
    this.prg1 = keys1 == null ? null : streams(keys1);
  }

  private IknpExtension(IknpExtension of, long firstBlock) {
    this.sender = of.sender;
    this.s = of.s;
    this.prg0 = of.prg0;
    this.prg1 = of.prg1;
    this.blockCounter = firstBlock;
  }

  /**
   * The same extension with its PRG blocks from {@code firstBlock} on, for one lane ({@link org.sirnn.ot.OtLanes}):
   * its rows are rows of this extension that no other lane and not this object produce, so they are as independent
   * as the rows of two batches. Lanes share the keyed streams (under a lock).
   */
  IknpExtension lane(long firstBlock) {
    return new IknpExtension(this, firstBlock);
  }

  /** Keyed streams of the given base keys; the raw key arrays are wiped (the ciphers keep their copies). */
  private static AesCtrStreams streams(byte[][] keys) {
    AesCtrStreams st = new AesCtrStreams(keys);
    for (byte[] k : keys) {
      Seed.wipe(k);
    }
    return st;
  }

  /**
   * Base OTs as the extension sender (base-OT receiver with a random choice string s); 2 rounds. With
   * {@code lsbOne} bit 0 of s is 1 (s keeps 127 random bits), so that bit 0 of a row difference q_i xor t_i is the
   * choice bit r_i (used to bootstrap Ferret, whose global offset has this form).
   */
  static IknpExtension asSender(Channel ch, SecureRandom rnd, boolean lsbOne) {
    long[] s = {rnd.nextLong() | (lsbOne ? 1L : 0L), rnd.nextLong()};
    long[] keys = NaorPinkasOt.receive(ch, s, LAMBDA, rnd);
    return new IknpExtension(true, s, toKeys(keys, 0, 1), null);
  }

  /**
   * Both directions of a session, {mine (this party the extension sender), theirs (the receiver)}: the party with
   * {@code first} runs its sender's base OTs first, the other its receiver's, so the two match; 4 rounds.
   */
  static IknpExtension[] pair(Channel ch, boolean first, SecureRandom rnd, boolean lsbOne) {
    IknpExtension mine;
    IknpExtension theirs;
    if (first) {
      mine = asSender(ch, rnd, lsbOne);
      theirs = asReceiver(ch, rnd);
    } else {
      theirs = asReceiver(ch, rnd);
      mine = asSender(ch, rnd, lsbOne);
    }
    return new IknpExtension[] {mine, theirs};
  }

  /** Base OTs as the extension receiver (base-OT sender of random key pairs); 2 rounds. */
  static IknpExtension asReceiver(Channel ch, SecureRandom rnd) {
    long[] keys = NaorPinkasOt.send(ch, LAMBDA, rnd);
    return new IknpExtension(false, null, toKeys(keys, 0, 2), toKeys(keys, 1, 2));
  }

  private static byte[][] toKeys(long[] blocks, int first, int stride) {
    byte[][] out = new byte[LAMBDA][16];
    for (int j = 0; j < LAMBDA; j++) {
      int b = first + j * stride;
      long lo = blocks[2 * b];
      long hi = blocks[2 * b + 1];
      for (int k = 0; k < 8; k++) {
        out[j][k] = (byte) (lo >>> (8 * k));
        out[j][8 + k] = (byte) (hi >>> (8 * k));
      }
    }
    return out;
  }

  /** The sender's secret s as one 128-bit block (lo, hi). */
  long[] secret() {
    if (!sender) {
      throw new IllegalStateException("only the extension sender holds s");
    }
    return s.clone();
  }

  /**
   * Receiver: sends u_j = G(k0_j) xor G(k1_j) xor r for the n choice bits r, and returns the rows t_i (2n longs).
   * One message of 128*n bits; does not wait for the peer.
   */
  long[] receiverExtend(Channel ch, long[] choices, int n) {
    if (sender) {
      throw new IllegalStateException("not the extension receiver");
    }
    int w = BitMatrix.columnWords(n);
    long[] r = Arrays.copyOf(choices, w);
    if (n % 64 != 0) {
      r[w - 1] &= (1L << (n % 64)) - 1;
    }
    final long[] t;
    final long[] u;
    if (LAMBDA * w <= MAX_KEPT_SCRATCH) {
      if (tScratch.length < LAMBDA * w) {
        tScratch = new long[LAMBDA * w];
        uScratch = new long[LAMBDA * w];
      }
      t = tScratch; // every word below LAMBDA * w is overwritten before use
      u = uScratch;
    } else {
      t = new long[LAMBDA * w];
      u = new long[LAMBDA * w];
    }
    long start = advance(w);
    synchronized (prg0) { // shared by the lanes of this direction
      for (int j = 0; j < LAMBDA; j++) {
        int off = j * w;
        prg0.keystream(j, start, t, off, w);
        prg1.keystream(j, start, u, off, w);
      }
    }
    for (int j = 0; j < LAMBDA; j++) {
      int off = j * w;
      for (int k = 0; k < w; k++) {
        u[off + k] ^= t[off + k] ^ r[k];
      }
    }
    if (n % 64 != 0) {
      long mask = (1L << (n % 64)) - 1;
      for (int j = 0; j < LAMBDA; j++) {
        u[j * w + w - 1] &= mask;
      }
    }
    ch.sendBits(BitColumns.compact(u, LAMBDA, n), (long) LAMBDA * n);
    ch.flush();
    long[] rows = new long[2 * n];
    BitMatrix.transposeColumnsToRows(t, LAMBDA, n, rows);
    return rows;
  }

  /** Sender: receives the u columns and returns the rows q_i (2n longs). */
  long[] senderExtend(Channel ch, int n) {
    if (!sender) {
      throw new IllegalStateException("not the extension sender");
    }
    int w = BitMatrix.columnWords(n);
    long[] stream = ch.receiveBits((long) LAMBDA * n);
    long[] q = new long[LAMBDA * w];
    BitColumns.expand(stream, LAMBDA, n, q);
    long start = advance(w);
    synchronized (prg0) { // shared by the lanes of this direction
      for (int j = 0; j < LAMBDA; j++) {
        int off = j * w;
        boolean sj = ((s[j >>> 6] >>> (j & 63)) & 1) != 0;
        if (sj) {
          prg0.keystreamXor(j, start, q, off, w);
        } else {
          prg0.keystream(j, start, q, off, w);
        }
      }
    }
    long[] rows = new long[2 * n];
    BitMatrix.transposeColumnsToRows(q, LAMBDA, n, rows);
    return rows;
  }

  /** Advances every column PRG by the blocks one batch of w words per column uses; returns the first block. */
  private long advance(int w) {
    long start = blockCounter;
    blockCounter += (w + 1) / 2;
    return start;
  }
}
