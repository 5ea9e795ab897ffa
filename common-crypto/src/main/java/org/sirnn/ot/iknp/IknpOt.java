package org.sirnn.ot.iknp;

import java.security.SecureRandom;
import org.sirnn.net.Channel;
import org.sirnn.net.Traffic;
import org.sirnn.ot.ChosenOt;
import org.sirnn.ot.CorrelatedOt;
import org.sirnn.ot.RandomOt;
import org.sirnn.prg.CrHash;
import org.sirnn.ring.Ring;

/**
 * IKNP OT extension in both directions of one session (IKNP03 with the ALSZ13 correlated-OT variant), offering
 * correlated OT over Z_2^l, random OT and chosen-message OT with l-bit messages for any l in 1..64.
 *
 * <p>Each party holds one object with two {@link IknpExtension}s: one where it is the extension sender, one where
 * it is the receiver, so OTs in opposite directions can overlap ({@link #sendAndReceive}). The base OTs (2 x 128
 * Naor-Pinkas OTs, 4 rounds) run on first use; both parties must then call matching methods in the same order
 * (send on one side, receive on the other).
 *
 * <p>Communication per instance after the base OTs (lambda = 128): COT_l lambda + l bits, batched COT
 * lambda + sum l_j bits, random OT lambda bits, chosen OT lambda + 2l bits; 2 rounds each (random OT 1), and a
 * two-way COT pair 2 rounds in all. Sent values are packed to exactly their width. Each flavour opens its own
 * {@link Traffic} scope: {@code iknp-cot}, {@code iknp-rot}, {@code iknp-ot}, {@code iknp-cot2}.
 */
public final class IknpOt implements CorrelatedOt, RandomOt, ChosenOt {

  private final Channel ch;
  private final boolean first;
  private final SecureRandom rnd;
  private IknpExtension mine; // this party is the extension sender
  private IknpExtension theirs; // this party is the extension receiver

  /**
   * @param first true on the party that runs its base OTs as receiver first (by convention the server)
   */
  public IknpOt(Channel ch, boolean first, SecureRandom rnd) {
    this.ch = ch;
    this.first = first;
    this.rnd = rnd;
  }

  /** Runs the base OTs of both directions now (otherwise on first use). */
  @SuppressWarnings("try")
  public void setup() {
    if (mine != null) {
      return;
    }
    try (Traffic.Scope sc = ch.traffic().scope("iknp-setup")) {
      if (first) {
        mine = IknpExtension.asSender(ch, rnd);
        theirs = IknpExtension.asReceiver(ch, rnd);
      } else {
        theirs = IknpExtension.asReceiver(ch, rnd);
        mine = IknpExtension.asSender(ch, rnd);
      }
    }
  }

  // ------------------------------------------------------------------------------------------- correlated OT

  @Override
  @SuppressWarnings("try")
  public long[][][] sendSegments(Segment... segments) {
    int n = totalInstances(segments);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-cot")) {
      long[] q = mine.senderExtend(ch, n);
      return cotSenderFinish(q, segments);
    }
  }

  @Override
  @SuppressWarnings("try")
  public long[][][] receiveSegments(long[] choices, Shape... shapes) {
    int n = totalInstances(shapes);
    checkChoices(choices, n);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-cot")) {
      long[] t = theirs.receiverExtend(ch, choices, n);
      return cotReceiverFinish(t, choices, shapes);
    }
  }

  @Override
  @SuppressWarnings("try")
  public Both exchange(Segment[] send, long[] choices, Shape[] receive) {
    int nSend = totalInstances(send);
    int nReceive = totalInstances(receive);
    checkChoices(choices, nReceive);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-cot2")) {
      long[] t = theirs.receiverExtend(ch, choices, nReceive); // round 1, both ways at once
      long[] q = mine.senderExtend(ch, nSend);
      long[][][] asSender = cotSenderFinish(q, send); // round 2, both ways at once
      long[][][] asReceiver = cotReceiverFinish(t, choices, receive);
      return new Both(asSender, asReceiver);
    }
  }

  private long[][][] cotSenderFinish(long[] q, Segment[] segments) {
    long[][][] r = new long[segments.length][][];
    long[][][] y = new long[segments.length][][];
    int base = 0;
    for (int sIdx = 0; sIdx < segments.length; sIdx++) {
      Segment seg = segments[sIdx];
      int n = seg.n();
      int k = seg.widths().length;
      int words = wordsPerOt(k);
      long[][] pads = senderPads(q, base, n, words / 2);
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

  private long[][][] cotReceiverFinish(long[] t, long[] choices, Shape[] shapes) {
    long[][][] out = new long[shapes.length][][];
    long[][] h = new long[shapes.length][];
    int base = 0;
    for (int sIdx = 0; sIdx < shapes.length; sIdx++) {
      h[sIdx] = receiverPads(t, base, shapes[sIdx].n(), wordsPerOt(shapes[sIdx].widths().length) / 2);
      base += shapes[sIdx].n();
    }
    base = 0;
    for (int sIdx = 0; sIdx < shapes.length; sIdx++) {
      Shape sh = shapes[sIdx];
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

  @Override
  @SuppressWarnings("try")
  public long[][] sendRandom(int n, int l) {
    Ring.checkBitwidth(l);
    checkCount(n);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-rot")) {
      long[][] pads = senderPads(mine.senderExtend(ch, n), 0, n, 1);
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
  }

  @Override
  @SuppressWarnings("try")
  public long[] receiveRandom(long[] choices, int n, int l) {
    Ring.checkBitwidth(l);
    checkCount(n);
    checkChoices(choices, n);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-rot")) {
      long[] h = receiverPads(theirs.receiverExtend(ch, choices, n), 0, n, 1);
      long mask = Ring.mask(l);
      long[] m = new long[n];
      for (int i = 0; i < n; i++) {
        m[i] = h[2 * i] & mask;
      }
      return m;
    }
  }

  // ----------------------------------------------------------------------------------------------- chosen OT

  @Override
  @SuppressWarnings("try")
  public void sendChosen(long[] m0, long[] m1, int l) {
    Ring.checkBitwidth(l);
    if (m0.length != m1.length) {
      throw new IllegalArgumentException("chosen OT: " + m0.length + " first messages but " + m1.length + " second");
    }
    int n = m0.length;
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-ot")) {
      long[][] pads = senderPads(mine.senderExtend(ch, n), 0, n, 1);
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
  }

  @Override
  @SuppressWarnings("try")
  public long[] receiveChosen(long[] choices, int n, int l) {
    Ring.checkBitwidth(l);
    checkCount(n);
    checkChoices(choices, n);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-ot")) {
      long[] h = receiverPads(theirs.receiverExtend(ch, choices, n), 0, n, 1);
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
  }

  // ---------------------------------------------------------------------------------------------- internals

  /**
   * The sender's two pads per instance from its rows q: {H(q_i), H(q_i xor s)} with blocksPerOt hash blocks each
   * (fresh tweaks); destroys q.
   */
  private long[][] senderPads(long[] q, int first, int n, int blocksPerOt) {
    long tweak = mine.takeTweaks((long) n * blocksPerOt);
    long[] h0 = hashRows(q, first, n, blocksPerOt, tweak);
    xorSecret(q, first, mine.secret(), n);
    long[] h1 = hashRows(q, first, n, blocksPerOt, tweak);
    return new long[][] {h0, h1};
  }

  /** The receiver's pad per instance from its rows t: H(t_i), equal to the sender's pad of its choice. */
  private long[] receiverPads(long[] t, int first, int n, int blocksPerOt) {
    return hashRows(t, first, n, blocksPerOt, theirs.takeTweaks((long) n * blocksPerOt));
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

  private static void xorSecret(long[] rows, int first, long[] s, int n) {
    long s0 = s[0];
    long s1 = s[1];
    for (int i = first; i < first + n; i++) {
      rows[2 * i] ^= s0;
      rows[2 * i + 1] ^= s1;
    }
  }

  private static int totalInstances(Segment[] segments) {
    long n = 0;
    for (Segment seg : segments) {
      n += seg.n();
    }
    checkCount(n);
    return (int) n;
  }

  private static int totalInstances(Shape[] shapes) {
    long n = 0;
    for (Shape sh : shapes) {
      n += sh.n();
    }
    checkCount(n);
    return (int) n;
  }

  private static void checkCount(long n) {
    if (n < 0 || n > (1 << 26)) {
      throw new IllegalArgumentException("OT batch size must be in 0..2^26, got " + n);
    }
  }

  private static void checkChoices(long[] choices, int n) {
    if (choices.length < (n + 63) / 64) {
      throw new IllegalArgumentException("need " + (n + 63) / 64 + " words of choice bits for " + n
          + " OTs, got " + choices.length);
    }
  }
}
