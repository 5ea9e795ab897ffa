package org.sirnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.fixed.Rescale;
import org.sirnn.nn.ops.QuantizedOps;
import org.sirnn.nn.ops.SecureKernels;
import org.sirnn.mpc.Sharing;
import org.sirnn.ring.Ring;
import org.sirnn.test.Parties;

/** Secure inference equals the cleartext twin bit for bit (in-memory channels). */
class Google30SecureTest {

  @Test
  @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void realInputMatchesTwinBitForBit() throws Exception {
    Google30Model.Weights w = Google30Data.weights();
    long[] x = Google30Data.input();
    Google30Plain.Result twin = Google30Plain.infer(w, x);
    long[] stats = new long[3];
    java.util.Map<String, org.sirnn.net.Traffic.Stats> scopes = new java.util.TreeMap<>();
    long t0 = System.nanoTime();
    var r = Parties.run(p -> {
      p.setup();
      return Google30Network.run(new SecureKernels(p), w, null, false);
    }, p -> {
      p.setup();
      long b0 = p.traffic().bytesSent() + p.traffic().bytesReceived();
      long r0 = p.traffic().rounds();
      long s = System.nanoTime();
      long[] res = Google30Network.run(new SecureKernels(p), null, x, false);
      stats[0] = (System.nanoTime() - s) / 1_000_000;
      stats[1] = p.traffic().bytesSent() + p.traffic().bytesReceived() - b0;
      stats[2] = p.traffic().rounds() - r0;
      scopes.putAll(p.traffic().snapshot());
      return res;
    }, 300);
    long total = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("google30 secure: scores=" + Arrays.toString(r.client()) + " label="
        + Google30Plain.argmax(r.client()) + " inference_ms=" + stats[0] + " bytes=" + stats[1] + " rounds=" + stats[2]
        + " total_ms_with_setup=" + total);
    scopes.forEach((path, st) -> {
      if (path.split("/").length <= 2 && (path.startsWith("cell") || path.equals("input") || path.equals("fc"))) {
        System.out.printf("google30 scope %-16s rounds %6d (%.1f per call) bytes %,d%n", path, st.rounds(),
            st.rounds() / (double) scopes.get(path.split("/")[0]).calls(), st.bytes());
      }
    });
    // issue 20: the step's independent branches share rounds (the cell's rounds are fewer than its operators'
    // own chains added up), and the whole inference stays within the round budget (24,200 before)
    long cellRounds = scopes.get("cell").rounds();
    long opRounds = 0;
    for (String op : new String[] {"u1", "u2", "gates", "sigmoid", "tanh", "update-z", "update-gh", "update"}) {
      opRounds += scopes.get("cell/" + op).rounds();
    }
    assertTrue(cellRounds < opRounds - 99L * 26, "cell " + cellRounds + " rounds vs its operators' " + opRounds);
    assertTrue(stats[2] <= 12_000, "google30 took " + stats[2] + " rounds");
    assertNull(r.server());
    assertArrayEquals(twin.scores(), r.client());
    assertEquals(twin.label(), Google30Plain.argmax(r.client()));
  }

  /** The MatMul and rescale building blocks on random signed values, incl. a negative shift and wraps. */
  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void matMulAndRescaleMatchTwin() throws Exception {
    Random rnd = new Random(5);
    int k = 35;
    int j = 7;
    long[] a = new long[k];
    long[] b = new long[k * j];
    for (int i = 0; i < k; i++) {
      a[i] = rnd.nextInt(65536) - 32768;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = rnd.nextInt(256) - 128;
    }
    // {sA, sB, H1, dem, bwC}: positive shift, negative shift (wraps at 8 bits), zero shift
    long[][] cfg = {{1, 1, 7, 256, 8}, {1, 1, 0, 1, 8}, {2, 1, 0, 8, 16}};
    long[] r16 = new long[64];
    for (int i = 0; i < r16.length; i++) {
      r16[i] = rnd.nextInt(65536) - 32768;
    }
    long[][][] out = new long[2][][];
    long[] a0 = new long[k];
    long[] c0 = new long[r16.length];
    for (int i = 0; i < k; i++) {
      a0[i] = rnd.nextLong() & Ring.mask(16);
    }
    for (int i = 0; i < c0.length; i++) {
      c0[i] = rnd.nextLong() & Ring.mask(16);
    }
    var res = Parties.symmetric(p -> {
      long[] as = new long[k];
      long[] cs = new long[r16.length];
      for (int i = 0; i < k; i++) {
        as[i] = p.isServer() ? a0[i] : (a[i] - a0[i]) & Ring.mask(16);
      }
      for (int i = 0; i < cs.length; i++) {
        cs[i] = p.isServer() ? c0[i] : (r16[i] - c0[i]) & Ring.mask(16);
      }
      long[] wT = p.isServer() ? QuantizedOps.transpose(b, k, j) : null;
      long[][] o = new long[cfg.length + 3][];
      for (int c = 0; c < cfg.length; c++) {
        long[] y = Google30Network.matMul(new SecureKernels(p), wT, as, 16, k, j, 1, cfg[c][0], cfg[c][1], (int) cfg[c][2], cfg[c][3],
            (int) cfg[c][4]);
        o[c] = Sharing.open(p, y, (int) cfg[c][4]);
      }
      o[cfg.length] = Sharing.open(p, Rescale.floorShift(p, cs, 16, 5, 16), 16);
      o[cfg.length + 1] = Sharing.open(p, Rescale.floorShift(p, cs, 16, 1, 16), 16);
      o[cfg.length + 2] = Sharing.open(p, Rescale.floorShift(p, cs, 16, 0, 32), 32);
      return o;
    }, 120);
    for (int c = 0; c < cfg.length; c++) {
      long[] want = Google30Plain.matMul(new Google30Plain.Overflows(), a, 1, k, b, j, cfg[c][0], cfg[c][1],
          (int) cfg[c][2], cfg[c][3], (int) cfg[c][4]);
      assertArrayEquals(want, Ring.signedView(res.client()[c], (int) cfg[c][4]), "matmul config " + c);
    }
    int[][] rs = {{5, 16}, {1, 16}, {0, 32}};
    for (int c = 0; c < rs.length; c++) {
      long[] want = new long[r16.length];
      for (int i = 0; i < want.length; i++) {
        want[i] = r16[i] >> rs[c][0];
      }
      assertArrayEquals(want, Ring.signedView(res.client()[cfg.length + c], rs[c][1]), "rescale " + c);
    }
  }
}
