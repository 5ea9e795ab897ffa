package org.sirnn.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.SigmoidTanhParams;
import org.sirnn.mpc.Party;
import org.sirnn.ring.Ring;
import org.sirnn.test.Parties;
import org.sirnn.test.SecureBatch;

/**
 * The fused secure sigmoid/tanh equals its cleartext twin ({@link ClearMath#sigmoidTanhSigmoid},
 * {@link ClearMath#sigmoidTanhTanh}) bit for bit, and costs about the rounds of one sigmoid.
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SigmoidTanhTest {

  /** Parameters and the two input vectors. */
  record Case(SigmoidTanhParams p, long[] xs, long[] xt) {}

  private static void runAll(List<Case> cases) throws Exception {
    List<SecureBatch.Case> batch = new ArrayList<>();
    for (Case c : cases) {
      SigmoidTanhParams p = c.p();
      int n1 = c.xs().length;
      long[] in = new long[n1 + c.xt().length];
      System.arraycopy(c.xs(), 0, in, 0, n1);
      System.arraycopy(c.xt(), 0, in, n1, c.xt().length);
      batch.add(new SecureBatch.Case(in, p.bwIn(), p.bwOut(), (pp, sh) -> {
        long[][] y = SigmoidTanh.evaluate(pp, java.util.Arrays.copyOfRange(sh, 0, n1),
            java.util.Arrays.copyOfRange(sh, n1, sh.length), p.bwIn(), p.scaleInSigmoid(), p.scaleOutSigmoid(),
            p.scaleInTanh(), p.scaleOutTanh(), p.bwOut());
        assertEquals(n1, y[0].length);
        long[] out = new long[sh.length];
        System.arraycopy(y[0], 0, out, 0, n1);
        System.arraycopy(y[1], 0, out, n1, y[1].length);
        return out;
      }));
    }
    long[][] got = SecureBatch.run(batch, 17, 600);
    for (int k = 0; k < cases.size(); k++) {
      Case c = cases.get(k);
      int n1 = c.xs().length;
      for (int i = 0; i < n1; i++) {
        assertEquals(ClearMath.sigmoidTanhSigmoid(c.xs()[i], c.p()), got[k][i],
            c.p() + " sigmoid at x=" + Ring.signed(c.xs()[i], c.p().bwIn()));
      }
      for (int i = 0; i < c.xt().length; i++) {
        assertEquals(ClearMath.sigmoidTanhTanh(c.xt()[i], c.p()), got[k][n1 + i],
            c.p() + " tanh at x=" + Ring.signed(c.xt()[i], c.p().bwIn()));
      }
    }
  }

  /** Edge values (0, +-1, +-2, min, max, around +-2^(bw-2), low digit zero), then random ones. */
  private static long[] inputs(int bw, int n, Random rnd) {
    long mask = Ring.mask(bw);
    long h = 1L << (bw - 1);
    long q = 1L << (bw - 2);
    long[] edges = {0, 1, mask, 2, mask - 1, h, h - 1, h + 1, h - 2, q, q - 1, q + 1, -q & mask, (-q - 1) & mask,
        256 & mask, -256 & mask, 512 & mask};
    long[] x = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = i < edges.length ? edges[i] & mask : rnd.nextLong() & mask;
    }
    return x;
  }

  private static long[] all16() {
    long[] x = new long[1 << 16];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    return x;
  }

  @Test
  void google30Scales_everyInput() throws Exception {
    long[] x = all16();
    long[] rev = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      rev[i] = x[x.length - 1 - i];
    }
    runAll(List.of(new Case(new SigmoidTanhParams(16, 9, 14, 9, 9, 16), x, rev)));
  }

  @Test
  void scale12_everyInput() throws Exception {
    long[] x = all16();
    runAll(List.of(new Case(new SigmoidTanhParams(16, 12, 12, 12, 12, 16), x, x)));
  }

  @Test
  void otherWidthsAndScales_randomAndEdgeInputs() throws Exception {
    Random rnd = new Random(11);
    List<Case> cases = new ArrayList<>();
    int[][] cfg = {
        // bwIn, sInS, sOutS, sInT, sOutT, bwOut
        {16, 9, 14, 9, 9, 16}, {16, 12, 12, 12, 12, 32}, {16, 8, 14, 8, 8, 16}, {16, 12, 10, 12, 14, 16},
        {16, 12, 12, 12, 12, 12}, {16, 9, 14, 9, 9, 10}, {12, 8, 8, 8, 12, 20}, {20, 12, 12, 12, 12, 20},
        {24, 12, 14, 11, 13, 32}, {32, 16, 16, 16, 16, 32}, {8, 4, 6, 4, 6, 8}, {14, 10, 11, 9, 7, 14},
        {16, 9, 14, 9, 9, 14}};
    for (int[] c : cfg) {
      SigmoidTanhParams p = new SigmoidTanhParams(c[0], c[1], c[2], c[3], c[4], c[5]);
      cases.add(new Case(p, inputs(c[0], 1500, rnd), inputs(c[0], 1100, rnd)));
    }
    // one half empty, and a single element
    cases.add(new Case(new SigmoidTanhParams(16, 9, 14, 9, 9, 16), inputs(16, 50, rnd), new long[0]));
    cases.add(new Case(new SigmoidTanhParams(16, 12, 10, 12, 14, 32), new long[0], inputs(16, 50, rnd)));
    cases.add(new Case(new SigmoidTanhParams(16, 9, 14, 9, 9, 16), new long[] {0x8000}, new long[] {0x7FFF}));
    runAll(cases);
  }

  @Test
  void rejectsUnsupportedScalesOnBothSides() {
    assertThrows(IllegalArgumentException.class,
        () -> SigmoidTanh.evaluate(null, new long[1], new long[1], 16, 9, 19, 9, 9, 16));
    assertThrows(IllegalArgumentException.class,
        () -> SigmoidTanh.evaluate(null, new long[1], new long[1], 17, 9, 14, 9, 9, 16));
  }

  /** Rounds of one warm call on 100 + 100 instances against sigmoid then tanh (100 each), counted with Traffic. */
  @Test
  void roundsAboutThoseOfOneSigmoid() throws Exception {
    for (int[] c : new int[][] {{9, 14, 9, 9}, {12, 12, 12, 12}}) {
      long[] r = Parties.symmetric(p -> {
        p.setup();
        long[] x = new long[100];
        for (int i = 0; i < x.length; i++) {
          x[i] = p.isServer() ? (i * 331L) & 0xFFFF : (i * 7L) & 0xFFFF;
        }
        long[] out = new long[6];
        for (int rep = 0; rep < 2; rep++) { // the first pass warms up
          Parties.roundBoundary(p, Party.Role.SERVER);
          long r0 = p.traffic().rounds();
          long b0 = p.traffic().bytesSent() + p.traffic().bytesReceived();
          SigmoidTanh.evaluate(p, x, x, 16, c[0], c[1], c[2], c[3], 16);
          long r1 = p.traffic().rounds();
          long b1 = p.traffic().bytesSent() + p.traffic().bytesReceived();
          Parties.roundBoundary(p, Party.Role.SERVER);
          long r2 = p.traffic().rounds();
          long b2 = p.traffic().bytesSent() + p.traffic().bytesReceived();
          Sigmoid.sigmoid(p, x, 16, c[0], 16, c[1]);
          long r3 = p.traffic().rounds();
          long b3 = p.traffic().bytesSent() + p.traffic().bytesReceived();
          Tanh.tanh(p, x, 16, c[2], 16, c[3]);
          long r4 = p.traffic().rounds();
          long b4 = p.traffic().bytesSent() + p.traffic().bytesReceived();
          out = new long[] {r1 - r0, r3 - r2, r4 - r3, b1 - b0, b3 - b2, b4 - b3};
        }
        return out;
      }, 120).server();
      System.out.printf("COST sigmoid %d->%d + tanh %d->%d on 100+100: fused %d rounds %.0f B/pair; separate sigmoid"
          + " %d + tanh %d rounds, %.0f B/pair%n", c[0], c[1], c[2], c[3], r[0], r[3] / 100.0, r[1], r[2],
          (r[4] + r[5]) / 100.0);
      assertTrue(r[0] <= r[1] + 10, "fused rounds " + r[0] + " vs sigmoid " + r[1]);
      assertTrue(r[0] < r[1] + r[2], "fused rounds " + r[0] + " vs separate " + (r[1] + r[2]));
      assertTrue(r[3] < r[4] + r[5], "fused bytes " + r[3] + " vs separate " + (r[4] + r[5]));
    }
  }
}
