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
 * width, i.e. about k (lambda + l - k/2) (twice that for {@link #twoWay}, one product each way). The per-bit
 * segments, choices and the weighted sum of the OT outputs are {@link BitDecomposedProduct}'s, with one correlation
 * per OT.
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
    CorrelatedOt.Both both = p.cot().exchange(BitDecomposedProduct.segments(new long[][] {other}, k, l, k),
        BitDecomposedProduct.choices(mult, n, k), BitDecomposedProduct.shapes(n, 1, k, l, k));
    long[][] acc = BitDecomposedProduct.weightedSum(both.asReceiver(), k, +1, 1, n);
    BitDecomposedProduct.accumulate(both.asSender(), k, -1, acc);
    Ring.reduce(acc[0], l);
    return acc[0];
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
    long[][][] perBit = iAmMultiplier
        ? p.cot().receiveSegments(BitDecomposedProduct.choices(mine, n, k),
            BitDecomposedProduct.shapes(n, 1, k, l, k))
        : p.cot().sendSegments(BitDecomposedProduct.segments(new long[][] {mine}, k, l, k));
    long[] out = BitDecomposedProduct.weightedSum(perBit, k, iAmMultiplier ? +1 : -1, 1, n)[0];
    Ring.reduce(out, l);
    return out;
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
