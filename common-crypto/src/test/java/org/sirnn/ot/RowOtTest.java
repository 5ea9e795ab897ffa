package org.sirnn.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.sirnn.ot.OtTestSupport.assertCot;
import static org.sirnn.ot.OtTestSupport.bit;
import static org.sirnn.ot.OtTestSupport.bits;
import static org.sirnn.ot.OtTestSupport.values;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sirnn.net.Channel;
import org.sirnn.ot.ferret.FerretOt;
import org.sirnn.ot.iknp.IknpOt;
import org.sirnn.test.TwoParties;

/**
 * Correlated, random and chosen OT on every backend ({@link RowOt} over IKNP and over Ferret): the relations on
 * random inputs, every width, batch sizes from 0 to 10^6, several widths and segments per call, both directions, and
 * the rounds of a call that needs no Ferret refill.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ParameterizedClass
@EnumSource(OtBackend.class)
class RowOtTest {

  @Parameter
  OtBackend backend;

  /** This backend's OT engine for one party; {@code server} runs its base OTs first. */
  private RowOt ot(Channel ch, boolean server) {
    return backend == OtBackend.IKNP ? new IknpOt(ch, server, new SecureRandom())
        : new FerretOt(ch, server, new SecureRandom());
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
      RowOt ot = ot(ch, true);
      long[][] asSender = new long[65][];
      long[][] asReceiver = new long[65][];
      for (int l = 1; l <= 64; l++) {
        asSender[l] = ot.send(deltas[l], l);
        asReceiver[l] = ot.receive(choices[l], ns[l], l);
      }
      return new long[][][] {asSender, asReceiver};
    }, ch -> {
      RowOt ot = ot(ch, false);
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
    var res = TwoParties.inMemory(ch -> ot(ch, true).send(delta, 37),
        ch -> ot(ch, false).receive(choices, n, 37), 90);
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
    var res = TwoParties.inMemory(ch -> ot(ch, true).sendBatched(deltas, widths),
        ch -> ot(ch, false).receiveBatched(choices, n, widths), 60);
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
      RowOt ot = ot(ch, true);
      ot.setup();
      long r0 = ch.traffic().rounds();
      long[][][] b = ot.sendAndReceive(new long[][] {dS}, new int[] {16}, cS, nC, new int[] {29});
      return new Object[] {b, ch.traffic().rounds() - r0};
    }, ch -> {
      RowOt ot = ot(ch, false);
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
  void randomAndChosenOt_deliverTheChosenMessage_bothDirections() throws Exception {
    Random rnd = new Random(8);
    int n = 4096;
    long[] choices = bits(rnd, n);
    long[] m0 = values(rnd, n, 50);
    long[] m1 = values(rnd, n, 50);
    var res = TwoParties.inMemory(ch -> {
      RowOt ot = ot(ch, true);
      long[][] rm = ot.sendRandom(n, 64);
      ot.sendChosen(m0, m1, 50);
      long[] r = ot.receiveRandom(choices, n, 64);
      long[] c = ot.receiveChosen(choices, n, 50);
      return new long[][] {rm[0], rm[1], r, c};
    }, ch -> {
      RowOt ot = ot(ch, false);
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
        assertNotEquals(snd[0][i], snd[1][i], "random OT messages of one instance differ");
        assertEquals(b ? m1[i] : m0[i], rcv[3][i], "chosen OT " + i);
      }
    }
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
      RowOt ot = ot(ch, true);
      ot.setup();
      long r0 = ch.traffic().rounds();
      long[][][] r = ot.sendSegments(segs);
      return new Object[] {r, ch.traffic().rounds() - r0};
    }, ch -> ot(ch, false).receiveSegments(choices, shapes), 60);
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
    assertEquals(1L, res.server()[1], "the sender sees one round: the receiver's message arrives, y leaves");
  }
}
