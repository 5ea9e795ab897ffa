package org.sirnn.mpc;

import org.sirnn.net.Traffic;
import org.sirnn.ot.OtBackend;
import org.sirnn.ot.ferret.FerretOt;
import org.sirnn.test.Parties;

/**
 * Measures one warm call of a protocol: bytes on the wire (both directions) and rounds. The op runs once to pay for
 * the base OTs, then a ping-pong lines up the Lamport stamps (the op's first sender pings, the other answers, so the
 * first sender's next message starts a new round), then the op runs again and is measured.
 */
final class CostProbe {
  private CostProbe() {}

  /**
   * Result of one measurement: total bytes (sent + received, same on both sides), of which {@code extendBytes} are
   * Ferret's silent extension (its refill slices, scope {@link FerretOt#EXTEND_SCOPE}; 0 on IKNP), and rounds.
   */
  record Cost(long bytes, long extendBytes, long rounds, double millis) {
    double bitsPer(int n) {
      return bytes * 8.0 / n;
    }

    /** Bits per instance without the silent extension: the operator's own messages. */
    double ownBitsPer(int n) {
      return (bytes - extendBytes) * 8.0 / n;
    }
  }

  private static long extendBytes(Traffic tr) {
    long b = 0;
    for (var e : tr.snapshot().entrySet()) {
      if (e.getKey().endsWith(FerretOt.EXTEND_SCOPE)) {
        b += e.getValue().bytes();
      }
    }
    return b;
  }

  /**
   * Bits of a 1-out-of-16 OT of 2-bit messages (the millionaires' leaves and two bit triples): KK13 2 * 128 + 16 * 2,
   * Ferret log2(16) + 16 * 2 (its silent extension, about 0.44 bits per COT, comes on top when a refill falls in).
   */
  static double oneOf16Bits(OtBackend backend) {
    return (backend == OtBackend.IKNP ? 256 : 4) + 16 * 2;
  }

  /** Bits of a 1-out-of-N OT of m-bit messages: KK13 2 * 128 + N * m, Ferret log2(N) + N * m. */
  static double oneOfNBits(OtBackend backend, int bigN, int m) {
    return (backend == OtBackend.IKNP ? 256 : Integer.numberOfTrailingZeros(bigN)) + (double) bigN * m;
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
      long e0 = extendBytes(tr);
      long r0 = tr.rounds();
      long t0 = System.nanoTime();
      op.run(p);
      return new Cost(tr.bytesSent() + tr.bytesReceived() - b0, extendBytes(tr) - e0, tr.rounds() - r0,
          (System.nanoTime() - t0) / 1e6);
    }, 120);
    Cost s = r.server();
    Cost c = r.client();
    if (s.bytes() != c.bytes()) {
      throw new AssertionError("parties disagree on bytes: " + s + " vs " + c);
    }
    return new Cost(s.bytes(), s.extendBytes(), Math.max(s.rounds(), c.rounds()), Math.max(s.millis(), c.millis()));
  }
}
