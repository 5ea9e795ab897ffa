package org.sirnn.mpc;

import java.util.Arrays;
import org.sirnn.net.Traffic;
import org.sirnn.ot.OneOfNOt;

/**
 * Beaver bit triples: XOR shares of random bits a, b and c = a AND b, for {@link And} (CrypTFlow2 / SiRnn Section
 * III-E; SCI's {@code _16KKOT_to_4OT}).
 *
 * <p>Two triples come from one (16 choose 1)-OT with 2-bit messages. The OT receiver picks its shares a1, b1 of both
 * triples at random and uses the 4 bits (a1_0, b1_0, a1_1, b1_1) as its index; the OT sender picks a0, b0, c0 of both
 * triples at random and, for each of the 16 possible indices, offers the two bits
 * c0_t XOR ((a0_t XOR a1_t) AND (b0_t XOR b1_t)), t = 0, 1. The receiver's selected entry is its share c1, so
 * c0 XOR c1 = a AND b; every entry is masked by the sender's fresh c0, so the receiver learns nothing of a0, b0.
 *
 * <p>Cost: (2*lambda + 16*2) / 2 = 144 bits per triple (lambda = 128), 2 rounds, for any number of triples. By
 * default the server is the OT sender; protocols that also send their own 16-way OTs (the millionaires' leaves)
 * fold the triple OTs into the same OT call with {@link #senderPart} / {@link #receiverPart}.
 *
 * <p>An instance holds this party's shares, one bit per long; use them in order, each triple once.
 */
public final class BitTriples {
  /** The OT fan-in: 16 = 2^4 entries, one per value of the receiver's 4 share bits. */
  static final int N = 16;
  /** Bits per OT message: one c-share bit for each of the two triples. */
  static final int MSG_BITS = 2;

  private final long[] a;
  private final long[] b;
  private final long[] c;

  /** This party's shares a, b, c (same length, one bit per long). */
  public BitTriples(long[] a, long[] b, long[] c) {
    if (a.length != b.length || a.length != c.length) {
      throw new IllegalArgumentException("triple shares of different lengths: " + a.length + ", " + b.length + ", "
          + c.length);
    }
    this.a = a;
    this.b = b;
    this.c = c;
  }

  /** Number of triples. */
  public int size() {
    return a.length;
  }

  /** This party's shares of the a bits (not copied). */
  public long[] a() {
    return a;
  }

  /** This party's shares of the b bits (not copied). */
  public long[] b() {
    return b;
  }

  /** This party's shares of the c = a AND b bits (not copied). */
  public long[] c() {
    return c;
  }

  /** Number of 16-way OTs that make {@code count} triples (two per OT). */
  static int otCount(int count) {
    return (count + 1) >>> 1;
  }

  /**
   * {@code count} triples with the server as OT sender. Both parties call this with the same count.
   *
   * <p>Cost: 144 bits per triple (plus up to one unused triple to fill the last OT), 2 rounds.
   */
  public static BitTriples generate(Party p, int count) {
    return generate(p, count, Party.Role.SERVER);
  }

  /**
   * {@code count} triples with {@code otSender} as the 16-way OT sender (the triples are the same either way; the
   * direction only decides who sends the large message).
   */
  @SuppressWarnings("try")
  public static BitTriples generate(Party p, int count, Party.Role otSender) {
    if (count < 0) {
      throw new IllegalArgumentException("triple count must be >= 0, got " + count);
    }
    if (count == 0) {
      return new BitTriples(new long[0], new long[0], new long[0]);
    }
    try (Traffic.Scope sc = p.scope("bit-triples")) {
      OneOfNOt ot = p.oneOfN();
      int k = otCount(count);
      if (p.role() == otSender) {
        long[] messages = new long[k * N];
        BitTriples mine = senderPart(p, count, messages, 0);
        ot.sendOneOfN(messages, N, MSG_BITS);
        return mine;
      }
      int[] choices = new int[k];
      Receiver r = receiverPart(p, count, choices, 0);
      long[] got = ot.receiveOneOfN(choices, N, MSG_BITS);
      return r.finish(got, 0);
    }
  }

  /**
   * OT sender's half: draws its shares of {@code count} triples and writes the {@link #otCount}(count) 16-entry
   * tables into {@code messages[off .. off + 16*otCount)} (2-bit messages, entry j of OT i at off + 16*i + j).
   */
  static BitTriples senderPart(Party p, int count, long[] messages, int off) {
    int k = otCount(count);
    long[] a = p.randomBits(2 * k);
    long[] b = p.randomBits(2 * k);
    long[] c = p.randomBits(2 * k);
    for (int i = 0; i < k; i++) {
      int a0 = (int) a[2 * i];
      int b0 = (int) b[2 * i];
      int c0 = (int) c[2 * i];
      int a1 = (int) a[2 * i + 1];
      int b1 = (int) b[2 * i + 1];
      int c1 = (int) c[2 * i + 1];
      int base = off + N * i;
      for (int j = 0; j < N; j++) {
        // receiver's index j = (its a, its b) of triple 0 in bits 0-1, of triple 1 in bits 2-3
        int t0 = c0 ^ ((a0 ^ (j & 1)) & (b0 ^ ((j >>> 1) & 1)));
        int t1 = c1 ^ ((a1 ^ ((j >>> 2) & 1)) & (b1 ^ ((j >>> 3) & 1)));
        messages[base + j] = t0 | (t1 << 1);
      }
    }
    return trim(a, b, c, count);
  }

  /**
   * OT receiver's half: draws its a, b shares of {@code count} triples and writes its {@link #otCount}(count)
   * indices into {@code choices[off ..)}; {@link Receiver#finish} turns the received messages into its c shares.
   */
  static Receiver receiverPart(Party p, int count, int[] choices, int off) {
    int k = otCount(count);
    long[] a = p.randomBits(2 * k);
    long[] b = p.randomBits(2 * k);
    for (int i = 0; i < k; i++) {
      choices[off + i] = (int) (a[2 * i] | (b[2 * i] << 1) | (a[2 * i + 1] << 2) | (b[2 * i + 1] << 3));
    }
    return new Receiver(a, b, count);
  }

  /** The OT receiver's pending triples: its a and b shares, waiting for the OT output to give c. */
  static final class Receiver {
    private final long[] a;
    private final long[] b;
    private final int count;

    private Receiver(long[] a, long[] b, int count) {
      this.a = a;
      this.b = b;
      this.count = count;
    }

    /** Completes the triples from the received 2-bit messages {@code got[off .. off + otCount)}. */
    BitTriples finish(long[] got, int off) {
      int k = otCount(count);
      long[] c = new long[2 * k];
      for (int i = 0; i < k; i++) {
        long m = got[off + i];
        c[2 * i] = m & 1;
        c[2 * i + 1] = (m >>> 1) & 1;
      }
      return trim(a, b, c, count);
    }
  }

  private static BitTriples trim(long[] a, long[] b, long[] c, int count) {
    if (a.length == count) {
      return new BitTriples(a, b, c);
    }
    return new BitTriples(Arrays.copyOf(a, count), Arrays.copyOf(b, count),
        Arrays.copyOf(c, count));
  }
}
