package org.sirnn.fixed;

import org.sirnn.mpc.Chunks;
import java.util.Arrays;
import org.sirnn.mpc.And;
import org.sirnn.mpc.BitTriples;
import org.sirnn.mpc.Party;
import org.sirnn.net.Traffic;
import org.sirnn.ot.OneOfNOt;
import org.sirnn.ring.Ring;

/**
 * Millionaires' with equality, and on top of it F_Wrap&amp;All1s (SiRnn Appendix B): for additively shared l-bit
 * values, XOR shares of w = wrap(x0, x1, 2^l) = 1{2^l - 1 - x0 < x1} and of e = 1{x0 + x1 = 2^l - 1 mod 2^l} =
 * 1{2^l - 1 - x0 = x1}, the pair that the carry recurrence of Lemma 1 needs (digit decomposition, Section IV-D).
 *
 * <p>Construction as in {@link org.sirnn.mpc.Millionaire} (radix {@value #RADIX}): the x-holder is sender of one
 * (2^4 choose 1)-OT with 2-bit messages per 4-bit digit (lt and eq of its digit against every possible digit of the
 * peer, masked by its random output bits), then the digits are combined pairwise up a binary tree with
 * lt = lt_hi XOR (eq_hi AND lt_lo) and eq = eq_hi AND eq_lo, so every node costs 2 ANDs (Millionaire's lowest node
 * skips eq; here eq is an output, so it is kept everywhere).
 *
 * <p>Bit triples for the tree come from {@link BitTriples#generate} with the <em>y-holder</em> as 16-way OT sender,
 * called right before the leaf OT: the y-holder's triple messages and its leaf-OT request then travel in the same
 * round, so triples plus leaves take 3 rounds, not 4 (merging the triple OTs into the leaf OT itself, as Millionaire
 * does, needs BitTriples' package-private senderPart/receiverPart). Callers that need more ANDs later make all their
 * triples in that one call and pass them in ({@link #compare(Party, Party.Role, long[], int, BitTriples, int)}).
 *
 * <p>Cost per instance with q = ceil(l/4) leaves: q (2 lambda + 32) + 2 (q - 1) (144 + 4) bits; rounds 3 +
 * ceil(log2 q). E.g. l = 8: 2 * 288 + 2 * 148 = 872 bits (Table V's budget for Mill&amp;Eq: lambda l + 14 l = 1136).
 */
public final class WrapAndAllOnes {
  /** Leaf digit width (SCI's MILL_PARAM). */
  public static final int RADIX = 4;

  private WrapAndAllOnes() {}

  /** Number of leaves for l-bit inputs. */
  static int leaves(int l) {
    return (l + RADIX - 1) / RADIX;
  }

  /** Bit triples one l-bit instance consumes: 2 per tree node. */
  public static int triplesPerInstance(int l) {
    return 2 * (leaves(l) - 1);
  }

  /**
   * XOR shares of {wrap, allOnes} of additively shared l-bit values (triples made inside the call).
   *
   * @param share this party's additive shares (l bits; higher bits ignored)
   * @return {w, e}: this party's XOR shares of wrap(x0, x1, 2^l) and of 1{x0 + x1 = 2^l - 1}, one bit per long
   */
  public static long[][] compute(Party p, long[] share, int l) {
    Ring.checkBitwidth(l);
    long perInstance = 2L * (leaves(l) + triplesPerInstance(l)) * 16 * Long.BYTES;
    return Chunks.mapRows(share.length, Chunks.size(perInstance), 2,
        (from, to) -> computeChunk(p, Chunks.slice(share, from, to), l));
  }

  @SuppressWarnings("try")
  private static long[][] computeChunk(Party p, long[] share, int l) {
    try (Traffic.Scope sc = p.scope("wrap-all1s")) {
      BitTriples t = BitTriples.generate(p, share.length * triplesPerInstance(l), Party.Role.CLIENT);
      return compute(p, share, l, t, 0);
    }
  }

  /**
   * {@link #compute(Party, long[], int)} with prepared triples {@code t[offset .. offset + n * triplesPerInstance)}.
   * Both parties pass the same offset. Make the triples with the client as OT sender right before this call to
   * share a round with the leaf OT.
   */
  @SuppressWarnings("try")
  public static long[][] compute(Party p, long[] share, int l, BitTriples t, int offset) {
    Ring.checkBitwidth(l);
    try (Traffic.Scope sc = p.scope("wrap-all1s")) {
      long mask = Ring.mask(l);
      long[] in = new long[share.length];
      boolean server = p.isServer();
      for (int i = 0; i < in.length; i++) {
        in[i] = server ? ~share[i] & mask : share[i] & mask;
      }
      return compare(p, Party.Role.SERVER, in, l, t, offset);
    }
  }

  /**
   * Millionaires' with equality: XOR shares of {1{x &lt; y}, 1{x = y}} for unsigned l-bit x (held by
   * {@code xHolder}) and y (held by the other party), with prepared triples as in {@link #compute}.
   *
   * @param input this party's private values (x or y), l bits each (higher bits ignored)
   */
  public static long[][] compare(Party p, Party.Role xHolder, long[] input, int l, BitTriples t, int offset) {
    Ring.checkBitwidth(l);
    int n = input.length;
    int q = leaves(l);
    if (offset < 0 || (long) offset + (long) n * triplesPerInstance(l) > t.size()) {
      throw new IllegalArgumentException("wrap&all1s: needs " + (long) n * triplesPerInstance(l)
          + " triples from offset " + offset + ", have " + t.size());
    }
    if (n == 0) {
      return new long[][] {new long[0], new long[0]};
    }
    int w = Math.min(RADIX, l);
    int bigN = 1 << w;
    long total = (long) n * q;
    if (total * bigN > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("wrap&all1s: " + n + " instances of " + l + " bits in one call is too many");
    }
    int leaves = (int) total;
    long mask = Ring.mask(l);
    long digitMask = bigN - 1;
    long[] lt = new long[leaves]; // digit j of instance i at j*n + i
    long[] eq = new long[leaves];
    OneOfNOt ot = p.oneOfN();
    if (p.role() == xHolder) {
      long[] messages = new long[leaves * bigN];
      long[] r = p.random(leaves, 2);
      for (int j = 0; j < q; j++) {
        int shift = j * RADIX;
        for (int i = 0; i < n; i++) {
          int k = j * n + i;
          int a = (int) (((input[i] & mask) >>> shift) & digitMask);
          long rk = r[k];
          int base = k * bigN;
          for (int v = 0; v < bigN; v++) {
            long m = (a < v ? 1L : 0L) | (a == v ? 2L : 0L);
            messages[base + v] = m ^ rk;
          }
          lt[k] = rk & 1;
          eq[k] = (rk >>> 1) & 1;
        }
      }
      ot.sendOneOfN(messages, bigN, 2);
    } else {
      int[] choices = new int[leaves];
      for (int j = 0; j < q; j++) {
        int shift = j * RADIX;
        for (int i = 0; i < n; i++) {
          choices[j * n + i] = (int) (((input[i] & mask) >>> shift) & digitMask);
        }
      }
      long[] got = ot.receiveOneOfN(choices, bigN, 2);
      for (int k = 0; k < leaves; k++) {
        lt[k] = got[k] & 1;
        eq[k] = (got[k] >>> 1) & 1;
      }
    }
    return combine(p, lt, eq, n, q, t, offset);
  }

  /** Tree combination keeping lt and eq at every node; returns {lt, eq} of the roots. */
  private static long[][] combine(Party p, long[] ltLeaves, long[] eqLeaves, int n, int q, BitTriples t,
      int offset) {
    long[][] lt = new long[q][];
    long[][] eq = new long[q][];
    for (int j = 0; j < q; j++) {
      lt[j] = Arrays.copyOfRange(ltLeaves, j * n, (j + 1) * n);
      eq[j] = Arrays.copyOfRange(eqLeaves, j * n, (j + 1) * n);
    }
    int used = offset;
    int cnt = q;
    while (cnt > 1) {
      int pairs = cnt / 2;
      long[] xs = new long[2 * pairs * n];
      long[] ys = new long[2 * pairs * n];
      for (int k = 0; k < pairs; k++) {
        long[] eqHi = eq[2 * k + 1];
        System.arraycopy(eqHi, 0, xs, 2 * k * n, n);
        System.arraycopy(lt[2 * k], 0, ys, 2 * k * n, n);
        System.arraycopy(eqHi, 0, xs, (2 * k + 1) * n, n);
        System.arraycopy(eq[2 * k], 0, ys, (2 * k + 1) * n, n);
      }
      long[] z = And.and(p, xs, ys, t, used);
      used += xs.length;
      int next = pairs + (cnt & 1);
      long[][] nlt = new long[next][];
      long[][] neq = new long[next][];
      for (int k = 0; k < pairs; k++) {
        long[] hiLt = lt[2 * k + 1];
        long[] l2 = new long[n];
        for (int i = 0; i < n; i++) {
          l2[i] = hiLt[i] ^ z[2 * k * n + i];
        }
        nlt[k] = l2;
        neq[k] = Arrays.copyOfRange(z, (2 * k + 1) * n, (2 * k + 2) * n);
      }
      if ((cnt & 1) == 1) {
        nlt[pairs] = lt[cnt - 1];
        neq[pairs] = eq[cnt - 1];
      }
      lt = nlt;
      eq = neq;
      cnt = next;
    }
    return new long[][] {lt[0], eq[0]};
  }
}
