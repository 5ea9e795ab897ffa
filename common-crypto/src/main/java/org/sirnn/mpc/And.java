package org.sirnn.mpc;

import org.sirnn.net.Channel;
import org.sirnn.net.Traffic;

/**
 * AND of XOR-shared bit vectors with Beaver bit triples (CrypTFlow2 / SiRnn Section III-E, F_AND).
 *
 * <p>With a triple (a, b, c = a AND b) both parties open d = x XOR a and e = y XOR b in one simultaneous exchange and
 * output z = c XOR (d AND b) XOR (e AND a) XOR (d AND e, server only); z0 XOR z1 = x AND y.
 *
 * <p>Cost per AND: the triple, 144 bits and 2 rounds ({@link BitTriples}), plus 4 bits online (d and e, one bit each
 * way) in 1 round: 148 bits, 3 rounds when the triples are made inside the call. Protocols with many ANDs make all
 * their triples up front with {@link BitTriples#generate} and call {@link #and(Party, long[], long[], BitTriples, int)},
 * which costs only the online round.
 */
public final class And {
  private And() {}

  /**
   * x AND y, making the triples inside the call (148 bits per element, 3 rounds).
   *
   * @param x this party's XOR shares, one bit per long
   * @param y this party's XOR shares, same length
   * @return this party's XOR shares of x AND y
   */
  public static long[] and(Party p, long[] x, long[] y) {
    checkLengths(x, y);
    // a triple's OT rows and messages, about 64 bytes each, twice over in the OT layer
    return Chunks.map(x.length, Chunks.size(128),
        (from, to) -> andChunk(p, Chunks.slice(x, from, to), Chunks.slice(y, from, to)));
  }

  @SuppressWarnings("try")
  private static long[] andChunk(Party p, long[] x, long[] y) {
    if (x.length == 0) {
      return new long[0];
    }
    try (Traffic.Scope sc = p.scope("and")) {
      BitTriples t = BitTriples.generate(p, x.length);
      return online(p, x, y, t, 0);
    }
  }

  /**
   * x AND y with the prepared triples {@code t[offset .. offset + x.length)} (4 bits per element, 1 round). Both
   * parties must pass the same offset; each triple may be used once only.
   */
  @SuppressWarnings("try")
  public static long[] and(Party p, long[] x, long[] y, BitTriples t, int offset) {
    checkLengths(x, y);
    if (offset < 0 || offset + x.length > t.size()) {
      throw new IllegalArgumentException("triples [" + offset + ", " + (offset + x.length) + ") out of "
          + t.size());
    }
    try (Traffic.Scope sc = p.scope("and")) {
      return online(p, x, y, t, offset);
    }
  }

  private static long[] online(Party p, long[] x, long[] y, BitTriples t, int offset) {
    int n = x.length;
    if (n == 0) {
      return new long[0];
    }
    long[] a = t.a();
    long[] b = t.b();
    long[] c = t.c();
    long[] de = new long[2 * n];
    for (int i = 0; i < n; i++) {
      de[i] = (x[i] ^ a[offset + i]) & 1;
      de[n + i] = (y[i] ^ b[offset + i]) & 1;
    }
    Channel ch = p.channel();
    ch.sendLongs(de, 1);
    ch.flush();
    long[] theirs = ch.receiveLongs(2 * n, 1);
    boolean server = p.isServer();
    long[] z = new long[n];
    for (int i = 0; i < n; i++) {
      long d = de[i] ^ theirs[i];
      long e = de[n + i] ^ theirs[n + i];
      long zi = c[offset + i] ^ (d & b[offset + i]) ^ (e & a[offset + i]);
      if (server) {
        zi ^= d & e;
      }
      z[i] = zi;
    }
    return z;
  }

  private static void checkLengths(long[] x, long[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("and: " + x.length + " and " + y.length + " bits");
    }
  }
}
