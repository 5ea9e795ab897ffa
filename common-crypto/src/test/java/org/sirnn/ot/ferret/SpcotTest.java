package org.sirnn.ot.ferret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sirnn.prg.Prg;
import org.sirnn.test.TwoParties;

/** The GGM single-point COT on its own, fed with correlated OTs made up in the test. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpcotTest {

  /**
   * g trees of depth h: the receiver's leaves equal the sender's everywhere but at alpha (set by its COT choices,
   * alpha_L = 1 - c_L), where they differ by Delta; bit 0 of every sender leaf is 0; the message is (2h + 1) blocks a
   * tree. (g, h) include one level wider than an AES chunk and trees of 2^13 leaves as in the main preset.
   */
  @ParameterizedTest
  @CsvSource({"1, 2", "3, 3", "5, 9", "64, 10", "2, 13", "9, 7"})
  void receiverMatchesSenderExceptAtAlpha(int g, int h) throws Exception {
    Random rnd = new Random(31L * g + h);
    long[] delta = {rnd.nextLong() | 1L, rnd.nextLong()};
    int off = 5; // the trees' COTs need not start at block 0
    int nc = off + g * h;
    long[] q = new long[2 * nc];
    long[] t = new long[2 * nc];
    for (int i = 0; i < nc; i++) {
      long c = rnd.nextInt(2);
      q[2 * i] = rnd.nextLong() & ~1L;
      q[2 * i + 1] = rnd.nextLong();
      t[2 * i] = q[2 * i] ^ (delta[0] & -c);
      t[2 * i + 1] = q[2 * i + 1] ^ (delta[1] & -c);
    }
    long tweak = 77;
    var res = TwoParties.inMemory(ch -> {
      long[] w = new long[2 * (g << h)];
      Spcot.send(ch, h, g, delta, q, off, tweak, Prg.fresh(), w);
      ch.flush();
      return w;
    }, ch -> {
      long[] v = new long[2 * (g << h)];
      Spcot.receive(ch, h, g, t, off, tweak, v);
      return v;
    }, 30);
    long[] w = res.server();
    long[] v = res.client();
    for (int j = 0; j < g; j++) {
      int alpha = 0;
      for (int lv = 0; lv < h; lv++) {
        alpha = 2 * alpha + 1 - (int) (t[2 * (off + j * h + lv)] & 1);
      }
      for (int i = 0; i < 1 << h; i++) {
        int b = (j << h) + i;
        assertEquals(0, w[2 * b] & 1, "sender leaf bit 0");
        long dl = i == alpha ? delta[0] : 0;
        long dh = i == alpha ? delta[1] : 0;
        assertEquals(w[2 * b] ^ dl, v[2 * b], "tree " + j + " leaf " + i + " (alpha " + alpha + ") lo");
        assertEquals(w[2 * b + 1] ^ dh, v[2 * b + 1], "tree " + j + " leaf " + i + " hi");
      }
    }
    assertNotEquals(w[0], w[2], "leaves look random");
  }
}
