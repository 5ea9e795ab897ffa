package org.sirnn.mpc;

import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Boolean-to-arithmetic conversion: XOR shares of bits b to additive shares of b over Z_2^l (CrypTFlow2 / SiRnn
 * Section III-E, F_B2A). b = b0 + b1 - 2*b0*b1: the server, as correlated-OT sender with correlation -2*b0, gets r
 * and outputs b0 - r; the client with choice b1 gets r - 2*b0*b1 and outputs b1 + that.
 *
 * <p>Cost: one COT_l per bit, lambda + l bits, 2 rounds; l = 1 is local (XOR is addition mod 2).
 */
public final class B2A {
  private B2A() {}

  /**
   * @param bits this party's XOR shares, one bit per long
   * @return this party's additive shares of the bits over Z_2^l
   */
  @SuppressWarnings("try")
  public static long[] convert(Party p, long[] bits, int l) {
    Ring.checkBitwidth(l);
    int n = bits.length;
    if (l == 1) {
      return bits.clone();
    }
    try (Traffic.Scope sc = p.scope("b2a")) {
      long mask = Ring.mask(l);
      long[] out = new long[n];
      if (p.isServer()) {
        long[] delta = new long[n];
        for (int i = 0; i < n; i++) {
          delta[i] = (-2L * (bits[i] & 1)) & mask;
        }
        long[] r = p.cot().send(delta, l);
        for (int i = 0; i < n; i++) {
          out[i] = ((bits[i] & 1) - r[i]) & mask;
        }
      } else {
        long[] got = p.cot().receive(BitVectors.pack(bits, n), n, l);
        for (int i = 0; i < n; i++) {
          out[i] = ((bits[i] & 1) + got[i]) & mask;
        }
      }
      return out;
    }
  }
}
