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
  public long[][] sendBatched(long[][] deltas, int[] widths) {
    int n = checkDeltas(deltas, widths);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-cot")) {
      long[] q = mine.senderExtend(ch, n);
      return cotSenderFinish(q, deltas, widths, n);
    }
  }

  @Override
  @SuppressWarnings("try")
  public long[][] receiveBatched(long[] choices, int n, int[] widths) {
    checkReceive(choices, n, widths);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-cot")) {
      long[] t = theirs.receiverExtend(ch, choices, n);
      return cotReceiverFinish(t, choices, n, widths);
    }
  }

  @Override
  @SuppressWarnings("try")
  public Both sendAndReceive(long[][] deltas, int[] sendWidths, long[] choices, int nReceive, int[] receiveWidths) {
    int n = checkDeltas(deltas, sendWidths);
    checkReceive(choices, nReceive, receiveWidths);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-cot2")) {
      long[] t = theirs.receiverExtend(ch, choices, nReceive); // round 1, both ways at once
      long[] q = mine.senderExtend(ch, n);
      long[][] asSender = cotSenderFinish(q, deltas, sendWidths, n); // round 2, both ways at once
      long[][] asReceiver = cotReceiverFinish(t, choices, nReceive, receiveWidths);
      return new Both(asSender, asReceiver);
    }
  }

  private long[][] cotSenderFinish(long[] q, long[][] deltas, int[] widths, int n) {
    int k = widths.length;
    int words = wordsPerOt(k);
    long tweak = mine.takeTweaks((long) n * (words / 2));
    long[] h0 = hashRows(q, n, words / 2, tweak);
    xorSecret(q, mine.secret(), n);
    long[] h1 = hashRows(q, n, words / 2, tweak);
    long[][] r = new long[k][];
    for (int j = 0; j < k; j++) {
      int l = widths[j];
      long mask = Ring.mask(l);
      long[] d = deltas[j];
      long[] rj = new long[n];
      long[] y = new long[n];
      for (int i = 0; i < n; i++) {
        long a = h0[i * words + j];
        rj[i] = a & mask;
        y[i] = (a + d[i] - h1[i * words + j]) & mask;
      }
      r[j] = rj;
      ch.sendLongs(y, l);
    }
    ch.flush();
    return r;
  }

  private long[][] cotReceiverFinish(long[] t, long[] choices, int n, int[] widths) {
    int k = widths.length;
    int words = wordsPerOt(k);
    long tweak = theirs.takeTweaks((long) n * (words / 2));
    long[] h = hashRows(t, n, words / 2, tweak);
    long[][] out = new long[k][];
    for (int j = 0; j < k; j++) {
      int l = widths[j];
      long mask = Ring.mask(l);
      long[] y = ch.receiveLongs(n, l);
      long[] o = new long[n];
      for (int i = 0; i < n; i++) {
        long b = -((choices[i >>> 6] >>> (i & 63)) & 1L); // all ones when chosen
        o[i] = (h[i * words + j] + (y[i] & b)) & mask;
      }
      out[j] = o;
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
      long[] q = mine.senderExtend(ch, n);
      long tweak = mine.takeTweaks(n);
      long[] h0 = hashRows(q, n, 1, tweak);
      xorSecret(q, mine.secret(), n);
      long[] h1 = hashRows(q, n, 1, tweak);
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
      long[] t = theirs.receiverExtend(ch, choices, n);
      long tweak = theirs.takeTweaks(n);
      long[] h = hashRows(t, n, 1, tweak);
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
      long[] q = mine.senderExtend(ch, n);
      long tweak = mine.takeTweaks(n);
      long[] h0 = hashRows(q, n, 1, tweak);
      xorSecret(q, mine.secret(), n);
      long[] h1 = hashRows(q, n, 1, tweak);
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
      long[] t = theirs.receiverExtend(ch, choices, n);
      long tweak = theirs.takeTweaks(n);
      long[] h = hashRows(t, n, 1, tweak);
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

  /** 64-bit pad words per OT for k correlations: a whole number of 128-bit hash blocks. */
  private static int wordsPerOt(int k) {
    return 2 * ((k + 1) / 2);
  }

  /**
   * H(tweak_{i,b}, row_i) for b < blocksPerOt: blocksPerOt hash blocks per row, with tweaks
   * tweak + i*blocksPerOt + b, as 2*blocksPerOt longs per row.
   */
  private static long[] hashRows(long[] rows, int n, int blocksPerOt, long tweak) {
    long[] out = new long[2 * n * blocksPerOt];
    if (blocksPerOt == 1) {
      CrHash.tccr(rows, 0, tweak, n, out, 0);
      return out;
    }
    long[] in = new long[out.length];
    for (int i = 0; i < n; i++) {
      for (int b = 0; b < blocksPerOt; b++) {
        in[2 * (i * blocksPerOt + b)] = rows[2 * i];
        in[2 * (i * blocksPerOt + b) + 1] = rows[2 * i + 1];
      }
    }
    CrHash.tccr(in, 0, tweak, n * blocksPerOt, out, 0);
    return out;
  }

  private static void xorSecret(long[] rows, long[] s, int n) {
    long s0 = s[0];
    long s1 = s[1];
    for (int i = 0; i < n; i++) {
      rows[2 * i] ^= s0;
      rows[2 * i + 1] ^= s1;
    }
  }

  private static int checkDeltas(long[][] deltas, int[] widths) {
    if (deltas.length == 0 || deltas.length != widths.length) {
      throw new IllegalArgumentException("COT: " + deltas.length + " correlation vectors for " + widths.length
          + " widths (need the same number, at least one)");
    }
    int n = deltas[0].length;
    for (int j = 0; j < widths.length; j++) {
      Ring.checkBitwidth(widths[j]);
      if (deltas[j].length != n) {
        throw new IllegalArgumentException("COT: correlation vector " + j + " has " + deltas[j].length
            + " values, vector 0 has " + n);
      }
    }
    checkCount(n);
    return n;
  }

  private static void checkReceive(long[] choices, int n, int[] widths) {
    if (widths.length == 0) {
      throw new IllegalArgumentException("COT: at least one width");
    }
    for (int l : widths) {
      Ring.checkBitwidth(l);
    }
    checkCount(n);
    checkChoices(choices, n);
  }

  private static void checkCount(int n) {
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
