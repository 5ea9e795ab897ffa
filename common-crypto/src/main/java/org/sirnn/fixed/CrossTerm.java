package org.sirnn.fixed;

import org.sirnn.mpc.Chunks;
import org.sirnn.mpc.Party;
import org.sirnn.ot.CorrelatedOt;
import org.sirnn.ring.Ring;

/**
 * The cross-term protocol of SiRnn (Section IV-C, Algorithm 4): shares of a*b mod 2^l where one party holds a and
 * the other holds b, both in the clear to their holder.
 *
 * <p>The holder of the narrower operand is the correlated-OT receiver with one OT per bit a_i of its operand; the
 * other party is sender with the correlation b, shortened to l - i bits because it is multiplied by 2^i. The
 * receiver outputs sum_i 2^i (r_i + a_i b), the sender -sum_i 2^i r_i. All bit positions run as segments of one
 * OT extension: 2 rounds. Communication per element: sum_{i < min(k, l)} (lambda + l - i) bits, k = the narrower
 * width, i.e. about k (lambda + l - k/2).
 */
public final class CrossTerm {
  private CrossTerm() {}

  /**
   * Both cross terms of a product of two shared operands at once, overlapped (2 rounds): shares of
   * a0*b1 + a1*b0 mod 2^l, where this party holds its shares a_me (aBits wide) and b_me (bBits wide).
   */
  public static long[] twoWay(Party p, long[] a, int aBits, long[] b, int bBits, int l) {
    check(a, b, aBits, bBits, l);
    return Chunks.map(a.length, Chunks.size(perInstanceBytes(Math.min(aBits, bBits), l)),
        (from, to) -> twoWayChunk(p, Chunks.slice(a, from, to), aBits, Chunks.slice(b, from, to), bBits, l));
  }

  /** Transient bytes per instance: k correlations and messages of up to l bits, both directions, OT rows. */
  private static long perInstanceBytes(int multBits, int l) {
    return 2L * 6 * Math.min(multBits, l) * Long.BYTES;
  }

  private static long[] twoWayChunk(Party p, long[] a, int aBits, long[] b, int bBits, int l) {
    int n = a.length;
    // multiplier = the narrower operand: its bits are the choices, the other operand the correlation
    boolean aIsMultiplier = aBits <= bBits;
    long[] mult = aIsMultiplier ? a : b;
    int multBits = aIsMultiplier ? aBits : bBits;
    long[] other = aIsMultiplier ? b : a;
    int k = Math.min(multBits, l);
    CorrelatedOt.Segment[] send = segments(other, n, k, l);
    CorrelatedOt.Shape[] shapes = shapes(n, k, l);
    CorrelatedOt.Both both = p.cot().exchange(send, choices(mult, n, k), shapes);
    long[] out = new long[n];
    accumulate(both.asReceiver(), out, n, k, l, +1);
    accumulate(both.asSender(), out, n, k, l, -1);
    return out;
  }

  /**
   * One cross term: this party is the OT receiver holding the multiplier {@code mine} (multBits wide) when
   * {@code iAmMultiplier}, else the sender holding the other factor {@code mine}. Returns shares of the product mod
   * 2^l. Both parties pass the same multBits and l.
   */
  public static long[] oneWay(Party p, boolean iAmMultiplier, long[] mine, int multBits, int l) {
    Ring.checkBitwidth(l);
    Ring.checkBitwidth(multBits);
    return Chunks.map(mine.length, Chunks.size(perInstanceBytes(multBits, l)),
        (from, to) -> oneWayChunk(p, iAmMultiplier, Chunks.slice(mine, from, to), multBits, l));
  }

  private static long[] oneWayChunk(Party p, boolean iAmMultiplier, long[] mine, int multBits, int l) {
    int n = mine.length;
    int k = Math.min(multBits, l);
    long[] out = new long[n];
    if (iAmMultiplier) {
      long[][][] got = p.cot().receiveSegments(choices(mine, n, k), shapes(n, k, l));
      accumulate(got, out, n, k, l, +1);
    } else {
      long[][][] r = p.cot().sendSegments(segments(mine, n, k, l));
      accumulate(r, out, n, k, l, -1);
    }
    return out;
  }

  static CorrelatedOt.Segment[] segments(long[] other, int n, int k, int l) {
    CorrelatedOt.Segment[] segs = new CorrelatedOt.Segment[k];
    for (int i = 0; i < k; i++) {
      long mask = Ring.mask(l - i);
      long[] d = new long[n];
      for (int e = 0; e < n; e++) {
        d[e] = other[e] & mask;
      }
      segs[i] = new CorrelatedOt.Segment(new long[][] {d}, new int[] {l - i});
    }
    return segs;
  }

  static CorrelatedOt.Shape[] shapes(int n, int k, int l) {
    CorrelatedOt.Shape[] shapes = new CorrelatedOt.Shape[k];
    for (int i = 0; i < k; i++) {
      shapes[i] = new CorrelatedOt.Shape(n, new int[] {l - i});
    }
    return shapes;
  }

  /** Choice bits, segment i (bit i of every element) after segment i-1. */
  static long[] choices(long[] mult, int n, int k) {
    long[] w = new long[(int) (((long) n * k + 63) >>> 6)];
    int at = 0;
    for (int i = 0; i < k; i++) {
      for (int e = 0; e < n; e++, at++) {
        w[at >>> 6] |= ((mult[e] >>> i) & 1L) << (at & 63);
      }
    }
    return w;
  }

  private static void accumulate(long[][][] perBit, long[] out, int n, int k, int l, int sign) {
    long mask = Ring.mask(l);
    for (int i = 0; i < k; i++) {
      long[] v = perBit[i][0];
      for (int e = 0; e < n; e++) {
        out[e] = (out[e] + sign * (v[e] << i)) & mask;
      }
    }
  }

  private static int check(long[] a, long[] b, int aBits, int bBits, int l) {
    Ring.checkBitwidth(aBits);
    Ring.checkBitwidth(bBits);
    Ring.checkBitwidth(l);
    if (a.length != b.length) {
      throw new IllegalArgumentException("cross term: " + a.length + " and " + b.length + " elements");
    }
    return a.length;
  }
}
