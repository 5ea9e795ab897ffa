package org.sirnn.mpc;

import org.sirnn.net.Traffic;
import org.sirnn.ot.OneOfNOt;
import org.sirnn.ring.Ring;

/**
 * Wrap from a known MSB (SiRnn Section IV-E, MSB-to-Wrap): with m_b = MSB(x_b) and m_x = MSB(x),
 * wrap(x0, x1, 2^l) = ((1 XOR m_x) AND (m0 XOR m1)) XOR (m0 AND m1). The server, as OT sender, tabulates this for
 * every value of the client's bits, masked with its random output bit; the client selects with its own bits.
 *
 * <p>Costs: shared m_x, one (4 choose 1)-OT with 1-bit messages, 2*lambda + 4 bits, 2 rounds ({@link #wrap}); public
 * m_x, one (2 choose 1)-OT with 1-bit messages (IKNP chosen OT), lambda + 2 bits, 2 rounds ({@link #wrapPublicMsb}).
 * With m_x = 0 the wrap is m0 OR m1, with m_x = 1 it is m0 AND m1.
 */
public final class MsbToWrap {
  private MsbToWrap() {}

  /**
   * XOR shares of wrap(x0, x1, 2^l) given XOR shares of MSB(x).
   *
   * @param share this party's additive share of x, l bits
   * @param msbShare this party's XOR shares of MSB(x), one bit per long
   */
  @SuppressWarnings("try")
  public static long[] wrap(Party p, long[] share, long[] msbShare, int l) {
    Ring.checkBitwidth(l);
    int n = share.length;
    if (msbShare.length != n) {
      throw new IllegalArgumentException("msb-to-wrap: " + n + " shares but " + msbShare.length + " MSB shares");
    }
    if (n == 0) {
      return new long[0];
    }
    try (Traffic.Scope sc = p.scope("msb-to-wrap")) {
      OneOfNOt ot = p.oneOfN();
      if (p.isServer()) {
        long[] r = p.randomBits(n);
        long[] table = new long[4 * n];
        for (int i = 0; i < n; i++) {
          long m0 = (share[i] >>> (l - 1)) & 1;
          long s0 = msbShare[i] & 1;
          for (int j = 0; j < 4; j++) {
            long m1 = j & 1;
            long mx = s0 ^ ((j >>> 1) & 1);
            table[4 * i + j] = (((1 ^ mx) & (m0 ^ m1)) ^ (m0 & m1)) ^ r[i];
          }
        }
        ot.sendOneOfN(table, 4, 1);
        return r;
      }
      int[] choices = new int[n];
      for (int i = 0; i < n; i++) {
        choices[i] = (int) (((share[i] >>> (l - 1)) & 1) | ((msbShare[i] & 1) << 1));
      }
      return ot.receiveOneOfN(choices, 4, 1);
    }
  }

  /**
   * XOR shares of wrap(x0, x1, 2^l) when MSB(x) is public: {@code msb[i]} (0 or 1) must be the same on both sides.
   */
  @SuppressWarnings("try")
  public static long[] wrapPublicMsb(Party p, long[] share, long[] msb, int l) {
    Ring.checkBitwidth(l);
    int n = share.length;
    if (msb.length != n) {
      throw new IllegalArgumentException("msb-to-wrap: " + n + " shares but " + msb.length + " public MSBs");
    }
    if (n == 0) {
      return new long[0];
    }
    try (Traffic.Scope sc = p.scope("msb-to-wrap")) {
      if (p.isServer()) {
        long[] r = p.randomBits(n);
        long[] e0 = new long[n];
        long[] e1 = new long[n];
        for (int i = 0; i < n; i++) {
          long m0 = (share[i] >>> (l - 1)) & 1;
          boolean neg = (msb[i] & 1) != 0;
          // client's m1 = 0: wrap = m0 AND 0 (negative) or m0 OR 0 (non-negative); m1 = 1: m0 or 1
          e0[i] = (neg ? 0 : m0) ^ r[i];
          e1[i] = (neg ? m0 : 1) ^ r[i];
        }
        p.chosenOt().sendChosen(e0, e1, 1);
        return r;
      }
      long[] m1 = new long[n];
      for (int i = 0; i < n; i++) {
        m1[i] = (share[i] >>> (l - 1)) & 1;
      }
      return p.chosenOt().receiveChosen(BitVectors.pack(m1, n), n, 1);
    }
  }

  /**
   * Additive shares over Z_2^k of wrap(x0, x1, 2^l) for values known to be non-negative (MSB 0), where
   * wrap = m0 OR m1 = m0 + (1 - m0) m1: one COT with the server as sender of the correlation 1 - m0 and the
   * client's choice m1 (the B2A of {@link #wrapNonNegative} without the wrap's own OT): lambda + k bits, 2 rounds.
   */
  @SuppressWarnings("try")
  public static long[] wrapNonNegativeArithmetic(Party p, long[] share, int l, int k) {
    Ring.checkBitwidth(l);
    Ring.checkBitwidth(k);
    int n = share.length;
    long mask = Ring.mask(k);
    long[] m = new long[n];
    for (int i = 0; i < n; i++) {
      m[i] = (share[i] >>> (l - 1)) & 1;
    }
    try (Traffic.Scope sc = p.scope("msb-to-wrap")) {
      long[] out = new long[n];
      if (p.isServer()) {
        long[] delta = new long[n];
        for (int i = 0; i < n; i++) {
          delta[i] = 1 - m[i];
        }
        long[] r = p.cot().send(delta, k);
        for (int i = 0; i < n; i++) {
          out[i] = (m[i] - r[i]) & mask;
        }
      } else {
        long[] got = p.cot().receive(BitVectors.pack(m, n), n, k);
        for (int i = 0; i < n; i++) {
          out[i] = got[i] & mask;
        }
      }
      return out;
    }
  }

  /** {@link #wrapPublicMsb} for values known to be non-negative (MSB 0): wrap = m0 OR m1. */
  public static long[] wrapNonNegative(Party p, long[] share, int l) {
    return wrapPublicMsb(p, share, new long[share.length], l);
  }
}
