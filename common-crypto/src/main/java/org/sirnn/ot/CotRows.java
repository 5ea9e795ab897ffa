package org.sirnn.ot;

import org.sirnn.net.Channel;
import org.sirnn.prg.CrHash;
import org.sirnn.ring.Ring;

/**
 * Every OT flavour of this package from 128-bit correlated rows with a global offset: the sender holds rows q_i and
 * the secret offset s, the receiver holds t_i = q_i xor b_i * s for its choice bits b_i. This is the final step shared
 * by IKNP (rows from the transposed extension matrix, s the base-OT choices) and Ferret (rows from silent COT after
 * the choice correction, s its Delta): the two pads of instance i are H(tw_i, q_i) and H(tw_i, q_i xor s), the
 * receiver's H(tw_i, t_i) is the one its bit selects (Ishai-Kilian-Nissim-Petrank CRYPTO 2003; the correlated variant
 * of Asharov-Lindell-Schneider-Zohner CCS 2013 for COT). H is {@link CrHash#tccr} (Guo-Katz-Wang-Yu S&amp;P 2020) with
 * tweaks from a {@link Tweaks} counter that both ends advance identically and that never repeats within a direction.
 *
 * <p>Messages: COT sends sum_c l_c bits per instance (sender to receiver, packed to the widths), chosen OT 2l bits,
 * random OT nothing; each sending method flushes once. The sender's methods destroy {@code q} (xor s is applied in
 * place).
 */
public final class CotRows {
  private CotRows() {}

  /** Source of fresh hash tweaks of one direction; both ends return the same values in the same order. */
  @FunctionalInterface
  public interface Tweaks {
    /** Reserves {@code count} consecutive tweaks and returns the first. */
    long take(long count);
  }

  // ------------------------------------------------------------------------------------------- correlated OT

  /**
   * COT sender over rows {@code q} (blocks 0..n-1, segments back to back): returns r[segment][correlation][instance]
   * and sends y = H0 + delta - H1 per correlation, then flushes. One message.
   */
  public static long[][][] sendSegments(Channel ch, long[] q, long[] s, Tweaks tw, CorrelatedOt.Segment[] segments) {
    long[][][] r = new long[segments.length][][];
    long[][][] y = new long[segments.length][][];
    int base = 0;
    for (int sIdx = 0; sIdx < segments.length; sIdx++) {
      CorrelatedOt.Segment seg = segments[sIdx];
      int n = seg.n();
      int k = seg.widths().length;
      int words = wordsPerOt(k);
      long[][] pads = senderPads(q, s, tw, base, n, words / 2);
      long[] h0 = pads[0];
      long[] h1 = pads[1];
      r[sIdx] = new long[k][];
      y[sIdx] = new long[k][];
      for (int c = 0; c < k; c++) {
        long mask = Ring.mask(seg.widths()[c]);
        long[] d = seg.deltas()[c];
        long[] rc = new long[n];
        long[] yc = new long[n];
        for (int i = 0; i < n; i++) {
          long a = h0[i * words + c];
          rc[i] = a & mask;
          yc[i] = (a + d[i] - h1[i * words + c]) & mask;
        }
        r[sIdx][c] = rc;
        y[sIdx][c] = yc;
      }
      base += n;
    }
    for (int sIdx = 0; sIdx < segments.length; sIdx++) {
      for (int c = 0; c < segments[sIdx].widths().length; c++) {
        ch.sendLongs(y[sIdx][c], segments[sIdx].widths()[c]);
      }
    }
    ch.flush();
    return r;
  }

  /** COT receiver over rows {@code t}: receives the sender's y values and returns r + b*delta per correlation. */
  public static long[][][] receiveSegments(Channel ch, long[] t, long[] choices, Tweaks tw,
      CorrelatedOt.Shape[] shapes) {
    long[][][] out = new long[shapes.length][][];
    long[][] h = new long[shapes.length][];
    int base = 0;
    for (int sIdx = 0; sIdx < shapes.length; sIdx++) {
      h[sIdx] = receiverPads(t, tw, base, shapes[sIdx].n(), wordsPerOt(shapes[sIdx].widths().length) / 2);
      base += shapes[sIdx].n();
    }
    base = 0;
    for (int sIdx = 0; sIdx < shapes.length; sIdx++) {
      CorrelatedOt.Shape sh = shapes[sIdx];
      int n = sh.n();
      int k = sh.widths().length;
      int words = wordsPerOt(k);
      out[sIdx] = new long[k][];
      for (int c = 0; c < k; c++) {
        int l = sh.widths()[c];
        long mask = Ring.mask(l);
        long[] yc = ch.receiveLongs(n, l);
        long[] o = new long[n];
        long[] hs = h[sIdx];
        for (int i = 0; i < n; i++) {
          int at = base + i;
          long b = -((choices[at >>> 6] >>> (at & 63)) & 1L); // all ones when chosen
          o[i] = (hs[i * words + c] + (yc[i] & b)) & mask;
        }
        out[sIdx][c] = o;
      }
      base += n;
    }
    return out;
  }

  // ----------------------------------------------------------------------------------------------- random OT

  /** Random-OT sender: {m0, m1} = low l bits of H(q_i), H(q_i xor s). No message. */
  public static long[][] sendRandom(long[] q, long[] s, Tweaks tw, int n, int l) {
    long[][] pads = senderPads(q, s, tw, 0, n, 1);
    long[] h0 = pads[0];
    long[] h1 = pads[1];
    long mask = Ring.mask(l);
    long[] m0 = new long[n];
    long[] m1 = new long[n];
    for (int i = 0; i < n; i++) {
      m0[i] = h0[2 * i] & mask;
      m1[i] = h1[2 * i] & mask;
    }
    return new long[][] {m0, m1};
  }

  /** Random-OT receiver: low l bits of H(t_i). No message. */
  public static long[] receiveRandom(long[] t, Tweaks tw, int n, int l) {
    long[] h = receiverPads(t, tw, 0, n, 1);
    long mask = Ring.mask(l);
    long[] m = new long[n];
    for (int i = 0; i < n; i++) {
      m[i] = h[2 * i] & mask;
    }
    return m;
  }

  // ----------------------------------------------------------------------------------------------- chosen OT

  /** Chosen-OT sender: sends m0 xor H(q_i) and m1 xor H(q_i xor s), l bits each, and flushes. */
  public static void sendChosen(Channel ch, long[] q, long[] s, Tweaks tw, long[] m0, long[] m1, int l) {
    int n = m0.length;
    long[][] pads = senderPads(q, s, tw, 0, n, 1);
    long[] h0 = pads[0];
    long[] h1 = pads[1];
    long mask = Ring.mask(l);
    long[] e0 = new long[n];
    long[] e1 = new long[n];
    for (int i = 0; i < n; i++) {
      e0[i] = (m0[i] ^ h0[2 * i]) & mask;
      e1[i] = (m1[i] ^ h1[2 * i]) & mask;
    }
    ch.sendLongs(e0, l);
    ch.sendLongs(e1, l);
    ch.flush();
  }

  /** Chosen-OT receiver: receives both masked messages and unmasks the chosen one. */
  public static long[] receiveChosen(Channel ch, long[] t, long[] choices, Tweaks tw, int n, int l) {
    long[] h = receiverPads(t, tw, 0, n, 1);
    long[] e0 = ch.receiveLongs(n, l);
    long[] e1 = ch.receiveLongs(n, l);
    long mask = Ring.mask(l);
    long[] m = new long[n];
    for (int i = 0; i < n; i++) {
      long b = -((choices[i >>> 6] >>> (i & 63)) & 1L);
      m[i] = ((e0[i] & ~b) ^ (e1[i] & b) ^ h[2 * i]) & mask;
    }
    return m;
  }

  // ---------------------------------------------------------------------------------------------- internals

  /**
   * The sender's two pads per instance: {H(q_i), H(q_i xor s)} with blocksPerOt hash blocks each (fresh tweaks);
   * destroys q.
   */
  private static long[][] senderPads(long[] q, long[] s, Tweaks tw, int first, int n, int blocksPerOt) {
    long tweak = tw.take((long) n * blocksPerOt);
    long[] h0 = hashRows(q, first, n, blocksPerOt, tweak);
    long s0 = s[0];
    long s1 = s[1];
    for (int i = first; i < first + n; i++) {
      q[2 * i] ^= s0;
      q[2 * i + 1] ^= s1;
    }
    long[] h1 = hashRows(q, first, n, blocksPerOt, tweak);
    return new long[][] {h0, h1};
  }

  /** The receiver's pad per instance from its rows t: H(t_i), equal to the sender's pad of its choice. */
  private static long[] receiverPads(long[] t, Tweaks tw, int first, int n, int blocksPerOt) {
    return hashRows(t, first, n, blocksPerOt, tw.take((long) n * blocksPerOt));
  }

  /** 64-bit pad words per OT for k correlations: a whole number of 128-bit hash blocks. */
  private static int wordsPerOt(int k) {
    return 2 * ((k + 1) / 2);
  }

  /**
   * H(tweak_{i,b}, row_i) for b < blocksPerOt: blocksPerOt hash blocks per row, with tweaks
   * tweak + i*blocksPerOt + b, as 2*blocksPerOt longs per row.
   */
  private static long[] hashRows(long[] rows, int first, int n, int blocksPerOt, long tweak) {
    long[] out = new long[2 * n * blocksPerOt];
    if (blocksPerOt == 1) {
      CrHash.tccr(rows, first, tweak, n, out, 0);
      return out;
    }
    long[] in = new long[out.length];
    for (int i = 0; i < n; i++) {
      for (int b = 0; b < blocksPerOt; b++) {
        in[2 * (i * blocksPerOt + b)] = rows[2 * (first + i)];
        in[2 * (i * blocksPerOt + b) + 1] = rows[2 * (first + i) + 1];
      }
    }
    CrHash.tccr(in, 0, tweak, n * blocksPerOt, out, 0);
    return out;
  }

  /** Rejects a batch size outside 0..2^26. */
  public static void checkCount(long n) {
    if (n < 0 || n > (1 << 26)) {
      throw new IllegalArgumentException("OT batch size must be in 0..2^26, got " + n);
    }
  }

  /** Rejects a choice vector shorter than n bits. */
  public static void checkChoices(long[] choices, int n) {
    if (choices.length < (n + 63) / 64) {
      throw new IllegalArgumentException("need " + (n + 63) / 64 + " words of choice bits for " + n
          + " OTs, got " + choices.length);
    }
  }

  /** Total instances of the segments, checked. */
  public static int totalInstances(CorrelatedOt.Segment[] segments) {
    long n = 0;
    for (CorrelatedOt.Segment seg : segments) {
      n += seg.n();
    }
    checkCount(n);
    return (int) n;
  }

  /** Total instances of the shapes, checked. */
  public static int totalInstances(CorrelatedOt.Shape[] shapes) {
    long n = 0;
    for (CorrelatedOt.Shape sh : shapes) {
      n += sh.n();
    }
    checkCount(n);
    return (int) n;
  }
}
