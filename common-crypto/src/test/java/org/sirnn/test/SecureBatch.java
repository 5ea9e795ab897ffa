package org.sirnn.test;

import java.util.List;
import java.util.Random;
import org.sirnn.mpc.Party;
import org.sirnn.ot.OtBackend;
import org.sirnn.ring.Ring;

/**
 * Runs many secure unary operations in one two-party session (one base-OT setup): each case's cleartext inputs are
 * split into random shares, both parties run the case on their shares, and the outputs are reconstructed.
 */
public final class SecureBatch {

  /** One case: its inputs (inBits wide), output width, and the secure operation on this party's shares. */
  public record Case(long[] inputs, int inBits, int outBits, Op op) {}

  /** A secure operation: this party's output shares from its input shares. */
  @FunctionalInterface
  public interface Op {
    long[] apply(Party p, long[] share);
  }

  private SecureBatch() {}

  /** The reconstructed outputs of every case, in order (IKNP). */
  public static long[][] run(List<Case> cases, long seed, int seconds) throws Exception {
    return run(OtBackend.IKNP, cases, seed, seconds);
  }

  /** The reconstructed outputs of every case, in order, both parties on {@code backend}. */
  public static long[][] run(OtBackend backend, List<Case> cases, long seed, int seconds) throws Exception {
    Random rnd = new Random(seed);
    long[][][] shares = new long[cases.size()][2][];
    for (int c = 0; c < cases.size(); c++) {
      long[] x = cases.get(c).inputs();
      long mask = Ring.mask(cases.get(c).inBits());
      shares[c][0] = new long[x.length];
      shares[c][1] = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        shares[c][0][i] = rnd.nextLong() & mask;
        shares[c][1][i] = (x[i] - shares[c][0][i]) & mask;
      }
    }
    var r = Parties.run(backend, p -> half(p, cases, shares, 0), p -> half(p, cases, shares, 1), seconds);
    long[][] out = new long[cases.size()][];
    for (int c = 0; c < cases.size(); c++) {
      out[c] = Inputs.open(r.server()[c], r.client()[c], cases.get(c).outBits());
    }
    return out;
  }

  private static long[][] half(Party p, List<Case> cases, long[][][] shares, int me) {
    p.setup();
    long[][] out = new long[cases.size()][];
    for (int c = 0; c < cases.size(); c++) {
      out[c] = cases.get(c).op().apply(p, shares[c][me]);
    }
    return out;
  }
}
