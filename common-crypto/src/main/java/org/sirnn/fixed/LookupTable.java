package org.sirnn.fixed;

import org.sirnn.mpc.Chunks;
import org.sirnn.mpc.Party;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;

/**
 * Lookup table on a shared index (CrypTFlow2 / SiRnn Section III-E, F_LUT^{T,m,n}): input shares of an m-bit x,
 * output shares of T[x] over Z_2^n, for a table T of 2^m entries known to the server (public tables are the
 * special case where both know it; only the server's copy is used).
 *
 * <p>One 1-out-of-2^m OT with n-bit messages: the server picks a random output share r and offers, for every j, the
 * entry T[(x0 + j) mod 2^m] - r; the client selects j = x1 and gets T[x] - r. Several tables on the same index pack
 * into one message (their widths add, at most 64 bits). Cost: 2 lambda + 2^m n bits, 2 rounds; m in 1..8.
 */
public final class LookupTable {
  /** Largest index width (the 1-out-of-N OT carries N <= 256). */
  public static final int MAX_INDEX_BITS = 8;

  private LookupTable() {}

  /**
   * @param x this party's shares of the m-bit index
   * @param table the server's table of 2^m entries (the client passes null)
   * @return this party's shares of table[x] over Z_2^n
   */
  public static long[] lookup(Party p, long[] x, int m, long[] table, int n) {
    return lookupMany(p, x, m, p.isServer() ? new long[][] {table} : null, new int[] {n})[0];
  }

  /**
   * Several tables on the same index in one OT: returns shares of tables[t][x] over Z_2^widths[t].
   *
   * @param tables the server's tables (each 2^m entries); null on the client
   */
  public static long[][] lookupMany(Party p, long[] x, int m, long[][] tables, int[] widths) {
    int size = m >= 1 && m <= MAX_INDEX_BITS ? 1 << m : 1;
    return Chunks.mapRows(x.length, Chunks.size(2L * size * Long.BYTES), widths.length,
        (from, to) -> lookupManyChunk(p, Chunks.slice(x, from, to), m, tables, widths));
  }

  @SuppressWarnings("try")
  private static long[][] lookupManyChunk(Party p, long[] x, int m, long[][] tables, int[] widths) {
    if (m < 1 || m > MAX_INDEX_BITS) {
      throw new IllegalArgumentException("lookup-table index must be 1.." + MAX_INDEX_BITS + " bits, got " + m);
    }
    int total = 0;
    for (int w : widths) {
      Ring.checkBitwidth(w);
      total += w;
    }
    if (total > 64) {
      throw new IllegalArgumentException("packed table outputs of " + total + " bits exceed 64");
    }
    int size = 1 << m;
    int len = x.length;
    int k = widths.length;
    try (Traffic.Scope sc = p.scope("lut")) {
      long[][] out = new long[k][len];
      if (p.isServer()) {
        if (tables == null || tables.length != k) {
          throw new IllegalArgumentException("server must pass " + k + " tables");
        }
        for (long[] t : tables) {
          if (t.length != size) {
            throw new IllegalArgumentException("table has " + t.length + " entries, expected 2^" + m + " = " + size);
          }
        }
        long[] msgs = new long[len * size];
        for (int t = 0; t < k; t++) {
          long[] r = p.random(len, widths[t]);
          out[t] = r;
        }
        for (int i = 0; i < len; i++) {
          int x0 = (int) (x[i] & (size - 1));
          for (int j = 0; j < size; j++) {
            int idx = (x0 + j) & (size - 1);
            long packed = 0;
            int shift = 0;
            for (int t = 0; t < k; t++) {
              long mask = Ring.mask(widths[t]);
              packed |= ((tables[t][idx] - out[t][i]) & mask) << shift;
              shift += widths[t];
            }
            msgs[i * size + j] = packed;
          }
        }
        p.oneOfN().sendOneOfN(msgs, size, total);
      } else {
        int[] choices = new int[len];
        for (int i = 0; i < len; i++) {
          choices[i] = (int) (x[i] & (size - 1));
        }
        long[] got = p.oneOfN().receiveOneOfN(choices, size, total);
        for (int i = 0; i < len; i++) {
          int shift = 0;
          for (int t = 0; t < k; t++) {
            out[t][i] = (got[i] >>> shift) & Ring.mask(widths[t]);
            shift += widths[t];
          }
        }
      }
      return out;
    }
  }

  /**
   * One table per instance, all in one batch of OTs: returns shares of tables[tableOf[i]][x[i]] over Z_2^n. The
   * server builds each instance's messages from its own table anyway, so instances that read different tables (the
   * fused sigmoid/tanh's exponential reads its input at two scales) cost what one lookup of that many instances
   * costs: 2 lambda + 2^m n bits per instance, 2 rounds. Which table an instance reads is the server's input (the
   * client learns nothing about it).
   *
   * @param tables the server's distinct tables (each 2^m entries); null on the client
   * @param tableOf the server's table index per instance (same length as x); null on the client
   */
  public static long[] lookupEach(Party p, long[] x, int m, long[][] tables, int[] tableOf, int n) {
    int size = m >= 1 && m <= MAX_INDEX_BITS ? 1 << m : 1;
    return Chunks.map(x.length, Chunks.size(2L * size * Long.BYTES),
        (from, to) -> lookupEachChunk(p, Chunks.slice(x, from, to), m, tables, Chunks.slice(tableOf, from, to), n));
  }

  /**
   * {@link #lookupEach} over rows [from, to) of {@code rows} (each n values, m-bit indices) in one call: instance j of
   * row r reads {@code tables[tableOf.applyAsInt(r - from, j)]} (server only; {@code tableOf} null on the client);
   * the shares of row r go to {@code out[r]}. Same cost as one lookupEach of (to - from) n instances, 2 rounds.
   */
  public static void lookupRows(Party p, long[][] rows, int from, int to, int m, long[][] tables,
      java.util.function.IntBinaryOperator tableOf, int lw, long[][] out) {
    int n = rows[0].length;
    int cnt = to - from;
    long[] idx = new long[cnt * n];
    int[] which = p.isServer() ? new int[cnt * n] : null;
    for (int i = 0; i < cnt; i++) {
      System.arraycopy(rows[from + i], 0, idx, i * n, n);
      if (which != null) {
        for (int j = 0; j < n; j++) {
          which[i * n + j] = tableOf.applyAsInt(i, j);
        }
      }
    }
    long[] got = lookupEach(p, idx, m, p.isServer() ? tables : null, which, lw);
    for (int i = 0; i < cnt; i++) {
      out[from + i] = java.util.Arrays.copyOfRange(got, i * n, (i + 1) * n);
    }
  }

  @SuppressWarnings("try")
  private static long[] lookupEachChunk(Party p, long[] x, int m, long[][] tables, int[] tableOf, int n) {
    if (m < 1 || m > MAX_INDEX_BITS) {
      throw new IllegalArgumentException("lookup-table index must be 1.." + MAX_INDEX_BITS + " bits, got " + m);
    }
    Ring.checkBitwidth(n);
    int size = 1 << m;
    int len = x.length;
    try (Traffic.Scope sc = p.scope("lut")) {
      if (p.isServer()) {
        if (tables == null || tableOf == null || tableOf.length != len) {
          throw new IllegalArgumentException("server must pass the tables and one table index per instance");
        }
        for (long[] t : tables) {
          if (t.length != size) {
            throw new IllegalArgumentException("table has " + t.length + " entries, expected 2^" + m + " = " + size);
          }
        }
        long mask = Ring.mask(n);
        long[] r = p.random(len, n);
        long[] msgs = new long[len * size];
        for (int i = 0; i < len; i++) {
          long[] t = tables[tableOf[i]];
          int x0 = (int) (x[i] & (size - 1));
          for (int j = 0; j < size; j++) {
            msgs[i * size + j] = (t[(x0 + j) & (size - 1)] - r[i]) & mask;
          }
        }
        p.oneOfN().sendOneOfN(msgs, size, n);
        return r;
      }
      int[] choices = new int[len];
      for (int i = 0; i < len; i++) {
        choices[i] = (int) (x[i] & (size - 1));
      }
      long[] got = p.oneOfN().receiveOneOfN(choices, size, n);
      long[] out = new long[len];
      for (int i = 0; i < len; i++) {
        out[i] = got[i] & Ring.mask(n);
      }
      return out;
    }
  }
}
