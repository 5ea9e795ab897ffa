package org.sirnn.net;

/**
 * The diagnostic session ("model" {@value #MODEL}): the client sends vectors, the server acknowledges or echoes
 * them. Used by {@code client-party ping} and {@code bench transport} to check and measure a link with the same
 * framing, packing and flow control as the real protocols.
 *
 * <p>Each exchange: the client sends a header of three 64-bit values (count n, bitwidth l, echo flag) and then
 * the n values of l bits; the server answers with the n values (echo) or with one 8-bit acknowledgement. A header
 * with n = 0 ends the session. Rounds: 2 per exchange.
 */
public final class LinkCheck {
  /** Model name that selects this session on server-party. */
  public static final String MODEL = "link-check";

  /** Largest vector the server accepts in one exchange. */
  public static final long MAX_VALUES = 1L << 24;

  private LinkCheck() {}

  /** Server half: serves exchanges until the client sends the end header. */
  public static void serve(Channel ch) {
    while (true) {
      long[] header = ch.receiveLongs(3, 64);
      long n = header[0];
      int l = (int) header[1];
      if (n == 0) {
        return;
      }
      ProtocolAbortException.check(n > 0 && n <= MAX_VALUES, "link-check: vector length " + n + " out of range");
      ProtocolAbortException.check(l >= 1 && l <= 64, "link-check: bitwidth " + l + " out of range");
      long[] v = ch.receiveLongs((int) n, l);
      if (header[2] != 0) {
        ch.sendLongs(v, l);
      } else {
        ch.sendLongs(new long[] {1}, 8);
      }
      ch.flush();
    }
  }

  /** Client half of one exchange; returns the echoed vector, or null when only acknowledged. */
  public static long[] exchange(Channel ch, long[] values, int bitwidth, boolean echo) {
    if (values.length == 0) {
      throw new IllegalArgumentException("link-check needs at least one value");
    }
    ch.sendLongs(new long[] {values.length, bitwidth, echo ? 1 : 0}, 64);
    ch.sendLongs(values, bitwidth);
    ch.flush();
    if (echo) {
      return ch.receiveLongs(values.length, bitwidth);
    }
    long ack = ch.receiveLongs(1, 8)[0];
    ProtocolAbortException.check(ack == 1, "link-check: bad acknowledgement " + ack);
    return null;
  }

  /** Client: ends the diagnostic session (the server's serve() returns). */
  public static void end(Channel ch) {
    ch.sendLongs(new long[] {0, 0, 0}, 64);
    ch.flush();
  }
}
