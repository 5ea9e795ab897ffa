package org.sirnn.ot.ferret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.test.TwoParties;

/** Random COTs of Ferret: the correlation, the cursor, iteration roll-over, freshness per session. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FerretCotTest {

  /**
   * A toy preset (trees of 2^10 leaves, small k) whose iterations end every ~14k COTs, to cross many iteration
   * boundaries cheaply. Far too small for security; tests only.
   */
  static final FerretParams.Preset TOY = new FerretParams.Preset("toy",
      new FerretParams("toy-main", 16 << 10, 2048, 16, 10),
      new FerretParams("toy-boot", 8 << 10, 1024, 8, 10));

  /** Checks t_i = q_i xor x_i Delta with x_i = bit 0 of t_i and bit 0 of q_i = 0; returns the number of x_i = 1. */
  static int assertCorrelated(long[] q, long[] t, long[] delta) {
    assertEquals(q.length, t.length);
    int ones = 0;
    for (int i = 0; i < q.length / 2; i++) {
      long x = t[2 * i] & 1;
      assertEquals(0, q[2 * i] & 1, "sender block " + i + " bit 0");
      assertEquals(q[2 * i] ^ (delta[0] & -x), t[2 * i], "COT " + i + " lo");
      assertEquals(q[2 * i + 1] ^ (delta[1] & -x), t[2 * i + 1], "COT " + i + " hi");
      ones += (int) x;
    }
    return ones;
  }

  /** Both directions, 10^6 COTs each, default preset: the correlation holds on every output; choices balanced. */
  @Test
  void correlationHolds_onAMillionOutputs_bothDirections() throws Exception {
    int n = 1_000_000;
    var res = TwoParties.inMemory(ch -> {
      FerretOt ot = new FerretOt(ch, true, new SecureRandom());
      long[] q = ot.randomCotsAsSender(n);
      long[] t = ot.randomCotsAsReceiver(n);
      return new long[][] {q, t, ot.senderEnd().delta()};
    }, ch -> {
      FerretOt ot = new FerretOt(ch, false, new SecureRandom());
      long[] t = ot.randomCotsAsReceiver(n);
      long[] q = ot.randomCotsAsSender(n);
      return new long[][] {q, t, ot.senderEnd().delta()};
    }, 100);
    long[][] s = res.server();
    long[][] c = res.client();
    int ones = assertCorrelated(s[0], c[1], s[2]); // server holds Delta
    assertTrue(Math.abs(ones - n / 2) < 2.5 * Math.sqrt(n), "choice bits biased: " + ones); // 5 sigma
    ones = assertCorrelated(c[0], s[1], c[2]); // client holds Delta
    assertTrue(Math.abs(ones - n / 2) < 2.5 * Math.sqrt(n), "choice bits biased: " + ones);
    assertEquals(1, s[2][0] & 1, "bit 0 of Delta");
    assertNotEquals(s[2][1], c[2][1], "each direction has its own Delta");
  }

  /**
   * The cursor hands out every COT once: batches of awkward sizes across many refills and iteration boundaries
   * stay correlated, never repeat a block, and produced = consumed + available at every step on both ends.
   */
  @Test
  void cursor_handsOutEachCotOnce_acrossRefillsAndIterations() throws Exception {
    int[] sizes = {1, 63, 64, 65, 4000, 1, 12_000, 30_000, 7, 50_000, 2, 14_000};
    var res = TwoParties.inMemory(ch -> {
      FerretOt ot = new FerretOt(ch, true, new SecureRandom(), TOY);
      FerretCot end = ot.senderEnd();
      long[][] out = new long[sizes.length][];
      for (int k = 0; k < sizes.length; k++) {
        out[k] = ot.randomCotsAsSender(sizes[k]);
        assertEquals(end.produced(), end.consumed() + end.available());
      }
      return new Object[] {out, end.delta(), end.consumed(), end.iterations()};
    }, ch -> {
      FerretOt ot = new FerretOt(ch, false, new SecureRandom(), TOY);
      FerretCot end = ot.receiverEnd();
      long[][] out = new long[sizes.length][];
      for (int k = 0; k < sizes.length; k++) {
        out[k] = ot.randomCotsAsReceiver(sizes[k]);
        assertEquals(end.produced(), end.consumed() + end.available());
      }
      return new Object[] {out, end.consumed()};
    }, 60);
    long[][] q = (long[][]) res.server()[0];
    long[][] t = (long[][]) res.client()[0];
    long[] delta = (long[]) res.server()[1];
    Set<String> seen = new HashSet<>();
    long total = 0;
    for (int k = 0; k < sizes.length; k++) {
      assertEquals(2 * sizes[k], q[k].length);
      assertCorrelated(q[k], t[k], delta);
      for (int i = 0; i < sizes[k]; i++) {
        assertTrue(seen.add(q[k][2 * i] + ":" + q[k][2 * i + 1]), "COT handed out twice (batch " + k + ")");
      }
      total += sizes[k];
    }
    assertEquals(total, (long) res.server()[2]);
    assertEquals(total, (long) res.client()[1]);
    assertTrue((int) res.server()[3] >= 8, "crossed several iterations: " + res.server()[3]);
  }

  /**
   * A batch prepared by ensure is what the next take of that size returns; a take of another size still gets the
   * COTs in order (the prepared batch goes back in front of the buffer). Correlated, never repeated, accounted.
   */
  @Test
  void ensureThenTake_samesizeOrNot_handsOutInOrderOnce() throws Exception {
    int[][] steps = {{40_000, 40_000}, {5_000, 3_000}, {0, 2_500}, {90_000, 90_000}, {1_000, 70_000}};
    var res = TwoParties.inMemory(ch -> {
      FerretOt ot = new FerretOt(ch, true, new SecureRandom(), TOY);
      FerretCot end = ot.senderEnd();
      long[][] out = new long[steps.length][];
      for (int k = 0; k < steps.length; k++) {
        end.ensure(ch, steps[k][0]);
        assertTrue(end.available() >= steps[k][0]);
        assertEquals(end.produced(), end.consumed() + end.available());
        out[k] = end.take(ch, steps[k][1]);
        assertEquals(end.produced(), end.consumed() + end.available());
      }
      return new Object[] {out, end.delta()};
    }, ch -> {
      FerretOt ot = new FerretOt(ch, false, new SecureRandom(), TOY);
      FerretCot end = ot.receiverEnd();
      long[][] out = new long[steps.length][];
      for (int k = 0; k < steps.length; k++) {
        end.ensure(ch, steps[k][0]);
        out[k] = end.take(ch, steps[k][1]);
      }
      return out;
    }, 60);
    long[][] q = (long[][]) res.server()[0];
    long[][] t = res.client();
    long[] delta = (long[]) res.server()[1];
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < steps.length; k++) {
      assertEquals(2 * steps[k][1], q[k].length);
      assertCorrelated(q[k], t[k], delta);
      for (int i = 0; i < steps[k][1]; i++) {
        assertTrue(seen.add(q[k][2 * i] + ":" + q[k][2 * i + 1]), "COT handed out twice (step " + k + ")");
      }
    }
  }

  /**
   * Parties with different Ferret schedules (here the same bootstrap, different main iterations) stop at setup with
   * a message instead of computing wrong COTs.
   */
  @Test
  void anotherPreset_isRefusedAtSetup() {
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> TwoParties.inMemory(
        ch -> new FerretOt(ch, true, new SecureRandom(), FerretParams.Preset.EMP_OT_2026).senderEnd(),
        ch -> new FerretOt(ch, false, new SecureRandom(), FerretParams.Preset.EMP_OT_B13).senderEnd(), 30));
    Throwable c = e;
    while (c.getCause() != null && !(c instanceof IllegalStateException)) {
      c = c.getCause();
    }
    assertTrue(String.valueOf(c.getMessage()).contains("another Ferret schedule"), String.valueOf(e));
  }

  /**
   * COTs asked for in advance are made in the setup (the offline phase): afterwards that many are taken in each
   * direction without a byte on the wire, correlated; the server caps a request at PRECOMPUTE_MAX.
   */
  @Test
  void precompute_makesTheAskedCotsInSetup_andTakingThemIsSilent() throws Exception {
    int serverSends = 50_000;
    int clientSends = 30_000;
    var res = TwoParties.inMemory(ch -> {
      FerretOt ot = new FerretOt(ch, true, new SecureRandom(), TOY);
      ot.setup();
      long bytes = ch.traffic().bytesSent() + ch.traffic().bytesReceived();
      long[] q = ot.randomCotsAsSender(serverSends);
      long[] t = ot.randomCotsAsReceiver(clientSends);
      long after = ch.traffic().bytesSent() + ch.traffic().bytesReceived();
      return new Object[] {q, t, ot.senderEnd().delta(), after - bytes};
    }, ch -> {
      FerretOt ot = new FerretOt(ch, false, new SecureRandom(), TOY);
      ot.precompute(serverSends, clientSends);
      ot.setup();
      assertTrue(ot.senderEnd().available() >= clientSends && ot.receiverEnd().available() >= serverSends);
      long[] t = ot.randomCotsAsReceiver(serverSends);
      long[] q = ot.randomCotsAsSender(clientSends);
      return new Object[] {q, t, ot.senderEnd().delta()};
    }, 60);
    assertCorrelated((long[]) res.server()[0], (long[]) res.client()[1], (long[]) res.server()[2]);
    assertCorrelated((long[]) res.client()[0], (long[]) res.server()[1], (long[]) res.client()[2]);
    assertEquals(0L, res.server()[3], "no silent extension online");
  }

  /** Taking from one end hands out the next blocks: two takes never overlap, the buffer's copy is wiped. */
  @Test
  void take_wipesWhatItHandsOut() throws Exception {
    var res = TwoParties.inMemory(ch -> {
      FerretOt ot = new FerretOt(ch, true, new SecureRandom(), TOY);
      FerretCot end = ot.senderEnd();
      int before = end.available();
      long[] a = end.take(ch, 10);
      long[] b = end.take(ch, 10);
      return new Object[] {a, b, before - end.available()};
    }, ch -> {
      FerretOt ot = new FerretOt(ch, false, new SecureRandom(), TOY);
      ot.receiverEnd().take(ch, 20);
      return null;
    }, 30);
    long[] a = (long[]) res.server()[0];
    long[] b = (long[]) res.server()[1];
    assertEquals(20, res.server()[2]);
    for (int i = 0; i < 10; i++) {
      assertFalse(a[2 * i] == b[2 * i] && a[2 * i + 1] == b[2 * i + 1]);
    }
  }

  /** Two sessions share nothing: different Deltas, different COTs, different code keys' outputs. */
  @Test
  void eachSession_isFresh() throws Exception {
    long[][] deltas = new long[2][];
    long[][] first = new long[2][];
    for (int run = 0; run < 2; run++) {
      var res = TwoParties.inMemory(ch -> {
        FerretOt ot = new FerretOt(ch, true, new SecureRandom(), TOY);
        return new long[][] {ot.senderEnd().delta(), ot.randomCotsAsSender(4)};
      }, ch -> new FerretOt(ch, false, new SecureRandom(), TOY).randomCotsAsReceiver(4), 30);
      deltas[run] = res.server()[0];
      first[run] = res.server()[1];
    }
    assertNotEquals(deltas[0][1], deltas[1][1]);
    assertNotEquals(first[0][1], first[1][1]);
  }
}
