package org.sirnn.mpc;

import org.sirnn.net.Traffic;
import org.sirnn.ot.OtBackend;
import org.sirnn.test.Parties;

/**
 * Measures one warm call of a protocol: bytes on the wire (both directions) and rounds. The op runs once to pay for
 * the base OTs, then a ping-pong lines up the Lamport stamps (the op's first sender pings, the other answers, so the
 * first sender's next message starts a new round), then the op runs again and is measured.
 */
final class CostProbe {
  private CostProbe() {}

  /** Result of one measurement: total bytes (sent + received, same on both sides) and rounds. */
  record Cost(long bytes, long rounds, double millis) {
    double bitsPer(int n) {
      return bytes * 8.0 / n;
    }
  }

  /**
   * Bits of a 1-out-of-16 OT of 2-bit messages (the millionaires' leaves and two bit triples): KK13 2 * 128 + 16 * 2,
   * Ferret log2(16) + 16 * 2 (its silent extension, about 0.44 bits per COT, comes on top when a refill falls in).
   */
  static double oneOf16Bits(OtBackend backend) {
    return (backend == OtBackend.IKNP ? 256 : 4) + 16 * 2;
  }

  /**
   * Bits per instance that one silent-extension slice of Ferret adds when it falls into a measured call of n
   * instances: at most 2^20 leaves, i.e. 128 trees of 2^13 leaves, 27 blocks of message each (default preset).
   * IKNP: 0.
   */
  static double sliceBits(OtBackend backend, int n) {
    return backend == OtBackend.IKNP ? 0 : 128 * 27 * 128.0 / n;
  }

  static Cost measure(Party.Role firstSender, Parties.Half<?> op) throws Exception {
    return measure(OtBackend.IKNP, firstSender, op);
  }

  static Cost measure(OtBackend backend, Party.Role firstSender, Parties.Half<?> op) throws Exception {
    var r = Parties.symmetric(backend, p -> {
      op.run(p);
      Parties.roundBoundary(p, firstSender);
      Traffic tr = p.traffic();
      long b0 = tr.bytesSent() + tr.bytesReceived();
      long r0 = tr.rounds();
      long t0 = System.nanoTime();
      op.run(p);
      return new Cost(tr.bytesSent() + tr.bytesReceived() - b0, tr.rounds() - r0, (System.nanoTime() - t0) / 1e6);
    }, 120);
    Cost s = r.server();
    Cost c = r.client();
    if (s.bytes() != c.bytes()) {
      throw new AssertionError("parties disagree on bytes: " + s + " vs " + c);
    }
    return new Cost(s.bytes(), Math.max(s.rounds(), c.rounds()), Math.max(s.millis(), c.millis()));
  }
}
