package org.sirnn.mpc;

import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Comparisons on additively shared l-bit values built on the millionaires' protocol (CrypTFlow2 / SiRnn Section
 * III-E): wrap (carry of the shares), MSB and DReLU. All outputs are XOR-shared bits, one per long; the cleartext
 * twins are {@link org.sirnn.clear.CoreOps#wrap}, {@link org.sirnn.clear.CoreOps#msb} and
 * {@link org.sirnn.clear.CoreOps#drelu}.
 */
public final class Comparisons {
  private Comparisons() {}

  /**
   * XOR shares of wrap(x0, x1, 2^l), the carry of x0 + x1 over the integers: the millionaires' with the server
   * holding 2^l - 1 - x0 and the client holding x1, output 1{2^l - 1 - x0 < x1}.
   *
   * <p>Cost: one F_Mill^l, below lambda*l + 14*l bits; rounds as {@link Millionaire}: 2 (l &lt;= 4), 3 (l &lt;= 16),
   * 5 (l &lt;= 64).
   *
   * @param share this party's additive shares, l bits
   */
  @SuppressWarnings("try")
  public static long[] wrap(Party p, long[] share, int l) {
    Ring.checkBitwidth(l);
    try (Traffic.Scope sc = p.scope("wrap")) {
      long mask = Ring.mask(l);
      long[] in = new long[share.length];
      boolean server = p.isServer();
      for (int i = 0; i < in.length; i++) {
        in[i] = server ? ~share[i] & mask : share[i] & mask;
      }
      return Millionaire.lessThan(p, Party.Role.SERVER, in, l);
    }
  }

  /**
   * Additive shares over Z_2^k of wrap(x0, x1, 2^l), i.e. B2A(wrap) in one protocol
   * ({@link Millionaire#lessThanArithmetic}): the rounds of {@link #wrap} alone (2 for l &lt;= 4, 3 for l &lt;= 16, 5
   * for l &lt;= 64), the B2A's 2 rounds and its COT saved.
   */
  @SuppressWarnings("try")
  public static long[] wrapArithmetic(Party p, long[] share, int l, int k) {
    Ring.checkBitwidth(l);
    try (Traffic.Scope sc = p.scope("wrap")) {
      return Millionaire.lessThanArithmetic(p, Party.Role.SERVER, complementOnServer(p, share, l), l, null, k);
    }
  }

  /**
   * wrap(x0, x1, 2^l) in both forms from one millionaires' call ({@link Millionaire#lessThanBoth}): {XOR shares,
   * additive shares over Z_2^k}, k &lt;= 63. Rounds as {@link #wrapArithmetic}.
   */
  @SuppressWarnings("try")
  public static long[][] wrapBoth(Party p, long[] share, int l, int k) {
    Ring.checkBitwidth(l);
    try (Traffic.Scope sc = p.scope("wrap")) {
      return Millionaire.lessThanBoth(p, Party.Role.SERVER, complementOnServer(p, share, l), l, k);
    }
  }

  /**
   * Additive shares over Z_2^k of the wraps of several groups of values of different widths in one millionaires'
   * call: group g holds this party's shares {@code shares[g]} of {@code widths[g]} bits, and its wraps come back as
   * group g of the result. The narrower groups' comparisons are padded with zero bits (which keeps their result), so
   * the call costs the rounds of {@link #wrapArithmetic} on the widest group.
   */
  @SuppressWarnings("try")
  public static long[][] wrapsArithmetic(Party p, long[][] shares, int[] widths, int k) {
    if (shares.length != widths.length || shares.length == 0) {
      throw new IllegalArgumentException("wraps: " + shares.length + " groups for " + widths.length + " widths");
    }
    int total = 0;
    int widest = 1;
    for (int g = 0; g < shares.length; g++) {
      Ring.checkBitwidth(widths[g]);
      total += shares[g].length;
      widest = Math.max(widest, widths[g]);
    }
    long[] in = new long[total];
    int at = 0;
    for (int g = 0; g < shares.length; g++) {
      long[] part = complementOnServer(p, shares[g], widths[g]);
      System.arraycopy(part, 0, in, at, part.length);
      at += part.length;
    }
    long[] all;
    try (Traffic.Scope sc = p.scope("wrap")) {
      all = Millionaire.lessThanArithmetic(p, Party.Role.SERVER, in, widest, null, k);
    }
    long[][] out = new long[shares.length][];
    at = 0;
    for (int g = 0; g < shares.length; g++) {
      out[g] = java.util.Arrays.copyOfRange(all, at, at + shares[g].length);
      at += shares[g].length;
    }
    return out;
  }

  /**
   * Additive shares over Z_2^k of MSB(x) for additively shared l-bit x, i.e. B2A(MSB) in one protocol: the carry of
   * the low l - 1 bits with both parties' MSBs XORed in before the millionaires' last step. Rounds as
   * {@link #wrapArithmetic} on l - 1 bits; l = 1 is one B2A.
   */
  @SuppressWarnings("try")
  public static long[] msbArithmetic(Party p, long[] share, int l, int k) {
    Ring.checkBitwidth(l);
    if (l == 1) {
      return B2A.convert(p, msb(p, share, 1), k);
    }
    try (Traffic.Scope sc = p.scope("msb")) {
      int n = share.length;
      long[] lows = new long[n];
      long[] mine = new long[n];
      for (int i = 0; i < n; i++) {
        lows[i] = share[i] & Ring.mask(l - 1);
        mine[i] = (share[i] >>> (l - 1)) & 1;
      }
      try (Traffic.Scope w = p.scope("wrap")) {
        return Millionaire.lessThanArithmetic(p, Party.Role.SERVER, complementOnServer(p, lows, l - 1), l - 1, mine,
            k);
      }
    }
  }

  /** The millionaires' inputs of a wrap: 2^l - 1 - x0 on the server, x1 on the client. */
  private static long[] complementOnServer(Party p, long[] share, int l) {
    long mask = Ring.mask(l);
    long[] in = new long[share.length];
    boolean server = p.isServer();
    for (int i = 0; i < in.length; i++) {
      in[i] = server ? ~share[i] & mask : share[i] & mask;
    }
    return in;
  }

  /**
   * XOR shares of MSB(x) for additively shared l-bit x: msb(x0) XOR msb(x1) XOR carry, the carry being the wrap of
   * the low l-1 bits of the shares. l = 1 is local (the share is the bit).
   *
   * <p>Cost: one F_Mill^(l-1), below lambda*(l-1) + 14*(l-1) bits; rounds as {@link #wrap} on l - 1 bits (3 for
   * MSB of 16 bits).
   */
  @SuppressWarnings("try")
  public static long[] msb(Party p, long[] share, int l) {
    Ring.checkBitwidth(l);
    int n = share.length;
    long[] out = new long[n];
    if (l == 1) {
      for (int i = 0; i < n; i++) {
        out[i] = share[i] & 1;
      }
      return out;
    }
    try (Traffic.Scope sc = p.scope("msb")) {
      long low = Ring.mask(l - 1);
      long[] lows = new long[n];
      for (int i = 0; i < n; i++) {
        lows[i] = share[i] & low;
      }
      long[] carry = wrap(p, lows, l - 1);
      for (int i = 0; i < n; i++) {
        out[i] = carry[i] ^ ((share[i] >>> (l - 1)) & 1);
      }
      return out;
    }
  }

  /** XOR shares of DReLU(x) = 1 XOR MSB(x) (1 when x >= 0 as a signed l-bit value); same cost as {@link #msb}. */
  @SuppressWarnings("try")
  public static long[] drelu(Party p, long[] share, int l) {
    try (Traffic.Scope sc = p.scope("drelu")) {
      long[] m = msb(p, share, l);
      return BitVectors.not(m, p.isServer());
    }
  }
}
