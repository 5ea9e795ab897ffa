package org.sirnn.math;

import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.ring.Ring;

/**
 * A session that evaluates one math function on the client's private inputs (model name {@value #MODEL}): the
 * client sends a public header (function, bitwidth, scales, count), secret-shares its inputs, both parties run the
 * secure function, and the result is opened to the client only. The server learns the header, nothing else.
 */
public final class MathSession {
  /** Model name that selects this session on server-party. */
  public static final String MODEL = "math";

  /** Largest batch one session accepts. */
  public static final int MAX_VALUES = 1 << 22;

  private MathSession() {}

  /** Server half: reads the header, runs the function on the client's shared inputs. */
  public static void serve(Party p) {
    long[] h = p.channel().receiveLongs(5, 64);
    ProtocolAbortException.check(h[0] >= 0 && h[0] < MathFunction.values().length, "math: unknown function " + h[0]);
    ProtocolAbortException.check(h[1] >= 1 && h[1] <= 64, "math: bitwidth " + h[1]);
    ProtocolAbortException.check(h[2] >= 0 && h[2] <= 64 && h[3] >= 0 && h[3] <= 64, "math: scales " + h[2] + ", " + h[3]);
    ProtocolAbortException.check(h[4] >= 1 && h[4] <= MAX_VALUES, "math: count " + h[4]);
    MathFunction f = MathFunction.values()[(int) h[0]];
    int bits = (int) h[1];
    int n = (int) h[4];
    p.setup();
    long[] share = Sharing.share(p, Party.Role.CLIENT, null, n, bits);
    long[] y;
    try {
      y = f.evaluate(p, share, bits, (int) h[2], (int) h[3]);
    } catch (IllegalArgumentException e) {
      throw new ProtocolAbortException(ProtocolAbortException.Reason.INCOMPATIBLE, "math: " + e.getMessage(), e);
    }
    Sharing.openTo(p, Party.Role.CLIENT, y, bits);
  }

  /** Client half: returns f(x) for the client's inputs (bits-wide two's-complement patterns). */
  public static long[] evaluate(Party p, MathFunction f, long[] x, int bits, int sIn, int sOut) {
    Ring.checkBitwidth(bits);
    if (x.length == 0 || x.length > MAX_VALUES) {
      throw new IllegalArgumentException("math: between 1 and " + MAX_VALUES + " inputs, got " + x.length);
    }
    p.channel().sendLongs(new long[] {f.ordinal(), bits, sIn, sOut, x.length}, 64);
    p.setup();
    long[] xs = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      xs[i] = x[i] & Ring.mask(bits);
    }
    long[] share = Sharing.share(p, Party.Role.CLIENT, xs, x.length, bits);
    long[] y = f.evaluate(p, share, bits, sIn, sOut);
    return Sharing.openTo(p, Party.Role.CLIENT, y, bits);
  }
}
