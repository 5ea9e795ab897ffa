package org.sirnn.mpc;

import java.util.Arrays;
import org.sirnn.net.Traffic;
import org.sirnn.ot.OneOfNOt;
import org.sirnn.ot.OtBackend;
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
 * <p><b>Final OT.</b> Tree levels run only while more than four nodes are left; the root is then a function of the
 * c &lt;= 4 top nodes' shares (lt of each, eq of all but the lowest: 2c - 1 bits per party), which one
 * (2^(2c-1) choose 1)-OT evaluates: the y-holder offers root(j, its bits) masked with its output share for every
 * value j of the x-holder's bits. The x-holder sent the leaves last, so when no AND level precedes, its request
 * rides in the leaves' round and the final OT costs 1 round; after AND levels it costs 2. The plain tree is kept for
 * XOR output with q &lt;= 2 (one AND is as fast and cheaper).
 *
 * <p><b>Arithmetic output</b> ({@link #lessThanArithmetic}): when the caller wants additive shares over Z_2^k (a
 * truncation's or extension's wrap, MSB for a subtraction), the final OT carries k-bit messages root - r, so the B2A
 * that would follow costs nothing; a shared flip bit (both MSBs, for MSB) is XORed into the top node first. With
 * q = 1 (l &lt;= 4) the leaf OT carries the k-bit shares itself (2^(l+1) entries, the y-holder's flip bit in its
 * index).
 *
 * <p><b>Rounds or bytes.</b> The above (the widest final OT, the fewest rounds) is the {@link WireGoal#ROUNDS} choice.
 * The final OT's 2^(2c-1) messages cost bytes, most of all on Ferret where the OT itself costs a few bits, so the
 * session's {@link WireGoal} weighs n x bits against rounds x a price per round to pick the top level c
 * ({@link #topNodes(OtBackend, WireGoal, int, int, int, boolean)}): a lower level (one AND round more) or the whole
 * tree and a {@link B2A} for additive output (l = 16, k = 16 on Ferret: 105 bits instead of 2055). With the default
 * {@link WireGoal#BALANCED} price small calls keep the rounds and large calls save the bytes; {@link WireGoal#BYTES}
 * always saves the bytes. Likewise for q = 1 ({@link #singleLeafPays}). Outputs are the same whatever the choice.
 *
 * <p>Rounds ({@link WireGoal#ROUNDS}), radix 4, q = ceil(l/4), measured with Lamport stamps: 2 for q = 1, 3 for q =
 * 2..4 (l &lt;= 16: one AND round, or the final OT whose request rides in the leaves' round), 5 for q = 5..16 (l up
 * to 64): the x-holder's first AND message rides in its leaves' round and the parties then alternate, so one or two
 * AND levels and the final OT take 3 rounds after the leaves. The same for additive output. (The full tree took 2 +
 * ceil(log2 q), plus 2 for a B2A: e.g. MSB of 16 bits 4 rounds, now 3; a wrap on 14 bits with its B2A 6, now 3; l =
 * 64 6, now 5.)
 *
 * <p>The bit triples of the AND levels are made up front. With radix 4 they ride in the same 16-way OT call as the
 * leaves (the x-holder is the triple OT sender, {@link BitTriples}); other radixes run the triple OTs as a second
 * OT call (2 more rounds).
 *
 * <p>Communication per instance at radix 4 (lambda = 128, KKOT 2*lambda + N*m bits for an (N choose 1)-OT of m-bit
 * messages): q leaf OTs of 288 bits, #AND * 148 bits for the levels run, and the final OT, 2 lambda + 2^(2c-1) m
 * (m = 1, or k for additive output). E.g. l = 16, XOR: 4 * 288 + 384 = 1536 bits (the full tree: 1744); l = 32:
 * 8 * 288 + 3 * 148 + 384 = 3132 bits, under lambda*l + 14*l = 4544.
 *
 * <p>Memory: calls over more instances than fit in {@link Chunks#WORKING_SET_BYTES} run in chunks (the rounds
 * above per chunk; the bytes the same up to per-call OT rounding).
 */
public final class Millionaire {
  private Millionaire() {}

  /** Most tree nodes the final OT takes: 2 * 4 - 1 = 7 index bits, a (128 choose 1)-OT. */
  static final int MAX_TOP = 4;

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
   * Additive shares over Z_2^k of 1{x &lt; y} XOR f, radix 4, where f = f0 XOR f1 is a bit XOR-shared by the two
   * parties ({@code flip}: this party's share per instance, or null for f = 0). This replaces a millionaires'
   * followed by a B2A (and an XOR of local bits, as MSB needs) without their last AND round and the B2A's OT: see
   * the class comment. Both parties pass the same xHolder, l and k.
   *
   * @param k width of the additive output shares, 1..64
   */
  public static long[] lessThanArithmetic(Party p, Party.Role xHolder, long[] input, int l, long[] flip, int k) {
    Ring.checkBitwidth(l);
    Ring.checkBitwidth(k);
    if (flip != null && flip.length != input.length) {
      throw new IllegalArgumentException("millionaire: " + input.length + " inputs but " + flip.length + " flips");
    }
    return chunked(p, xHolder, input, l, flip, k, false);
  }

  /** The additive (and with {@code withXor} also XOR, packed above bit k) forms in chunks; radix 4. */
  private static long[] chunked(Party p, Party.Role xHolder, long[] input, int l, long[] flip, int k,
      boolean withXor) {
    int q = (l + DEFAULT_RADIX - 1) / DEFAULT_RADIX;
    int bigN = 1 << (q == 1 ? l + 1 : DEFAULT_RADIX);
    long perInstance = 2L * ((q + andsPerInstance(q)) * bigN + (1 << (2 * MAX_TOP - 1))) * Long.BYTES;
    return Chunks.map(input.length, Chunks.size(perInstance), (from, to) -> compareChunk(p, xHolder,
        Chunks.slice(input, from, to), l, false, DEFAULT_RADIX, Chunks.slice(flip, from, to), k, withXor));
  }

  /**
   * Both forms of 1{x &lt; y} from one call: {XOR shares, additive shares over Z_2^k} (k &lt;= 63), the final OT
   * carrying one bit more per message. For callers that need a wrap both as a selector (XOR) and as a value
   * (additive), e.g. a truncation whose low part is also a product operand.
   */
  public static long[][] lessThanBoth(Party p, Party.Role xHolder, long[] input, int l, int k) {
    Ring.checkBitwidth(l);
    if (k < 1 || k > 63) {
      throw new IllegalArgumentException("millionaire: additive width " + k + " not in 1..63 (one bit is the XOR form)");
    }
    long[] packed = chunked(p, xHolder, input, l, null, k, true);
    long mask = Ring.mask(k);
    long[][] out = {new long[packed.length], new long[packed.length]};
    for (int i = 0; i < packed.length; i++) {
      out[0][i] = (packed[i] >>> k) & 1;
      out[1][i] = packed[i] & mask;
    }
    return out;
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
    long perInstance = 2L * ((q + andsPerInstance(q)) * bigN + (1 << (2 * MAX_TOP - 1))) * Long.BYTES;
    return Chunks.map(input.length, Chunks.size(perInstance),
        (from, to) -> compareChunk(p, xHolder, Chunks.slice(input, from, to), l, greaterThan, radix, null, 0, false));
  }

  @SuppressWarnings("try")
  private static long[] compareChunk(Party p, Party.Role xHolder, long[] input, int l, boolean greaterThan,
      int radix, long[] flip, int outBits, boolean withXor) {
    int n = input.length;
    int q = (l + radix - 1) / radix;
    boolean arithmetic = outBits > 0;
    if (arithmetic && q == 1
        && singleLeafPays(p.backend(), p.wireGoal(), input.length, l, outBits + (withXor ? 1 : 0))) {
      return singleLeafArithmetic(p, xHolder, input, l, flip, outBits, withXor);
    }
    int w = q == 1 ? l : radix; // leaf digit width; the top digit is padded to it
    int bigN = 1 << w;
    int msgBits = q == 1 ? 1 : 2;
    if (n == 0) {
      return new long[0];
    }
    int top = topNodes(p.backend(), p.wireGoal(), n, q, outBits, withXor);
    long triplesL = (long) n * andsUntil(q, top);
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
      Top nodes = combine(p, lt, eq, n, q, t, top);
      if (top == 1) {
        return arithmetic ? rootToArithmetic(p, nodes.lt()[0], flip, outBits, withXor) : nodes.lt()[0];
      }
      if (flip != null) {
        long[] hi = nodes.lt()[top - 1];
        for (int i = 0; i < n; i++) {
          hi[i] ^= flip[i] & 1;
        }
      }
      return finalOt(p, xHolder, nodes, top, outBits, withXor);
    }
  }

  /**
   * Additive output from the root's XOR shares (when the whole tree runs, {@link #topNodes(OtBackend, WireGoal, int,
   * int, int, boolean)}):
   * the flip bit XORed in, then one {@link B2A} (a COT of k bits: 1 + k bits on Ferret, 2 rounds); with
   * {@code withXor} the XOR share rides above bit k as in {@link #finalOt}.
   */
  private static long[] rootToArithmetic(Party p, long[] root, long[] flip, int k, boolean withXor) {
    if (flip != null) {
      for (int i = 0; i < root.length; i++) {
        root[i] ^= flip[i] & 1;
      }
    }
    long[] a = B2A.convert(p, root, k);
    if (withXor) {
      for (int i = 0; i < a.length; i++) {
        a[i] |= (root[i] & 1) << k;
      }
    }
    return a;
  }

  /**
   * Wire cost of the choices below, per backend (lambda = 128): an AND from a bit triple (half a 1-of-16 OT of 2-bit
   * messages and 4 opened bits: 148 bits on IKNP/KK13, 22 on Ferret), a (N choose 1)-OT of m-bit messages
   * (2 lambda + N m on KK13, log2 N + N m on Ferret) and a B2A over Z_2^k (a COT: lambda + k, 1 + k on Ferret).
   */
  static int andBits(OtBackend b) {
    return b == OtBackend.FERRET ? 22 : 148;
  }

  static long oneOfNBits(OtBackend b, int bigN, int m) {
    return (b == OtBackend.FERRET ? Integer.numberOfTrailingZeros(bigN) : 256) + (long) bigN * m;
  }

  static long b2aBits(OtBackend b, int k) {
    return (b == OtBackend.FERRET ? 1 : 128) + k;
  }

  /**
   * The tree level c whose nodes the call stops at: 1 (the root; for additive output a {@link B2A} follows,
   * {@link #rootToArithmetic}) or a level of 2..{@value #MAX_TOP} nodes that the final (2^(2c-1) choose 1)-OT of
   * m-bit messages (m = 1, or k (+1 with the XOR form)) finishes. {@link WireGoal#ROUNDS}: the fewest rounds
   * ({@link #topNodes(int, boolean)}). Otherwise the least n x bits + rounds x {@link WireGoal#roundPriceBits} over
   * the levels, with bits = ANDs down to c + the final OT (or the B2A) per instance and rounds = AND levels + 1 for a
   * final OT (2 for a B2A); on a tie the higher level. E.g. l = 16, k = 16 on Ferret: c = 4 2055 bits and 1 round,
   * c = 2 197 bits and 2, c = 1 105 bits and 4; at the balanced price (1.2 Mbit a round) a call of 100 values
   * keeps c = 4 and one of 65,536 takes c = 1.
   */
  static int topNodes(OtBackend backend, WireGoal goal, int n, int q, int outBits, boolean withXor) {
    if (goal == WireGoal.ROUNDS) {
      return topNodes(q, outBits > 0);
    }
    int msgBits = outBits > 0 ? outBits + (withXor ? 1 : 0) : 1;
    double price = goal.roundPriceBits();
    int best = q;
    double bestCost = Double.MAX_VALUE;
    for (int c = q; ; c = (c + 1) / 2) {
      long bits = (long) andsUntil(q, c) * andBits(backend);
      int rounds = levelsUntil(q, c);
      if (c > 1) {
        bits += oneOfNBits(backend, 1 << (2 * c - 1), msgBits);
        rounds += 1;
      } else if (outBits > 0) {
        bits += b2aBits(backend, outBits);
        rounds += 2;
      }
      double cost = (double) n * bits + price * rounds;
      if (c <= MAX_TOP && cost < bestCost) {
        best = c;
        bestCost = cost;
      }
      if (c == 1) {
        return best;
      }
    }
  }

  /**
   * For q = 1 (l &lt;= 4) with additive output: whether the one leaf OT carrying k-bit shares
   * ({@link #singleLeafArithmetic}, 2^(l+1) messages of m bits, 2 rounds) beats the XOR leaf (2^l one-bit messages)
   * and a B2A (2 rounds more) under the goal's weighing ({@link #topNodes(OtBackend, WireGoal, int, int, int,
   * boolean)}); always for {@link WireGoal#ROUNDS}.
   */
  static boolean singleLeafPays(OtBackend backend, WireGoal goal, int n, int l, int msgBits) {
    if (goal == WireGoal.ROUNDS) {
      return true;
    }
    double single = (double) n * oneOfNBits(backend, 1 << (l + 1), msgBits);
    double viaB2A = (double) n * (oneOfNBits(backend, 1 << l, 1) + b2aBits(backend, msgBits))
        + 2.0 * goal.roundPriceBits();
    return single <= viaB2A;
  }

  /**
   * Nodes left for the final OT for the fewest rounds ({@link WireGoal#ROUNDS}): 1 (the plain tree to the root) for
   * XOR output with q &lt;= 2, else the first tree level with at most {@value #MAX_TOP} nodes.
   */
  static int topNodes(int q, boolean arithmetic) {
    if (!arithmetic && q <= 2) {
      return 1;
    }
    int cnt = q;
    while (cnt > MAX_TOP) {
      cnt = (cnt + 1) / 2;
    }
    return cnt;
  }

  /**
   * The last tree levels (and, for additive output, the B2A) in one (2^(2c-1) choose 1)-OT over the c &lt;= 4 top
   * nodes: the root lt is a function of the nodes' lt and eq shares (the lowest node's eq is never needed), 2c - 1
   * bits of each party. The y-holder is sender: for every value j of the x-holder's bits it offers root(j, its
   * bits) XOR r (1-bit messages) or root - r mod 2^outBits, and outputs r; the x-holder selects with its bits. The
   * x-holder sent the leaves last, so without an AND level before it its request rides in the leaves' round: 1
   * round more, else 2.
   */
  private static long[] finalOt(Party p, Party.Role xHolder, Top nodes, int c, int outBits, boolean withXor) {
    long[][] lt = nodes.lt();
    long[][] eq = nodes.eq();
    int n = lt[0].length;
    int bits = 2 * c - 1;
    int bigN = 1 << bits;
    long[] own = new long[n]; // this party's 2c - 1 share bits: lt_0, then (lt_j, eq_j) for j >= 1
    for (int i = 0; i < n; i++) {
      long v = lt[0][i] & 1;
      for (int j = 1; j < c; j++) {
        v |= (lt[j][i] & 1) << (2 * j - 1) | (eq[j][i] & 1) << (2 * j);
      }
      own[i] = v;
    }
    boolean arithmetic = outBits > 0;
    int msgBits = arithmetic ? outBits + (withXor ? 1 : 0) : 1;
    OneOfNOt ot = p.oneOfN();
    if (p.role() == xHolder) {
      int[] choices = new int[n];
      for (int i = 0; i < n; i++) {
        choices[i] = (int) own[i];
      }
      return ot.receiveOneOfN(choices, bigN, msgBits);
    }
    long[] root = new long[bigN]; // the root's lt for every combination of the (XORed) node bits
    for (int v = 0; v < bigN; v++) {
      long acc = v & 1;
      for (int j = 1; j < c; j++) {
        acc = ((v >>> (2 * j - 1)) & 1) ^ (((v >>> (2 * j)) & 1) & acc);
      }
      root[v] = acc;
    }
    long[] r = p.random(n, msgBits);
    long[] messages = new long[bigN * n];
    for (int i = 0; i < n; i++) {
      int mine = (int) own[i];
      long ri = r[i];
      int base = bigN * i;
      for (int j = 0; j < bigN; j++) {
        messages[base + j] = arithmetic ? masked(root[mine ^ j], ri, outBits, withXor) : root[mine ^ j] ^ ri;
      }
    }
    ot.sendOneOfN(messages, bigN, msgBits);
    return r;
  }

  /**
   * The sender's message for output bit f and its random share r: (f - r) mod 2^k in the low k bits and, with
   * {@code withXor}, f XOR bit k of r above them (the XOR form). The sender outputs r itself.
   */
  private static long masked(long f, long r, int k, boolean withXor) {
    long low = (f - r) & Ring.mask(k);
    return withXor ? low | (f ^ (r >>> k)) << k : low;
  }

  /**
   * q = 1 (l &lt;= 4): one leaf OT straight into additive shares. The y-holder's index is its value and its flip
   * bit (2^(l+1) entries); the x-holder offers (lt(x, v) XOR its flip XOR the index's flip) - r and outputs r.
   * 2 rounds.
   */
  @SuppressWarnings("try")
  private static long[] singleLeafArithmetic(Party p, Party.Role xHolder, long[] input, int l, long[] flip, int k,
      boolean withXor) {
    int n = input.length;
    if (n == 0) {
      return new long[0];
    }
    int vals = 1 << l;
    int bigN = 2 * vals;
    long lMask = Ring.mask(l);
    int msgBits = k + (withXor ? 1 : 0);
    try (Traffic.Scope sc = p.scope("millionaire")) {
      OneOfNOt ot = p.oneOfN();
      if (p.role() == xHolder) {
        long[] r = p.random(n, msgBits);
        long[] messages = new long[bigN * n];
        for (int i = 0; i < n; i++) {
          long d = input[i] & lMask;
          long f = flip == null ? 0 : flip[i] & 1;
          for (int j = 0; j < bigN; j++) {
            long v = (d < (j & (vals - 1)) ? 1 : 0) ^ f ^ (j >>> l);
            messages[bigN * i + j] = masked(v, r[i], k, withXor);
          }
        }
        ot.sendOneOfN(messages, bigN, msgBits);
        return r;
      }
      int[] choices = new int[n];
      for (int i = 0; i < n; i++) {
        choices[i] = (int) ((input[i] & lMask) | (flip == null ? 0 : (flip[i] & 1) << l));
      }
      return ot.receiveOneOfN(choices, bigN, msgBits);
    }
  }

  /**
   * Combines the q digit results of n instances (digit j of instance i at j*n + i) up the tree until at most
   * {@code stop} nodes are left (1: the root).
   */
  private static Top combine(Party p, long[] ltLeaves, long[] eqLeaves, int n, int q, BitTriples t, int stop) {
    long[][] lt = new long[q][];
    long[][] eq = new long[q][];
    for (int j = 0; j < q; j++) {
      lt[j] = Arrays.copyOfRange(ltLeaves, j * n, (j + 1) * n);
      eq[j] = j == 0 ? null : Arrays.copyOfRange(eqLeaves, j * n, (j + 1) * n);
    }
    int cnt = q;
    int used = 0;
    while (cnt > stop) {
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
    return new Top(lt, eq);
  }

  /** The tree's nodes at the level where combining stopped: lt[j] and eq[j] (eq[0] unused) per node j. */
  private record Top(long[][] lt, long[][] eq) {}

  /** ANDs per instance for q digits: each tree level with `pairs` pairs costs 2*pairs - 1 (the lowest needs no eq). */
  static int andsPerInstance(int q) {
    return andsUntil(q, 1);
  }

  /** Tree levels (AND rounds) run while more than {@code stop} nodes are left. */
  static int levelsUntil(int q, int stop) {
    int lv = 0;
    for (int cnt = q; cnt > stop; cnt = (cnt + 1) / 2) {
      lv++;
    }
    return lv;
  }

  /** ANDs per instance of the tree levels run while more than {@code stop} nodes are left. */
  static int andsUntil(int q, int stop) {
    int total = 0;
    int cnt = q;
    while (cnt > stop) {
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
