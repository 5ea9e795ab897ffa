package org.sirnn.ot.iknp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sirnn.net.FrameChannel;
import org.sirnn.ot.CorrelatedOt;
import org.sirnn.ring.Ring;
import org.sirnn.test.LoopbackGrpc;
import org.sirnn.test.RecordingChannel;
import org.sirnn.test.TwoParties;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IknpOtTest {

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
    for (int i = 0; i < r.length; i++) {
      long expect = bit(choices, i) ? Ring.add(r[i], delta[i], l) : r[i];
      assertEquals(expect, out[i], "instance " + i + " l=" + l);
      assertEquals(0, r[i] & ~Ring.mask(l));
    }
  }

  @Test
  void cot_everyBitwidth_bothDirections() throws Exception {
    Random rnd = new Random(11);
    int[] ns = new int[65];
    long[][] deltas = new long[65][];
    long[][] choices = new long[65][];
    for (int l = 1; l <= 64; l++) {
      ns[l] = 1 + rnd.nextInt(200);
      deltas[l] = values(rnd, ns[l], l);
      choices[l] = bits(rnd, ns[l]);
    }
    var res = TwoParties.inMemory(ch -> {
      IknpOt ot = new IknpOt(ch, true, new SecureRandom());
      long[][] asSender = new long[65][];
      long[][] asReceiver = new long[65][];
      for (int l = 1; l <= 64; l++) {
        asSender[l] = ot.send(deltas[l], l);
        asReceiver[l] = ot.receive(choices[l], ns[l], l);
      }
      return new long[][][] {asSender, asReceiver};
    }, ch -> {
      IknpOt ot = new IknpOt(ch, false, new SecureRandom());
      long[][] asReceiver = new long[65][];
      long[][] asSender = new long[65][];
      for (int l = 1; l <= 64; l++) {
        asReceiver[l] = ot.receive(choices[l], ns[l], l);
        asSender[l] = ot.send(deltas[l], l);
      }
      return new long[][][] {asSender, asReceiver};
    }, 60);
    for (int l = 1; l <= 64; l++) {
      assertCot(res.server()[0][l], deltas[l], choices[l], res.client()[1][l], l); // server sends
      assertCot(res.client()[0][l], deltas[l], choices[l], res.server()[1][l], l); // client sends
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 63, 64, 65, 1000, 1_000_000})
  void cot_batchSizes(int n) throws Exception {
    Random rnd = new Random(n);
    long[] delta = values(rnd, n, 37);
    long[] choices = bits(rnd, n);
    var res = TwoParties.inMemory(ch -> new IknpOt(ch, true, new SecureRandom()).send(delta, 37),
        ch -> new IknpOt(ch, false, new SecureRandom()).receive(choices, n, 37), 90);
    assertCot(res.server(), delta, choices, res.client(), 37);
  }

  @Test
  void batchedCot_carriesSeveralWidthsOnOneOt() throws Exception {
    Random rnd = new Random(5);
    int n = 5000;
    int[] widths = {5, 64, 17, 1, 40};
    long[][] deltas = new long[widths.length][];
    for (int j = 0; j < widths.length; j++) {
      deltas[j] = values(rnd, n, widths[j]);
    }
    long[] choices = bits(rnd, n);
    var res = TwoParties.inMemory(ch -> new IknpOt(ch, true, new SecureRandom()).sendBatched(deltas, widths),
        ch -> new IknpOt(ch, false, new SecureRandom()).receiveBatched(choices, n, widths), 60);
    for (int j = 0; j < widths.length; j++) {
      assertCot(res.server()[j], deltas[j], choices, res.client()[j], widths[j]);
    }
  }

  @Test
  void sendAndReceive_overlapsBothDirectionsInTwoRounds() throws Exception {
    Random rnd = new Random(6);
    int nS = 3000;
    int nC = 1700;
    long[] dS = values(rnd, nS, 16);
    long[] dC = values(rnd, nC, 29);
    long[] cS = bits(rnd, nC);
    long[] cC = bits(rnd, nS);
    var res = TwoParties.inMemory(ch -> {
      IknpOt ot = new IknpOt(ch, true, new SecureRandom());
      ot.setup();
      long r0 = ch.traffic().rounds();
      long[][][] b = ot.sendAndReceive(new long[][] {dS}, new int[] {16}, cS, nC, new int[] {29});
      return new Object[] {b, ch.traffic().rounds() - r0};
    }, ch -> {
      IknpOt ot = new IknpOt(ch, false, new SecureRandom());
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

  @Test
  void randomAndChosenOt_deliverTheChosenMessage() throws Exception {
    Random rnd = new Random(8);
    int n = 4096;
    long[] choices = bits(rnd, n);
    long[] m0 = values(rnd, n, 50);
    long[] m1 = values(rnd, n, 50);
    var res = TwoParties.inMemory(ch -> {
      IknpOt ot = new IknpOt(ch, true, new SecureRandom());
      long[][] rm = ot.sendRandom(n, 64);
      ot.sendChosen(m0, m1, 50);
      return rm;
    }, ch -> {
      IknpOt ot = new IknpOt(ch, false, new SecureRandom());
      long[] r = ot.receiveRandom(choices, n, 64);
      long[] c = ot.receiveChosen(choices, n, 50);
      return new long[][] {r, c};
    }, 60);
    int differ = 0;
    for (int i = 0; i < n; i++) {
      boolean b = bit(choices, i);
      assertEquals(b ? res.server()[1][i] : res.server()[0][i], res.client()[0][i]);
      if (res.server()[0][i] != res.server()[1][i]) {
        differ++;
      }
      assertEquals(b ? m1[i] : m0[i], res.client()[1][i]);
    }
    assertEquals(n, differ, "random OT messages of one instance differ");
  }

  @Test
  void segments_shareOneExtension_withTheirOwnWidths() throws Exception {
    Random rnd = new Random(12);
    int[] counts = {100, 0, 257, 64};
    int[][] widths = {{64}, {3}, {40, 1, 9}, {12, 12}};
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
    var res = TwoParties.inMemory(ch -> {
      IknpOt ot = new IknpOt(ch, true, new SecureRandom());
      ot.setup();
      long r0 = ch.traffic().rounds();
      long[][][] r = ot.sendSegments(segs);
      return new Object[] {r, ch.traffic().rounds() - r0};
    }, ch -> new IknpOt(ch, false, new SecureRandom()).receiveSegments(choices, shapes), 60);
    long[][][] r = (long[][][]) res.server()[0];
    int base = 0;
    for (int j = 0; j < counts.length; j++) {
      long[] segChoices = new long[(counts[j] + 63) / 64 + 1];
      for (int i = 0; i < counts[j]; i++) {
        if (bit(choices, base + i)) {
          segChoices[i >>> 6] |= 1L << (i & 63);
        }
      }
      for (int c = 0; c < widths[j].length; c++) {
        assertCot(r[j][c], segs[j].deltas()[c], segChoices, res.client()[j][c], widths[j][c]);
      }
      base += counts[j];
    }
    assertEquals(1L, res.server()[1], "the sender sees one round: the receiver's matrix arrives, y leaves");
  }

  @Test
  @SuppressWarnings("try")
  void cot_wireCostIsLambdaPlusL() throws Exception {
    int n = 1 << 16;
    for (int l : new int[] {1, 16, 32, 64}) {
      long[] delta = new long[n];
      long[] choices = new long[n / 64];
      var res = TwoParties.inMemory(ch -> {
        IknpOt ot = new IknpOt(ch, true, new SecureRandom());
        ot.setup();
        long s0 = ch.traffic().bytesSent();
        long r0 = ch.traffic().bytesReceived();
        ot.send(delta, l);
        return new long[] {ch.traffic().bytesSent() - s0, ch.traffic().bytesReceived() - r0};
      }, ch -> new IknpOt(ch, false, new SecureRandom()).receive(choices, n, l), 60);
      double perOt = (res.server()[0] + res.server()[1]) * 8.0 / n;
      double formula = 128 + l;
      assertTrue(Math.abs(perOt - formula) / formula < 0.05, "l=" + l + ": " + perOt + " bits per COT, formula "
          + formula);
    }
  }

  @Test
  void twoSessions_sameInputs_differentTranscripts() throws Exception {
    int n = 1000;
    long[] delta = values(new Random(1), n, 32);
    long[] choices = bits(new Random(2), n);
    String[] digests = new String[2];
    long[][] outs = new long[2][];
    for (int run = 0; run < 2; run++) {
      FrameChannel[] pair = FrameChannel.inMemoryPair();
      RecordingChannel srv = new RecordingChannel(pair[0]);
      RecordingChannel cli = new RecordingChannel(pair[1]);
      var res = TwoParties.run(srv, cli, ch -> new IknpOt(ch, true, new SecureRandom()).send(delta, 32),
          ch -> new IknpOt(ch, false, new SecureRandom()).receive(choices, n, 32), 30);
      digests[run] = srv.transcriptDigest() + cli.transcriptDigest();
      outs[run] = res.server();
    }
    assertNotEquals(digests[0], digests[1]);
    assertTrue(!java.util.Arrays.equals(outs[0], outs[1]));
  }

  @Test
  void cot_overLoopbackGrpc() throws Exception {
    int n = 200_000;
    long[] delta = values(new Random(9), n, 24);
    long[] choices = bits(new Random(10), n);
    java.util.concurrent.CompletableFuture<long[]> serverOut = new java.util.concurrent.CompletableFuture<>();
    try (LoopbackGrpc link = new LoopbackGrpc((hello, ch) -> {
      IknpOt ot = new IknpOt(ch, true, new SecureRandom());
      serverOut.complete(ot.send(delta, 24));
      long[] back = ot.receive(choices, n, 24);
      ch.sendLongs(back, 24);
    }, FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open("ot-test");
      IknpOt ot = new IknpOt(ch, false, new SecureRandom());
      long[] out = ot.receive(choices, n, 24);
      long[] r = ot.send(delta, 24);
      long[] serverRecv = ch.receiveLongs(n, 24);
      ch.close();
      assertCot(serverOut.get(), delta, choices, out, 24);
      assertCot(r, delta, choices, serverRecv, 24);
      assertArrayEquals(new long[0], new long[0]);
    }
  }
}
