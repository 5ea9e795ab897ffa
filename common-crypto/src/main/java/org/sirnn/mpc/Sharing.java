package org.sirnn.mpc;

import org.sirnn.net.Channel;
import org.sirnn.ring.Ring;

/**
 * Additive secret sharing over Z_2^l (l = 1 is XOR sharing): split a private vector into shares, open shares to one
 * or both parties. One message (ceil(n*l/8) bytes) per call; the owner's share is fresh PRG output, so the peer's
 * share alone is uniformly random.
 */
public final class Sharing {
  private Sharing() {}

  /** x + c over Z_2^l for a public constant c: the server adds it to its share, the client keeps its share. */
  public static long[] addPublic(Party p, long[] x, long c, int l) {
    long[] out = Ring.reduced(x, l);
    if (p.isServer()) {
      Ring.addConst(out, c, out, l);
    }
    return out;
  }

  /**
   * Shares {@code owner}'s private vector. The owner passes its values (n = values.length) and gets its share; the
   * other party passes null and n, and gets its share. Values are reduced mod 2^l.
   */
  public static long[] share(Party p, Party.Role owner, long[] values, int n, int l) {
    Ring.checkBitwidth(l);
    Channel ch = p.channel();
    if (p.role() == owner) {
      if (values == null || values.length != n) {
        throw new IllegalArgumentException("owner must pass " + n + " values");
      }
      long[] mine = p.random(n, l);
      long[] theirs = new long[n];
      Ring.sub(values, mine, theirs, l);
      ch.sendLongs(theirs, l);
      ch.flush();
      return mine;
    }
    return ch.receiveLongs(n, l);
  }

  /** Both parties learn x = x0 + x1 mod 2^l; one round (both send at once). */
  public static long[] open(Party p, long[] share, int l) {
    Channel ch = p.channel();
    ch.sendLongs(share, l);
    ch.flush();
    long[] theirs = ch.receiveLongs(share.length, l);
    long[] out = new long[share.length];
    Ring.add(share, theirs, out, l);
    return out;
  }

  /** Only {@code to} learns x; the other party gets null. One message. */
  public static long[] openTo(Party p, Party.Role to, long[] share, int l) {
    Channel ch = p.channel();
    if (p.role() != to) {
      ch.sendLongs(share, l);
      ch.flush();
      return null;
    }
    long[] theirs = ch.receiveLongs(share.length, l);
    long[] out = new long[share.length];
    Ring.add(share, theirs, out, l);
    return out;
  }

  /** XOR-shares of bits (one bit per long) as l = 1 additive shares; same as {@link #open} with l = 1. */
  public static long[] openBits(Party p, long[] share) {
    return open(p, share, 1);
  }
}
