package org.sirnn.ot;

import org.sirnn.net.Channel;
import org.sirnn.net.Traffic;
import org.sirnn.prg.CrHash;
import org.sirnn.ring.Ring;

/**
 * Correlated, random and chosen OT from 128-bit correlated rows with a global offset, written once for every backend
 * that yields such rows: the sender holds rows q_i and the secret offset s, the receiver holds t_i = q_i xor b_i * s
 * for its choice bits b_i. IKNP yields them from the transposed extension matrix (s = the base-OT choices), Ferret
 * from silent COT after a one-bit choice correction per row (s = its Delta). The two pads of instance i are
 * H(tw_i, q_i) and H(tw_i, q_i xor s), the receiver's H(tw_i, t_i) is the one its bit selects
 * (Ishai-Kilian-Nissim-Petrank CRYPTO 2003; the correlated variant of Asharov-Lindell-Schneider-Zohner CCS 2013 for
 * COT). H is {@link CrHash#tccr} (Guo-Katz-Wang-Yu S&amp;P 2020) with tweaks that both ends draw in the same order
 * and that never repeat within a direction.
 *
 * <p>Messages on top of the rows: COT sends sum_c l_c bits per instance (sender to receiver, packed to the widths),
 * chosen OT 2l bits, random OT nothing. Rounds: the rows' own (the receiver's message) plus one for COT and chosen
 * OT; a two-way COT overlaps both directions. Each flavour opens a {@link Traffic} scope named after the backend:
 * {@code <prefix>-cot}, {@code <prefix>-cot2} (two-way), {@code <prefix>-rot}, {@code <prefix>-ot}.
 */
public abstract class RowOt implements CorrelatedOt, RandomOt, ChosenOt {

  /** The channel to the peer; used by one protocol thread at a time. */
  protected final Channel ch;

  private final String scope;
  private long sendTweak;
  private long receiveTweak;

  /** @param scopePrefix backend name for the traffic scopes, e.g. {@code iknp} */
  protected RowOt(Channel ch, String scopePrefix) {
    this(ch, scopePrefix, 0);
  }

  /** As above, with the hash tweaks of both directions counting up from {@code firstTweak} (a lane's range). */
  protected RowOt(Channel ch, String scopePrefix, long firstTweak) {
    this.ch = ch;
    this.scope = scopePrefix;
    this.sendTweak = firstTweak;
    this.receiveTweak = firstTweak;
  }

  /** Runs the backend's once-per-session work (base OTs, bootstrap) now, otherwise on first use; idempotent. */
  public abstract void setup();

  /**
   * Called first in every flavour (after {@link #setup}, inside its scope) with the rows this party is about to take
   * as sender and as receiver; a backend that must communicate before the rows of both directions (Ferret's
   * refills) does it here. Both parties make the matching call.
   */
  protected void prepare(int nSend, int nReceive) {}

  /** This party's n sender rows q_i (2n longs), after whatever the backend receives for them. */
  protected abstract long[] senderRows(int n);

  /**
   * This party's n receiver rows t_i = q_i xor b_i s for the choices (bit i of word i/64), 2n longs, after sending
   * (and flushing) whatever the peer's {@link #senderRows} needs.
   */
  protected abstract long[] receiverRows(long[] choices, int n);

  /** The offset s of this party's sender rows, {lo, hi}. */
  protected abstract long[] senderOffset();

  /**
   * Reserves {@code count} hash tweaks of this party's sender direction and returns the first; the peer reserves the
   * same ones as receiver. Counts up from 0; never repeats within a session and direction.
   */
  protected final long senderTweaks(long count) {
    long t = sendTweak;
    sendTweak += count;
    return t;
  }

  /** Reserves {@code count} hash tweaks of this party's receiver direction and returns the first. */
  protected final long receiverTweaks(long count) {
    long t = receiveTweak;
    receiveTweak += count;
    return t;
  }

  // ------------------------------------------------------------------------------------------- correlated OT

  @Override
  @SuppressWarnings("try")
  public final long[][][] sendSegments(Segment... segments) {
    int n = totalInstances(segments);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope(scope + "-cot")) {
      prepare(n, 0);
      return finishSend(senderRows(n), segments);
    }
  }

  @Override
  @SuppressWarnings("try")
  public final long[][][] receiveSegments(long[] choices, Shape... shapes) {
    int n = totalInstances(shapes);
    checkChoices(choices, n);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope(scope + "-cot")) {
      prepare(0, n);
      return finishReceive(receiverRows(choices, n), choices, shapes);
    }
  }

  @Override
  @SuppressWarnings("try")
  public final Both exchange(Segment[] send, long[] choices, Shape[] receive) {
    int nSend = totalInstances(send);
    int nReceive = totalInstances(receive);
    checkChoices(choices, nReceive);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope(scope + "-cot2")) {
      prepare(nSend, nReceive);
      long[] t = receiverRows(choices, nReceive); // both ways at once
      long[] q = senderRows(nSend);
      long[][][] asSender = finishSend(q, send); // y both ways at once
      long[][][] asReceiver = finishReceive(t, choices, receive);
      return new Both(asSender, asReceiver);
    }
  }

  /** COT sender: returns r[segment][correlation][instance], sends y = H0 + delta - H1 per correlation, flushes. */
  private long[][][] finishSend(long[] q, Segment[] segments) {
    long[] s = senderOffset();
    long[][][] r = new long[segments.length][][];
    long[][][] y = new long[segments.length][][];
    int base = 0;
    for (int sIdx = 0; sIdx < segments.length; sIdx++) {
      Segment seg = segments[sIdx];
      int n = seg.n();
      int k = seg.widths().length;
      int words = wordsPerOt(k);
      long[][] pads = senderPads(q, s, base, n, words / 2);
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

  /** COT receiver: receives the sender's y values and returns r + b*delta per correlation. */
  private long[][][] finishReceive(long[] t, long[] choices, Shape[] shapes) {
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
  public final long[][] sendRandom(int n, int l) {
    Ring.checkBitwidth(l);
    checkCount(n);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope(scope + "-rot")) {
      prepare(n, 0);
      long[][] pads = senderPads(senderRows(n), senderOffset(), 0, n, 1);
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
  public final long[] receiveRandom(long[] choices, int n, int l) {
    Ring.checkBitwidth(l);
    checkCount(n);
    checkChoices(choices, n);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope(scope + "-rot")) {
      prepare(0, n);
      long[] h = receiverPads(receiverRows(choices, n), 0, n, 1);
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
  public final void sendChosen(long[] m0, long[] m1, int l) {
    Ring.checkBitwidth(l);
    if (m0.length != m1.length) {
      throw new IllegalArgumentException("chosen OT: " + m0.length + " first messages but " + m1.length + " second");
    }
    int n = m0.length;
    checkCount(n);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope(scope + "-ot")) {
      prepare(n, 0);
      long[][] pads = senderPads(senderRows(n), senderOffset(), 0, n, 1);
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
  public final long[] receiveChosen(long[] choices, int n, int l) {
    Ring.checkBitwidth(l);
    checkCount(n);
    checkChoices(choices, n);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope(scope + "-ot")) {
      prepare(0, n);
      long[] h = receiverPads(receiverRows(choices, n), 0, n, 1);
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
   * The sender's two pads per instance: {H(q_i), H(q_i xor s)} with blocksPerOt hash blocks each (fresh tweaks);
   * destroys q.
   */
  private long[][] senderPads(long[] q, long[] s, int first, int n, int blocksPerOt) {
    long tweak = senderTweaks((long) n * blocksPerOt);
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
  private long[] receiverPads(long[] t, int first, int n, int blocksPerOt) {
    return hashRows(t, first, n, blocksPerOt, receiverTweaks((long) n * blocksPerOt));
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
  protected static void checkChoices(long[] choices, int n) {
    if (choices.length < (n + 63) / 64) {
      throw new IllegalArgumentException("need " + (n + 63) / 64 + " words of choice bits for " + n
          + " OTs, got " + choices.length);
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
}
