package org.sirnn.ot.ferret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sirnn.ot.OtTestSupport.values;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sirnn.net.Channel;
import org.sirnn.test.TwoParties;

/**
 * What only Ferret has: 1-out-of-N from log2(N) COTs on random inputs with each party in both roles, the receiver's
 * hash, and the wire cost of every flavour. COT, random and chosen OT on both backends are in
 * {@link org.sirnn.ot.RowOtTest}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FerretOtTest {

  private static FerretOt server(Channel ch) {
    return new FerretOt(ch, true, new SecureRandom());
  }

  private static FerretOt client(Channel ch) {
    return new FerretOt(ch, false, new SecureRandom());
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
