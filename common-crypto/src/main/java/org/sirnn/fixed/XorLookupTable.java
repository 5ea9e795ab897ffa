package org.sirnn.fixed;

import org.sirnn.mpc.Chunks;
import org.sirnn.mpc.Party;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Lookup table with XOR-shared output (the boolean twin of {@link LookupTable}): input additive shares of an m-bit
 * index x, output XOR shares of the n-bit entry T[x], i.e. n XOR-shared bits packed in one long. MSNZB uses it for
 * the one-hot vector (entry 2^k for index k, SiRnn Appendix F, last step of Algorithm 7).
 *
 * <p>One (2^m choose 1)-OT with n-bit messages: the server draws a random n-bit mask r and offers, for every j,
 * T[(x0 + j) mod 2^m] XOR r; the client selects j = x1 and gets T[x] XOR r; the server's share is r. Cost:
 * 2 lambda + 2^m n bits, 2 rounds; m in 1..8, n in 1..64.
 */
public final class XorLookupTable {
  private XorLookupTable() {}

  /**
   * @param x this party's additive shares of the m-bit index (higher bits ignored)
   * @param table the server's table of 2^m entries of n bits (the client passes null)
   * @return this party's XOR shares of table[x], n bits packed per element (bit j of the long is bit j of the
   *     entry)
   */
  public static long[] lookup(Party p, long[] x, int m, long[] table, int n) {
    int size = m >= 1 && m <= LookupTable.MAX_INDEX_BITS ? 1 << m : 1;
    return Chunks.map(x.length, Chunks.size(2L * size * Long.BYTES),
        (from, to) -> lookupChunk(p, Chunks.slice(x, from, to), m, table, n));
  }

  @SuppressWarnings("try")
  private static long[] lookupChunk(Party p, long[] x, int m, long[] table, int n) {
    if (m < 1 || m > LookupTable.MAX_INDEX_BITS) {
      throw new IllegalArgumentException("lookup-table index must be 1.." + LookupTable.MAX_INDEX_BITS
          + " bits, got " + m);
    }
    Ring.checkBitwidth(n);
    int size = 1 << m;
    int len = x.length;
    long outMask = Ring.mask(n);
    if (len == 0) {
      return new long[0];
    }
    try (Traffic.Scope sc = p.scope("xor-lut")) {
      if (p.isServer()) {
        if (table == null || table.length != size) {
          throw new IllegalArgumentException("server must pass a table of 2^" + m + " = " + size + " entries");
        }
        long[] r = p.random(len, n);
        long[] msgs = new long[len * size];
        for (int i = 0; i < len; i++) {
          int x0 = (int) (x[i] & (size - 1));
          long ri = r[i];
          int base = i * size;
          for (int j = 0; j < size; j++) {
            msgs[base + j] = (table[(x0 + j) & (size - 1)] & outMask) ^ ri;
          }
        }
        p.oneOfN().sendOneOfN(msgs, size, n);
        return r;
      }
      int[] choices = new int[len];
      for (int i = 0; i < len; i++) {
        choices[i] = (int) (x[i] & (size - 1));
      }
      return p.oneOfN().receiveOneOfN(choices, size, n);
    }
  }

  /** Splits n-bit packed XOR shares into bits[j][element] (one bit per long). */
  public static long[][] unpack(long[] packed, int n) {
    Ring.checkBitwidth(n);
    long[][] bits = new long[n][packed.length];
    for (int j = 0; j < n; j++) {
      long[] bj = bits[j];
      for (int i = 0; i < packed.length; i++) {
        bj[i] = (packed[i] >>> j) & 1L;
      }
    }
    return bits;
  }
}
