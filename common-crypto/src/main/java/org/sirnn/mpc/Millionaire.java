package org.sirnn.mpc;

import java.util.Arrays;
import org.sirnn.net.Traffic;
import org.sirnn.ot.OneOfNOt;
import org.sirnn.ring.Ring;

/**
 * Millionaires' protocol F_Mill^l (CrypTFlow2, CCS 2020; SiRnn Section III-E): one party holds x, the other y, both
 * l-bit unsigned values (l in 1..64); they get XOR shares of 1{x < y} (or of 1{x > y}).
 *
 * <p>Construction with radix m (default 4, any of 1..8): split both inputs into q = ceil(l/m) digits, the top digit
 * possibly shorter. For every digit the x-holder is sender of a (2^m choose 1)-OT with 2-bit messages: for every
 * possible y-digit v it offers (1{x_j < v} XOR r_lt, 1{x_j = v} XOR r_eq) with fresh random bits r, which become its
 * output shares; the y-holder selects with its digit. (The top digit is padded to m bits: the y-holder never selects
 * an index above its digit range. With q = 1 the single leaf carries only lt, as a 1-bit message.) The digits are
 * then combined pairwise up a binary tree, lt = lt_hi XOR (eq_hi AND lt_lo), eq = eq_hi AND eq_lo, one batched AND
 * round ({@link And}) per level over all instances. The node holding the lowest digit never needs eq, so it costs one
 * AND instead of two.
 *
 * <p>All bit triples of the tree are made up front. With radix 4 they ride in the same 16-way OT call as the leaves
 * (the x-holder is the triple OT sender, {@link BitTriples}), so the whole protocol is one KKOT round pair plus
 * ceil(log2 q) AND rounds: 2 + ceil(log2 ceil(l/4)) rounds (6 at l = 64). Other radixes run the triple OTs as a second
 * OT call (2 more rounds).
 *
 * <p>Communication per instance at radix 4 (lambda = 128, KKOT 2*lambda + 16*2 bits per OT): q leaf OTs of 288 bits
 * plus #AND * 148 bits with #AND = sum over tree levels of (2 * pairs - 1); e.g. l = 32: 8 * 288 + 11 * 148 = 3932
 * bits, under lambda*l + 14*l = 4544.
 *
 * <p>Memory: calls over more instances than fit in {@link Chunks#WORKING_SET_BYTES} run in chunks (the rounds
 * above per chunk; the bytes the same up to per-call OT rounding).
 */
public final class Millionaire {
  private Millionaire() {}

  /** The default radix (SCI's MILL_PARAM). */
  public static final int DEFAULT_RADIX = 4;

  /**
   * XOR shares of 1{x < y}, radix 4.
   *
   * @param xHolder which party holds x (the other holds y)
   * @param input this party's private values (x or y), l bits each (higher bits ignored)
   */
  public static long[] lessThan(Party p, Party.Role xHolder, long[] input, int l) {
    return compare(p, xHolder, input, l, false, DEFAULT_RADIX);
  }

  /** XOR shares of 1{x > y}, radix 4; see {@link #lessThan}. */
  public static long[] greaterThan(Party p, Party.Role xHolder, long[] input, int l) {
    return compare(p, xHolder, input, l, true, DEFAULT_RADIX);
  }

  /**
   * XOR shares of 1{x > y} when {@code greaterThan}, else of 1{x < y}, as unsigned l-bit values. Both parties pass
   * the same xHolder, l, greaterThan, radix and the same number of inputs.
   *
   * @param xHolder which party holds x; the other party's input is y
   * @param input this party's private values, l bits each (higher bits ignored)
   * @param radix digit width m in 1..8
   * @return this party's XOR shares, one bit per long
   */
  public static long[] compare(Party p, Party.Role xHolder, long[] input, int l, boolean greaterThan, int radix) {
    Ring.checkBitwidth(l);
    if (radix < 1 || radix > 8) {
      throw new IllegalArgumentException("millionaire radix must be in 1..8, got " + radix);
    }
    int q = (l + radix - 1) / radix;
    int bigN = 1 << (q == 1 ? l : radix);
    // OT messages of the leaves and merged triples, plus the OT layer's own rows (about as much again)
    long perInstance = 2L * (q + andsPerInstance(q)) * bigN * Long.BYTES;
    return Chunks.map(input.length, Chunks.size(perInstance),
        (from, to) -> compareChunk(p, xHolder, Chunks.slice(input, from, to), l, greaterThan, radix));
  }

  @SuppressWarnings("try")
  private static long[] compareChunk(Party p, Party.Role xHolder, long[] input, int l, boolean greaterThan,
      int radix) {
    int n = input.length;
    int q = (l + radix - 1) / radix;
    int w = q == 1 ? l : radix; // leaf digit width; the top digit is padded to it
    int bigN = 1 << w;
    int msgBits = q == 1 ? 1 : 2;
    if (n == 0) {
      return new long[0];
    }
    long triplesL = (long) n * andsPerInstance(q);
    long leavesL = (long) n * q;
    boolean merged = triplesL > 0 && bigN == BitTriples.N && msgBits == BitTriples.MSG_BITS;
    long msgCount = (leavesL + (merged ? (triplesL + 1) / 2 : 0)) * bigN;
    if (msgCount > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("millionaire: " + n + " instances of " + l + " bits at radix " + radix
          + " need " + msgCount + " OT messages, more than one call can hold");
    }
    int triples = (int) triplesL;
    int leaves = (int) leavesL;
    long mask = Ring.mask(l);
    long digitMask = bigN - 1;
    try (Traffic.Scope sc = p.scope("millionaire")) {
      OneOfNOt ot = p.oneOfN();
      long[] lt = new long[leaves]; // share of digit j of instance i at j*n + i
      long[] eq = new long[leaves];
      BitTriples t;
      if (p.role() == xHolder) {
        // table[d*N + v] = lt(d, v) | eq(d, v) << 1 for every x-digit d and y-digit v
        long[] table = new long[bigN * bigN];
        for (int d = 0; d < bigN; d++) {
          for (int v = 0; v < bigN; v++) {
            long c = greaterThan ? (d > v ? 1 : 0) : (d < v ? 1 : 0);
            if (msgBits == 2 && d == v) {
              c |= 2;
            }
            table[d * bigN + v] = c;
          }
        }
        long[] messages = new long[(int) msgCount];
        long[] r = p.random(leaves, msgBits); // bit 0: lt share, bit 1: eq share
        for (int j = 0; j < q; j++) {
          int shift = j * radix;
          for (int i = 0; i < n; i++) {
            int k = j * n + i;
            int d = (int) (((input[i] & mask) >>> shift) & digitMask);
            long rk = r[k];
            int base = k * bigN;
            int row = d * bigN;
            for (int v = 0; v < bigN; v++) {
              messages[base + v] = table[row + v] ^ rk;
            }
            lt[k] = rk & 1;
            eq[k] = (rk >>> 1) & 1;
          }
        }
        if (merged) {
          t = BitTriples.senderPart(p, triples, messages, leaves * bigN);
          ot.sendOneOfN(messages, bigN, msgBits);
        } else {
          ot.sendOneOfN(messages, bigN, msgBits);
          t = BitTriples.generate(p, triples, xHolder);
        }
      } else {
        int[] choices = new int[(int) (msgCount / bigN)];
        for (int j = 0; j < q; j++) {
          int shift = j * radix;
          for (int i = 0; i < n; i++) {
            choices[j * n + i] = (int) (((input[i] & mask) >>> shift) & digitMask);
          }
        }
        long[] got;
        if (merged) {
          BitTriples.Receiver pending = BitTriples.receiverPart(p, triples, choices, leaves);
          got = ot.receiveOneOfN(choices, bigN, msgBits);
          t = pending.finish(got, leaves);
        } else {
          got = ot.receiveOneOfN(choices, bigN, msgBits);
          t = BitTriples.generate(p, triples, xHolder);
        }
        for (int k = 0; k < leaves; k++) {
          lt[k] = got[k] & 1;
          eq[k] = (got[k] >>> 1) & 1;
        }
      }
      return combine(p, lt, eq, n, q, t);
    }
  }

  /**
   * Combines the q digit results of n instances (digit j of instance i at j*n + i) up the tree; returns the shares
   * of the root's lt.
   */
  private static long[] combine(Party p, long[] ltLeaves, long[] eqLeaves, int n, int q, BitTriples t) {
    long[][] lt = new long[q][];
    long[][] eq = new long[q][];
    for (int j = 0; j < q; j++) {
      lt[j] = Arrays.copyOfRange(ltLeaves, j * n, (j + 1) * n);
      eq[j] = j == 0 ? null : Arrays.copyOfRange(eqLeaves, j * n, (j + 1) * n);
    }
    int cnt = q;
    int used = 0;
    while (cnt > 1) {
      int pairs = cnt / 2;
      int per = 2 * pairs - 1;
      long[] xs = new long[n * per];
      long[] ys = new long[n * per];
      int pos = 0;
      for (int k = 0; k < pairs; k++) {
        int hi = 2 * k + 1;
        int lo = 2 * k;
        System.arraycopy(eq[hi], 0, xs, pos, n);
        System.arraycopy(lt[lo], 0, ys, pos, n);
        pos += n;
        if (k > 0) {
          System.arraycopy(eq[hi], 0, xs, pos, n);
          System.arraycopy(eq[lo], 0, ys, pos, n);
          pos += n;
        }
      }
      long[] z = And.and(p, xs, ys, t, used);
      used += n * per;
      long[][] nlt = new long[pairs + (cnt & 1)][];
      long[][] neq = new long[pairs + (cnt & 1)][];
      pos = 0;
      for (int k = 0; k < pairs; k++) {
        long[] hiLt = lt[2 * k + 1];
        long[] l2 = new long[n];
        for (int i = 0; i < n; i++) {
          l2[i] = hiLt[i] ^ z[pos + i];
        }
        pos += n;
        nlt[k] = l2;
        if (k > 0) {
          neq[k] = Arrays.copyOfRange(z, pos, pos + n);
          pos += n;
        }
      }
      if ((cnt & 1) == 1) {
        nlt[pairs] = lt[cnt - 1];
        neq[pairs] = eq[cnt - 1];
      }
      lt = nlt;
      eq = neq;
      cnt = nlt.length;
    }
    return lt[0];
  }

  /** ANDs per instance for q digits: each tree level with `pairs` pairs costs 2*pairs - 1 (the lowest needs no eq). */
  static int andsPerInstance(int q) {
    int total = 0;
    int cnt = q;
    while (cnt > 1) {
      int pairs = cnt / 2;
      total += 2 * pairs - 1;
      cnt = pairs + (cnt & 1);
    }
    return total;
  }

  /** AND rounds (tree levels) for q digits: ceil(log2 q). */
  static int levels(int q) {
    int lv = 0;
    for (int cnt = q; cnt > 1; cnt = (cnt + 1) / 2) {
      lv++;
    }
    return lv;
  }
}
