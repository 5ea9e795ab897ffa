package org.sirnn.ot.ferret;

import org.sirnn.net.Channel;
import org.sirnn.prg.CrHash;
import org.sirnn.prg.Prg;

/**
 * Single-point COT from GGM trees, many trees at once (Ferret, CCS 2020, Section 4, Figure 6, semi-honest; the GGM
 * puncturable PRF of Boyle-Couteau-Gilboa-Ishai et al.). For each of g trees of depth h the sender ends with 2^h
 * leaves w_i, the receiver with a punctured position alpha and leaves v_i = w_i for i != alpha,
 * v_alpha = w_alpha xor Delta. Bit 0 of every sender leaf is 0, so bit 0 of v_i is 1 exactly at alpha: the noise
 * bit rides in the block.
 *
 * <p>Each tree consumes h correlated OTs with global offset Delta (sender q_L, receiver t_L = q_L xor c_L Delta,
 * c_L = bit 0 of t_L, random), one per level L = 1..h. The receiver's path bit is alpha_L = 1 - c_L, so the noise
 * position is as random as the COT choices and no choice message is needed. The sender expands its random root,
 * and per level sends M_b^L = K_b^L xor H(tw_L, q_L xor b Delta) (b = 0, 1), where K_b^L is the xor of the level's
 * nodes of parity b; the receiver gets K_{c_L}^L = M_{c_L}^L xor H(tw_L, t_L), the xor of the nodes off its path on
 * that side, and recovers the one node it lacks next to its path. Finally the sender sends
 * S = Delta xor (xor of all leaves), from which the receiver forms v_alpha. H is {@link CrHash#tccr} with a tweak
 * that is unique per COT.
 *
 * <p>Cost per tree: (2h + 1) * 128 bits, one message from the sender (all g trees in one message, 1 round);
 * 2^h - 1 length-doubling PRG calls for the sender and 2^h - 2 for the receiver (2 fixed-key AES each, batched per
 * level over all g trees), 2h (sender) or h (receiver) hash blocks. Only semi-honest: no consistency check (a
 * malicious sender could send inconsistent trees and learn the receiver's noise positions from the outcome).
 */
final class Spcot {
  private Spcot() {}

  /** Blocks of the sender's message per tree of depth h. */
  static int messageBlocks(int h) {
    return 2 * h + 1;
  }

  /**
   * Sender of g trees of depth h: writes their leaves, tree-major, into blocks [0, g 2^h) of {@code out} and sends
   * one message of g (2h + 1) blocks (not flushed). The trees' COTs are blocks {@code cotOff .. cotOff + g h} of
   * {@code cots} (tree j, level L at cotOff + j h + L - 1); their hash tweaks are {@code tweak ..}.
   */
  static void send(Channel ch, int h, int g, long[] delta, long[] cots, int cotOff, long tweak, Prg roots,
      long[] out) {
    final long[] sums = new long[4 * g * h];
    roots.nextBlocks(out, 0, g);
    for (int level = 1; level <= h; level++) {
      Ggm.expand(out, g << (level - 1), level, sums, h, level == h);
    }
    final int nc = g * h;
    final long[] q = new long[2 * nc];
    System.arraycopy(cots, 2 * cotOff, q, 0, 2 * nc);
    final long[] h0 = new long[2 * nc];
    final long[] h1 = new long[2 * nc];
    CrHash.tccr(q, 0, tweak, nc, h0, 0);
    for (int i = 0; i < nc; i++) {
      q[2 * i] ^= delta[0];
      q[2 * i + 1] ^= delta[1];
    }
    CrHash.tccr(q, 0, tweak, nc, h1, 0);
    final int per = messageBlocks(h);
    final long[] msg = new long[2 * g * per];
    for (int j = 0; j < g; j++) {
      for (int lv = 0; lv < h; lv++) {
        final int c = j * h + lv;
        final int s = 4 * c;
        final int m = 2 * (j * per + 2 * lv);
        msg[m] = sums[s] ^ h0[2 * c];
        msg[m + 1] = sums[s + 1] ^ h0[2 * c + 1];
        msg[m + 2] = sums[s + 2] ^ h1[2 * c];
        msg[m + 3] = sums[s + 3] ^ h1[2 * c + 1];
      }
      final int s = 4 * (j * h + h - 1); // leaf level: even xor odd = all leaves
      final int m = 2 * (j * per + 2 * h);
      msg[m] = delta[0] ^ sums[s] ^ sums[s + 2];
      msg[m + 1] = delta[1] ^ sums[s + 1] ^ sums[s + 3];
    }
    ch.sendBlocks(msg, 0, g * per);
  }

  /**
   * Receiver of g trees of depth h (h >= 2): receives the sender's message and writes the leaves v into blocks
   * [0, g 2^h) of {@code out}; the COTs and tweaks as for {@link #send}.
   */
  static void receive(Channel ch, int h, int g, long[] cots, int cotOff, long tweak, long[] out) {
    final int per = messageBlocks(h);
    final long[] msg = new long[2 * g * per];
    ch.receiveBlocks(msg, 0, g * per);
    final int nc = g * h;
    final long[] k = new long[2 * nc]; // K_{c_L}^L per tree and level
    CrHash.tccr(cots, cotOff, tweak, nc, k, 0);
    final int[] choice = new int[nc];
    for (int c = 0; c < nc; c++) {
      final int b = (int) (cots[2 * (cotOff + c)] & 1L);
      choice[c] = b;
      final int m = 2 * ((c / h) * per + 2 * (c % h) + b);
      k[2 * c] ^= msg[m];
      k[2 * c + 1] ^= msg[m + 1];
    }
    final int[] path = new int[g]; // index of the path node within its tree at the current level
    for (int j = 0; j < g; j++) {
      final int b = choice[j * h];
      final int off = 2 * (2 * j + b);
      out[off] = k[2 * j * h];
      out[off + 1] = k[2 * j * h + 1];
      out[2 * (2 * j + 1 - b)] = 0; // the path node: unknown
      out[2 * (2 * j + 1 - b) + 1] = 0;
      path[j] = 1 - b;
    }
    final long[] sums = new long[4 * g * h];
    for (int level = 2; level <= h; level++) {
      Ggm.expand(out, g << (level - 1), level, sums, h, level == h);
      for (int j = 0; j < g; j++) {
        final int c = j * h + level - 1;
        final int b = choice[c];
        final int node = (j << level) + 2 * path[j];
        final int off = 2 * (node + b); // the sibling of the path child: sums include its garbage value once
        final int s = 4 * c + 2 * b;
        final long gl = out[off];
        final long gh = out[off + 1];
        final long vl = k[2 * c] ^ sums[s] ^ gl;
        final long vh = k[2 * c + 1] ^ sums[s + 1] ^ gh;
        out[off] = vl;
        out[off + 1] = vh;
        path[j] = 2 * path[j] + 1 - b;
        if (level == h) {
          // v_alpha = S xor (xor of all other leaves); the sums hold every leaf with both garbage children
          final int a = 2 * (node + 1 - b);
          final int s0 = 4 * c;
          final int m = 2 * (j * per + 2 * h);
          final long restL = sums[s0] ^ sums[s0 + 2] ^ gl ^ vl ^ out[a];
          final long restH = sums[s0 + 1] ^ sums[s0 + 3] ^ gh ^ vh ^ out[a + 1];
          out[a] = msg[m] ^ restL;
          out[a + 1] = msg[m + 1] ^ restH;
        }
      }
    }
  }
}
