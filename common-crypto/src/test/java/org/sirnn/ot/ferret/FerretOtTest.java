package org.sirnn.ot.ferret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sirnn.net.Channel;
import org.sirnn.ot.CorrelatedOt;
import org.sirnn.ring.Ring;
import org.sirnn.test.TwoParties;

/**
 * The derandomised flavours on Ferret: COT over Z_2^l, random OT, chosen OT and 1-out-of-N, on random inputs, with
 * each party in both roles (so both directions), and their wire cost.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FerretOtTest {

  private static long[] values(Random rnd, int n, int l) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextLong() & Ring.mask(l);
    }
    return v;
  }

  private static long[] bits(Random rnd, int n) {
    long[] w = new long[(n + 63) / 64 + 1];
    for (int i = 0; i < w.length; i++) {
      w[i] = rnd.nextLong(); // garbage above n must be ignored
    }
    return w;
  }

  private static boolean bit(long[] w, int i) {
    return ((w[i >>> 6] >>> (i & 63)) & 1) != 0;
  }

  private static void assertCot(long[] r, long[] delta, long[] choices, long[] out, int l) {
    assertEquals(r.length, out.length);
    for (int i = 0; i < r.length; i++) {
      long expect = bit(choices, i) ? Ring.add(r[i], delta[i], l) : r[i];
      assertEquals(expect, out[i], "instance " + i + " l=" + l);
      assertEquals(0, r[i] & ~Ring.mask(l));
    }
  }

  private static FerretOt server(Channel ch) {
    return new FerretOt(ch, true, new SecureRandom());
  }

  private static FerretOt client(Channel ch) {
    return new FerretOt(ch, false, new SecureRandom());
  }

  /** Every width, each party sender once and receiver once, in the same session. */
  @Test
  void cot_everyBitwidth_bothDirections() throws Exception {
    Random rnd = new Random(11);
    int[] ns = new int[65];
    long[][] deltas = new long[65][];
    long[][] choices = new long[65][];
    for (int l = 1; l <= 64; l++) {
      ns[l] = 1 + rnd.nextInt(300);
      deltas[l] = values(rnd, ns[l], l);
      choices[l] = bits(rnd, ns[l]);
    }
    var res = TwoParties.inMemory(ch -> {
      FerretOt ot = server(ch);
      long[][] asSender = new long[65][];
      long[][] asReceiver = new long[65][];
      for (int l = 1; l <= 64; l++) {
        asSender[l] = ot.send(deltas[l], l);
        asReceiver[l] = ot.receive(choices[l], ns[l], l);
      }
      return new long[][][] {asSender, asReceiver};
    }, ch -> {
      FerretOt ot = client(ch);
      long[][] asReceiver = new long[65][];
      long[][] asSender = new long[65][];
      for (int l = 1; l <= 64; l++) {
        asReceiver[l] = ot.receive(choices[l], ns[l], l);
        asSender[l] = ot.send(deltas[l], l);
      }
      return new long[][][] {asSender, asReceiver};
    }, 90);
    for (int l = 1; l <= 64; l++) {
      assertCot(res.server()[0][l], deltas[l], choices[l], res.client()[1][l], l); // server sends
      assertCot(res.client()[0][l], deltas[l], choices[l], res.server()[1][l], l); // client sends
    }
  }

  /** Batch sizes from empty to larger than the bootstrap's leftover (so the batch needs a main-iteration slice). */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 63, 64, 65, 1000, 1_000_000})
  void cot_batchSizes(int n) throws Exception {
    Random rnd = new Random(n);
    long[] delta = values(rnd, n, 37);
    long[] choices = bits(rnd, n);
    var res = TwoParties.inMemory(ch -> server(ch).send(delta, 37), ch -> client(ch).receive(choices, n, 37), 90);
    assertCot(res.server(), delta, choices, res.client(), 37);
  }

  /** Several widths per OT and several segments in one call, both as in IKNP. */
  @Test
  void segments_severalWidthsPerOt() throws Exception {
    Random rnd = new Random(12);
    int[] counts = {100, 0, 257, 64};
    int[][] widths = {{64}, {3}, {40, 1, 9}, {12, 12, 64, 5}};
    CorrelatedOt.Segment[] segs = new CorrelatedOt.Segment[counts.length];
    CorrelatedOt.Shape[] shapes = new CorrelatedOt.Shape[counts.length];
    int total = 0;
    for (int j = 0; j < counts.length; j++) {
      long[][] d = new long[widths[j].length][];
      for (int c = 0; c < d.length; c++) {
        d[c] = values(rnd, counts[j], widths[j][c]);
      }
      segs[j] = new CorrelatedOt.Segment(d, widths[j]);
      shapes[j] = segs[j].shape();
      total += counts[j];
    }
    long[] choices = bits(rnd, total);
    var res = TwoParties.inMemory(ch -> client(ch).sendSegments(segs),
        ch -> server(ch).receiveSegments(choices, shapes), 60);
    int base = 0;
    for (int j = 0; j < counts.length; j++) {
      long[] segChoices = new long[(counts[j] + 63) / 64 + 1];
      for (int i = 0; i < counts[j]; i++) {
        if (bit(choices, base + i)) {
          segChoices[i >>> 6] |= 1L << (i & 63);
        }
      }
      for (int c = 0; c < widths[j].length; c++) {
        assertCot(res.server()[j][c], segs[j].deltas()[c], segChoices, res.client()[j][c], widths[j][c]);
      }
      base += counts[j];
    }
  }

  /** A two-way COT pair costs 2 rounds when no refill is due (after setup). */
  @Test
  void exchange_bothDirectionsInTwoRounds() throws Exception {
    Random rnd = new Random(6);
    int nS = 3000;
    int nC = 1700;
    long[] dS = values(rnd, nS, 16);
    long[] dC = values(rnd, nC, 29);
    long[] cS = bits(rnd, nC);
    long[] cC = bits(rnd, nS);
    var res = TwoParties.inMemory(ch -> {
      FerretOt ot = server(ch);
      ot.setup();
      long r0 = ch.traffic().rounds();
      long[][][] b = ot.sendAndReceive(new long[][] {dS}, new int[] {16}, cS, nC, new int[] {29});
      return new Object[] {b, ch.traffic().rounds() - r0};
    }, ch -> {
      FerretOt ot = client(ch);
      ot.setup();
      long[][][] b = ot.sendAndReceive(new long[][] {dC}, new int[] {29}, cC, nS, new int[] {16});
      return new Object[] {b, 0L};
    }, 60);
    long[][][] s = (long[][][]) res.server()[0];
    long[][][] c = (long[][][]) res.client()[0];
    assertCot(s[0][0], dS, cC, c[1][0], 16);
    assertCot(c[0][0], dC, cS, s[1][0], 29);
    assertEquals(2L, res.server()[1], "two rounds for a two-way COT pair");
  }

  /** Random and chosen OT deliver the chosen message, in both directions; random OT messages of an instance differ. */
  @Test
  void randomAndChosenOt_deliverTheChosenMessage_bothDirections() throws Exception {
    Random rnd = new Random(8);
    int n = 4096;
    long[] choices = bits(rnd, n);
    long[] m0 = values(rnd, n, 50);
    long[] m1 = values(rnd, n, 50);
    var res = TwoParties.inMemory(ch -> {
      FerretOt ot = server(ch);
      long[][] rm = ot.sendRandom(n, 64);
      ot.sendChosen(m0, m1, 50);
      long[] r = ot.receiveRandom(choices, n, 64);
      long[] c = ot.receiveChosen(choices, n, 50);
      return new long[][] {rm[0], rm[1], r, c};
    }, ch -> {
      FerretOt ot = client(ch);
      long[] r = ot.receiveRandom(choices, n, 64);
      long[] c = ot.receiveChosen(choices, n, 50);
      long[][] rm = ot.sendRandom(n, 64);
      ot.sendChosen(m0, m1, 50);
      return new long[][] {rm[0], rm[1], r, c};
    }, 60);
    for (long[][][] dir : new long[][][][] {{res.server(), res.client()}, {res.client(), res.server()}}) {
      long[][] snd = dir[0];
      long[][] rcv = dir[1];
      for (int i = 0; i < n; i++) {
        boolean b = bit(choices, i);
        assertEquals(b ? snd[1][i] : snd[0][i], rcv[2][i], "random OT " + i);
        assertTrue(snd[0][i] != snd[1][i], "random OT messages of one instance differ");
        assertEquals(b ? m1[i] : m0[i], rcv[3][i], "chosen OT " + i);
      }
    }
  }

  /** 1-out-of-N for every N used by the protocols, several widths, both directions. */
  @ParameterizedTest
  @ValueSource(ints = {2, 4, 16, 256})
  void oneOfN_deliversTheChosenMessage_bothDirections(int bigN) throws Exception {
    Random rnd = new Random(bigN);
    int n = bigN == 256 ? 3000 : 20_000;
    for (int l : new int[] {1, 8, 33, 64}) {
      long[] msgs = values(rnd, n * bigN, l);
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) {
        idx[i] = rnd.nextInt(bigN);
      }
      var res = TwoParties.inMemory(ch -> {
        FerretOt ot = server(ch);
        ot.sendOneOfN(msgs, bigN, l);
        return ot.receiveOneOfN(idx, bigN, l);
      }, ch -> {
        FerretOt ot = client(ch);
        long[] got = ot.receiveOneOfN(idx, bigN, l);
        ot.sendOneOfN(msgs, bigN, l);
        return got;
      }, 60);
      for (int i = 0; i < n; i++) {
        assertEquals(msgs[i * bigN + idx[i]], res.client()[i], "N=" + bigN + " l=" + l + " instance " + i);
        assertEquals(msgs[i * bigN + idx[i]], res.server()[i], "N=" + bigN + " l=" + l + " instance " + i);
      }
    }
  }

  /** The receiver hashes with per-block tweaks: the same function as the sender's consecutive-tweak TCCR. */
  @Test
  void tccrWithTweakArray_equalsConsecutiveTweaks() {
    Random rnd = new Random(3);
    int n = 5000;
    long[] in = new long[2 * n];
    long[] tw = new long[n];
    for (int i = 0; i < 2 * n; i++) {
      in[i] = rnd.nextLong();
    }
    for (int i = 0; i < n; i++) {
      tw[i] = 1234 + i;
    }
    long[] want = new long[2 * n];
    org.sirnn.prg.CrHash.tccr(in, 0, 1234, n, want, 0);
    long[] got = new long[2 * n];
    OneOfNTree.tccr(in.clone(), tw, n, got);
    org.junit.jupiter.api.Assertions.assertArrayEquals(want, got);
  }

  /**
   * Wire cost after setup, silent extension apart (the last batch outgrows the bootstrap's leftover and runs a
   * refill): COT l costs 1 + l bits per instance, chosen OT 1 + 2l, random OT 1, 1-out-of-16 of 8-bit messages
   * 4 + 128.
   */
  @Test
  void wireCost_isTheCorrectionPlusTheMessages() throws Exception {
    int n = 1 << 16;
    long[] zeros = new long[n];
    long[] choices = new long[n / 64];
    var res = TwoParties.inMemory(ch -> {
      FerretOt ot = server(ch);
      ot.setup();
      double[] bits = new double[4];
      long b0 = total(ch);
      ot.send(zeros, 32);
      bits[0] = (total(ch) - b0) * 8.0 / n;
      b0 = total(ch);
      ot.sendChosen(zeros, zeros, 16);
      bits[1] = (total(ch) - b0) * 8.0 / n;
      b0 = total(ch);
      ot.sendRandom(n, 64);
      bits[2] = (total(ch) - b0) * 8.0 / n;
      b0 = total(ch);
      ot.sendOneOfN(new long[16 * n], 16, 8);
      bits[3] = (total(ch) - b0) * 8.0 / n;
      return bits;
    }, ch -> {
      FerretOt ot = client(ch);
      ot.setup();
      ot.receive(choices, n, 32);
      ot.receiveChosen(choices, n, 16);
      ot.receiveRandom(choices, n, 64);
      ot.receiveOneOfN(new int[n], 16, 8);
      return null;
    }, 60);
    double[] bits = res.server();
    double[] formula = {1 + 32, 1 + 2 * 16, 1, 4 + 16 * 8};
    for (int k = 0; k < bits.length; k++) {
      System.out.printf("ferret flavour %d: %.2f bits per instance (formula %.0f)%n", k, bits[k], formula[k]);
      assertTrue(bits[k] >= formula[k] && bits[k] < formula[k] * 1.01 + 0.05, "flavour " + k + ": " + bits[k]
          + " bits, formula " + formula[k]);
    }
  }

  /** Bytes so far on this channel, without the silent extension's slices (the scopes named ferret-extend). */
  private static long total(Channel ch) {
    long extend = 0;
    for (var e : ch.traffic().snapshot().entrySet()) {
      if (e.getKey().endsWith(FerretOt.EXTEND_SCOPE)) {
        extend += e.getValue().bytes();
      }
    }
    return ch.traffic().bytesSent() + ch.traffic().bytesReceived() - extend;
  }

  @Test
  void oneOfN_rejectsBadArguments() throws Exception {
    var res = TwoParties.inMemory(ch -> {
      FerretOt ot = server(ch);
      assertThrows(IllegalArgumentException.class, () -> ot.sendOneOfN(new long[6], 3, 8));
      assertThrows(IllegalArgumentException.class, () -> ot.sendOneOfN(new long[5], 4, 8));
      assertThrows(IllegalArgumentException.class, () -> ot.receiveOneOfN(new int[] {4}, 4, 8));
      assertThrows(IllegalArgumentException.class, () -> ot.sendOneOfN(new long[512], 512, 8));
      return true;
    }, ch -> true, 10);
    assertTrue(res.server());
  }
}
