package org.sirnn.fixed;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sirnn.mpc.Party;
import org.sirnn.net.Traffic;
import org.sirnn.ring.Ring;
import org.sirnn.test.Parties;

/** Inputs and cost measurement for the digit decomposition and MSNZB tests. */
final class DigitTestSupport {
  private DigitTestSupport() {}

  /** The edge values of l bits: 0, 1, max, every 2^k and 2^k - 1 and 2^k + 1. */
  static long[] edges(int l) {
    List<Long> e = new ArrayList<>();
    long mask = Ring.mask(l);
    e.add(0L);
    e.add(1L);
    e.add(mask);
    for (int k = 1; k < l; k++) {
      e.add(1L << k);
      e.add((1L << k) - 1);
      e.add(((1L << k) + 1) & mask);
    }
    return e.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * n l-bit values: for n &gt; 1 the edges first then random values (every bit length equally likely, so small
   * values are common); for n = 1 one random value.
   */
  static long[] values(Random rnd, int n, int l) {
    long[] ed = edges(l);
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      if (n > 1 && i < ed.length) {
        v[i] = ed[i];
      } else {
        int bits = 1 + rnd.nextInt(l);
        v[i] = rnd.nextLong() & Ring.mask(bits);
      }
    }
    return v;
  }

  /** One warm call's cost: bytes (both directions) and rounds. */
  record Cost(long bytes, long rounds) {
    double bitsPer(int n) {
      return bytes * 8.0 / n;
    }
  }

  /** An operation run by both parties. */
  @FunctionalInterface
  interface Op {
    void run(Party p) throws Exception;
  }

  /**
   * Runs every op twice in one session (base OTs paid by the first runs) and measures each op's second run. Before
   * each measured run the server pings and the client answers, so the op's first message starts a new round (the
   * protocols measured here send their first message from the server: the client is triple-OT sender, the server
   * its receiver).
   */
  static List<Cost> measure(List<Op> ops) throws Exception {
    var r = Parties.symmetric(p -> {
      List<Cost> out = new ArrayList<>();
      for (Op op : ops) {
        op.run(p);
        Parties.roundBoundary(p, Party.Role.SERVER);
        Traffic tr = p.traffic();
        long b0 = tr.bytesSent() + tr.bytesReceived();
        long r0 = tr.rounds();
        op.run(p);
        out.add(new Cost(tr.bytesSent() + tr.bytesReceived() - b0, tr.rounds() - r0));
      }
      return out;
    }, 240);
    List<Cost> s = r.server();
    List<Cost> c = r.client();
    List<Cost> out = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (s.get(i).bytes() != c.get(i).bytes()) {
        throw new AssertionError("parties disagree on bytes: " + s.get(i) + " vs " + c.get(i));
      }
      out.add(new Cost(s.get(i).bytes(), Math.max(s.get(i).rounds(), c.get(i).rounds())));
    }
    return out;
  }
}
