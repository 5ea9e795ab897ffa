package org.sirnn.ot.ferret;

import org.sirnn.net.Channel;
import org.sirnn.prg.CrHash;
import org.sirnn.ring.Ring;

/**
 * 1-out-of-N OT of l-bit messages from log2(N) = m correlated OTs per instance (the reduction of Naor-Pinkas,
 * "Oblivious transfer and polynomial evaluation", STOC 1999, with the N pads derived along a binary tree of
 * fixed-key hashes instead of m independent PRF keys).
 *
 * <p>Instance i uses COTs (q_{i,j}, t_{i,j} = q_{i,j} xor x_{i,j} Delta), j = 1..m, whose choice bits are the bits
 * of the receiver's index x_i, most significant first (the caller has already corrected the random choices). Node
 * values: V(root) = 0 and, for a prefix p of length j - 1 and a bit b,
 * <pre>  V(p || b) = H(tw(i, p || b), V(p) xor q_{i,j} xor b Delta),</pre>
 * H = TCCR of Guo-Katz-Wang-Yu (the hash of {@link CrHash#tccr}) with a tweak unique to the instance and node. The
 * sender computes all 2N - 2 nodes and sends e_{i,y} = m_{i,y} xor V(y) (low l bits) for every leaf y; the receiver
 * computes its path, V(x_{<=j}) = H(tw, V(x_{<j}) xor t_{i,j}), and unmasks e_{i,x_i}.
 *
 * <p>Why the other pads stay hidden: where a leaf y leaves the receiver's path, at level j, its node hashes
 * a xor Delta with a = V(x_{<j}) xor t_{i,j} known to the receiver, which is pseudorandom by the tweakable correlation
 * robustness of H (every tweak is used once); every node below it hashes a value that contains that pseudorandom
 * node, so every off-path leaf is pseudorandom given the receiver's view, in the same ideal-permutation model as
 * the rest of the OT stack. The sender sees only the corrected choices, one-time-padded by random COT choices.
 *
 * <p>Cost per instance: m bits from the receiver (the choice corrections, sent by the caller) and N l bits from the
 * sender; 2N - 2 hashes for the sender and m for the receiver, batched per level over many instances. KK13 costs
 * 256 + N l bits and about N + min(N, 128) hashes per instance for the same interface.
 *
 * <p>Tweaks: the call reserves n (2N - 2) consecutive tweaks from {@code tweak}; node w of level j (w &lt; 2^j) of
 * instance i has tweak + (2^j - 2) n + i 2^j + w.
 */
final class OneOfNTree {
  /** Largest number of l-bit values in one message of the sender (as in KK13). */
  static final int E_SLICE_VALUES = 1 << 20;

  /**
   * Blocks per hashing chunk of the sender: 256 KiB of nodes per level array, so the three scratch arrays of a call
   * stay below the JVM's large-object threshold (G1 allocates arrays of half a region or more, 1 MiB with the
   * default 2 MiB regions, straight in the old generation, and their churn forced extra collections).
   */
  static final int CHUNK_BLOCKS = 1 << 14;

  private OneOfNTree() {}

  /** Instances per message of the sender for this N; both ends slice identically. */
  static int slice(int bigN) {
    return E_SLICE_VALUES / bigN;
  }

  /**
   * Sender: {@code q} holds the corrected COTs of instance i at blocks i m .. i m + m - 1; sends the masked messages
   * (message y of instance i at {@code messages[i N + y]}) in slices and flushes.
   */
  static void send(Channel ch, long[] q, long[] delta, int n, int bigN, int m, int l, long[] messages, long tweak) {
    final long mask = Ring.mask(l);
    final int chunk = Math.max(1, Math.min(n, CHUNK_BLOCKS / bigN)); // scratch for at most n instances
    final long[] cur = new long[2 * chunk * bigN];
    final long[] in = new long[2 * chunk * bigN];
    final long[] nxt = new long[2 * chunk * bigN];
    final int slice = slice(bigN);
    final long[] e = new long[bigN * Math.min(n, slice)];
    for (int s0 = 0; s0 < n; s0 += slice) {
      final int sl = Math.min(slice, n - s0);
      for (int c0 = s0; c0 < s0 + sl; c0 += chunk) {
        final int cn = Math.min(chunk, s0 + sl - c0);
        long[] v = leaves(q, delta, n, m, tweak, c0, cn, cur, in, nxt);
        for (int i = 0; i < cn; i++) {
          final int at = (c0 + i) * bigN;
          final int eo = (c0 - s0 + i) * bigN;
          for (int y = 0; y < bigN; y++) {
            e[eo + y] = (messages[at + y] ^ v[2 * (i * bigN + y)]) & mask;
          }
        }
      }
      ch.sendLongs(e, 0, sl * bigN, l);
    }
    ch.flush();
  }

  /**
   * All N leaves of instances [c0, c0 + cn), instance-major, in one of the scratch arrays (returned): level by level,
   * each level one batched hash call.
   */
  private static long[] leaves(long[] q, long[] delta, int n, int m, long tweak, int c0, int cn, long[] a,
      long[] in, long[] b) {
    long[] v = a;
    long[] w = b;
    for (int j = 1; j <= m; j++) {
      final int half = 1 << (j - 1);
      for (int i = 0; i < cn; i++) {
        final int c = 2 * ((c0 + i) * m + j - 1);
        final long ql = q[c];
        final long qh = q[c + 1];
        for (int p = 0; p < half; p++) {
          final long pl = j == 1 ? 0 : v[2 * (i * half + p)];
          final long ph = j == 1 ? 0 : v[2 * (i * half + p) + 1];
          final int o = 2 * (i * 2 * half + 2 * p);
          in[o] = pl ^ ql;
          in[o + 1] = ph ^ qh;
          in[o + 2] = pl ^ ql ^ delta[0];
          in[o + 3] = ph ^ qh ^ delta[1];
        }
      }
      final long level = (1L << j) - 2;
      CrHash.tccr(in, 0, tweak + level * n + (long) c0 * 2 * half, cn * 2 * half, w, 0);
      long[] t = v;
      v = w;
      w = t;
    }
    return v;
  }

  /**
   * Receiver: {@code t} holds the COTs of instance i at blocks i m .. with choice bits the bits of
   * {@code choices[i]}; receives the sender's slices and returns message choices[i] of each instance.
   */
  static long[] receive(Channel ch, long[] t, int[] choices, int n, int bigN, int m, int l, long tweak) {
    final long[] v = new long[2 * n];
    final long[] in = new long[2 * n];
    final long[] tw = new long[n];
    for (int j = 1; j <= m; j++) {
      final long level = tweak + ((1L << j) - 2) * n;
      for (int i = 0; i < n; i++) {
        final int c = 2 * (i * m + j - 1);
        in[2 * i] = v[2 * i] ^ t[c];
        in[2 * i + 1] = v[2 * i + 1] ^ t[c + 1];
        tw[i] = level + ((long) i << j) + (choices[i] >>> (m - j));
      }
      tccr(in, tw, n, v);
    }
    final long mask = Ring.mask(l);
    final long[] out = new long[n];
    final int slice = slice(bigN);
    final long[] e = new long[bigN * Math.min(n, slice)];
    for (int s0 = 0; s0 < n; s0 += slice) {
      final int sl = Math.min(slice, n - s0);
      ch.receiveLongs(e, 0, sl * bigN, l);
      for (int i = 0; i < sl; i++) {
        out[s0 + i] = (e[i * bigN + choices[s0 + i]] ^ v[2 * (s0 + i)]) & mask;
      }
    }
    return out;
  }

  /**
   * out_i = TCCR(tweaks[i], in_i) = pi(pi(in_i) xor tweaks[i]) xor pi(in_i), the hash of {@link CrHash#tccr} with an
   * arbitrary tweak per block (tweak xored into the low half), computed through two bulk calls of
   * {@link CrHash#cr} (pi(z) = cr(z) xor z). Destroys {@code in}.
   */
  static void tccr(long[] in, long[] tweaks, int n, long[] out) {
    CrHash.cr(in, 0, n, out, 0);
    for (int i = 0; i < n; i++) {
      out[2 * i] ^= in[2 * i]; // pi(x)
      out[2 * i + 1] ^= in[2 * i + 1];
      in[2 * i] = out[2 * i] ^ tweaks[i]; // pi(x) xor tweak
      in[2 * i + 1] = out[2 * i + 1];
    }
    final long[] second = new long[2 * n];
    CrHash.cr(in, 0, n, second, 0);
    for (int i = 0; i < 2 * n; i++) {
      out[i] ^= second[i] ^ in[i]; // pi(pi(x) xor tweak) xor pi(x)
    }
  }
}
