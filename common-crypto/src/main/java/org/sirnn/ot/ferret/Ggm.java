package org.sirnn.ot.ferret;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The length-doubling PRG of Ferret's GGM trees and its level-by-level expansion of a whole forest.
 *
 * <p>G(x) = (pi_L(x) xor x, pi_R(x) xor x), where pi_L and pi_R are AES-128 under two fixed <em>public</em> keys
 * (the first 16 bytes of SHA-256 of {@value #LEFT_LABEL} and of {@value #RIGHT_LABEL}), i.e. two Matyas-Meyer-Oseas
 * compressions; with AES modelled as an ideal cipher this is a PRG on secret uniform seeds (the two-key fixed-key
 * construction used by Ferret's implementation, Section 5 of the paper; Guo-Katz-Wang-Yu S&amp;P 2020 for fixed-key
 * AES in this model).
 *
 * <p>A forest of g trees is stored level by level in one flat block array, tree-major: level L holds g * 2^L blocks,
 * node i of tree j at block j * 2^L + i. Expanding every node of level L - 1 in order (child b of node p at 2p + b)
 * keeps that layout, so one pass over the flat array expands all trees at once: every AES call of a level is one bulk
 * JCE ECB call over 64 KiB of parents (never one call per node). Expansion runs in place from the last parent down.
 *
 * <p>Per level and tree the pass also accumulates the xor of the left (even) and of the right (odd) children, the
 * values K_0, K_1 that the single-point COT transfers. Thread-safe (one cipher pair per thread).
 */
final class Ggm {
  static final String LEFT_LABEL = "sirnn-java ferret GGM left v1";
  static final String RIGHT_LABEL = "sirnn-java ferret GGM right v1";

  /** Parents per bulk AES call: 4096 blocks = 64 KiB. */
  static final int CHUNK = 4096;

  private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final byte[] LEFT_KEY = key(LEFT_LABEL);
  private static final byte[] RIGHT_KEY = key(RIGHT_LABEL);

  private Ggm() {}

  private static byte[] key(String label) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.US_ASCII));
      return Arrays.copyOf(d, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static final class State {
    final Cipher left = ecb(LEFT_KEY);
    final Cipher right = ecb(RIGHT_KEY);
    final byte[] x = new byte[16 * CHUNK];
    final byte[] yl = new byte[16 * CHUNK];
    final byte[] yr = new byte[16 * CHUNK];

    private static Cipher ecb(byte[] k) {
      try {
        Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"));
        return c;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES/ECB/NoPadding unavailable", e);
      }
    }

    static void run(Cipher c, byte[] in, byte[] out, int len) {
      try {
        if (c.update(in, 0, len, out, 0) != len) {
          throw new IllegalStateException("ECB update returned a short output");
        }
      } catch (ShortBufferException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  /**
   * Expands level {@code level} - 1 of a forest into level {@code level} (1-based), in place: blocks
   * [0, nParents) of {@code nodes} are the parents, afterwards blocks [0, 2 nParents) are the children. Each tree
   * has 2^{@code level - 1} parents. For tree j the xor of its even children is xored into
   * {@code sums[4 (j h + level - 1) + 0, 1]} and of its odd children into {@code [.. + 2, 3]} (h =
   * {@code sumStride}). With {@code clearLsb} bit 0 of every child is cleared (the leaf level).
   */
  static void expand(long[] nodes, int nParents, int level, long[] sums, int sumStride, boolean clearLsb) {
    State st = STATE.get();
    final byte[] x = st.x;
    final byte[] yl = st.yl;
    final byte[] yr = st.yr;
    final long lsb = clearLsb ? ~1L : -1L;
    final int shift = level - 1;
    for (int end = nParents; end > 0; ) {
      final int start = Math.max(0, end - CHUNK);
      final int c = end - start;
      for (int i = 0; i < c; i++) {
        LE.set(x, 16 * i, nodes[2 * (start + i)]);
        LE.set(x, 16 * i + 8, nodes[2 * (start + i) + 1]);
      }
      State.run(st.left, x, yl, 16 * c);
      State.run(st.right, x, yr, 16 * c);
      // children of p land on blocks 2p, 2p+1 >= p: they only overwrite parents already copied into x
      for (int i = 0; i < c; i++) {
        final int p = start + i;
        final long xl = (long) LE.get(x, 16 * i);
        final long xh = (long) LE.get(x, 16 * i + 8);
        final long ll = ((long) LE.get(yl, 16 * i) ^ xl) & lsb;
        final long lh = (long) LE.get(yl, 16 * i + 8) ^ xh;
        final long rl = ((long) LE.get(yr, 16 * i) ^ xl) & lsb;
        final long rh = (long) LE.get(yr, 16 * i + 8) ^ xh;
        final int o = 4 * p;
        nodes[o] = ll;
        nodes[o + 1] = lh;
        nodes[o + 2] = rl;
        nodes[o + 3] = rh;
        final int s = 4 * ((p >>> shift) * sumStride + shift);
        sums[s] ^= ll;
        sums[s + 1] ^= lh;
        sums[s + 2] ^= rl;
        sums[s + 3] ^= rh;
      }
      end = start;
    }
  }
}
