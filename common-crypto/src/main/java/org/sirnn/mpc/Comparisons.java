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
   * <p>Cost: one F_Mill^l, below lambda*l + 14*l bits, 2 + ceil(log2 ceil(l/4)) rounds.
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
   * XOR shares of MSB(x) for additively shared l-bit x: msb(x0) XOR msb(x1) XOR carry, the carry being the wrap of
   * the low l-1 bits of the shares. l = 1 is local (the share is the bit).
   *
   * <p>Cost: one F_Mill^(l-1), below lambda*(l-1) + 14*(l-1) bits, 2 + ceil(log2 ceil((l-1)/4)) rounds.
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
