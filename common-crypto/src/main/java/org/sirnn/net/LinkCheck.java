package org.sirnn.net;

/**
 * The diagnostic session ("model" {@value #MODEL}): the client sends vectors, the server acknowledges or echoes
 * them. Used by {@code client-party ping} and {@code bench transport} to check and measure a link with the same
 * framing, packing and flow control as the real protocols.
 *
 * <p>Each exchange: the client sends a header of three 64-bit values (count n, bitwidth l, echo flag), then the n
 * values of l bits in chunks of {@link #CHUNK} values; for an echo the server answers each chunk with the same
 * values, otherwise it answers the last chunk with one 8-bit acknowledgement. A header with n = 0 ends the session.
 * Rounds: 2 per chunk with echo, 2 per exchange without. The server holds one chunk at a time, so its memory does
 * not grow with n ({@link #SESSION_BYTES}); n is capped at {@link #MAX_VALUES}.
 */
public final class LinkCheck {
  /** Model name that selects this session on server-party. */
  public static final String MODEL = "link-check";

  /** Largest vector the server accepts in one exchange. */
  public static final long MAX_VALUES = 1L << 24;

  /** Values per chunk on the wire (512 KiB at 64 bits). */
  public static final int CHUNK = 1 << 16;

  /** What server-party reserves for a link-check session: a chunk and its packed copies, and the inbound bound. */
  public static final long SESSION_BYTES = 32L << 20;

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
      boolean echo = header[2] != 0;
      for (long from = 0; from < n; from += CHUNK) {
        long[] v = ch.receiveLongs((int) Math.min(CHUNK, n - from), l);
        if (echo) {
          ch.sendLongs(v, l);
          ch.flush();
        }
      }
      if (!echo) {
        ch.sendLongs(new long[] {1}, 8);
        ch.flush();
      }
    }
  }

  /** Client half of one exchange; returns the echoed vector, or null when only acknowledged. */
  public static long[] exchange(Channel ch, long[] values, int bitwidth, boolean echo) {
    if (values.length == 0) {
      throw new IllegalArgumentException("link-check needs at least one value");
    }
    ch.sendLongs(new long[] {values.length, bitwidth, echo ? 1 : 0}, 64);
    long[] back = echo ? new long[values.length] : null;
    for (int from = 0; from < values.length; from += CHUNK) {
      int len = Math.min(CHUNK, values.length - from);
      ch.sendLongs(from == 0 && len == values.length ? values : java.util.Arrays.copyOfRange(values, from, from + len),
          bitwidth);
      ch.flush();
      if (echo) {
        System.arraycopy(ch.receiveLongs(len, bitwidth), 0, back, from, len);
      }
    }
    if (echo) {
      return back;
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
