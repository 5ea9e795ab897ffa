package org.sirnn.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.SigmoidParams;
import org.sirnn.math.MathFunction;
import org.sirnn.nn.runtime.MathFunctionModel;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.FrameChannel;
import org.sirnn.ring.Ring;
import org.sirnn.test.TwoParties;

/**
 * What the server (model owner) sees of the client's data: the shares it receives for the client's input are
 * uniform whatever the input, and when the result is opened to the client the server receives nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShareUniformityTest {
  /** Samples per run: 2^18, i.e. 1024 expected per bucket of 256. */
  static final int SAMPLES = 1 << 18;
  /** Reject uniformity below this p-value (a correct sharing fails one run with probability ~2e-4, two with ~4e-8). */
  static final double ALPHA = 1e-4;
  static final int BITS = 16;

  /** The vector the server received when the client shared {@code secret} (n copies) as owner. */
  static long[] serverViewOfShare(long secret, int n) throws Exception {
    long[] x = new long[n];
    java.util.Arrays.fill(x, secret & Ring.mask(BITS));
    FrameChannel[] pair = FrameChannel.inMemoryPair();
    ViewChannel server = new ViewChannel(pair[0]);
    var r = TwoParties.run(server, pair[1],
        ch -> Sharing.share(new Party(Party.Role.SERVER, ch), Party.Role.CLIENT, null, n, BITS),
        ch -> Sharing.share(new Party(Party.Role.CLIENT, ch), Party.Role.CLIENT, x, n, BITS), 60);
    // the server's whole view is one message, and it is the share it returns
    List<ViewChannel.Event> seen = server.received();
    assertEquals(1, seen.size(), "one message to the server");
    assertEquals(BITS, seen.get(0).bitwidth());
    assertArrayEquals(r.server(), seen.get(0).values());
    assertEquals(0, server.sent().size(), "the server sends nothing when the client shares");
    // and the shares do add up to the secret
    for (int i = 0; i < n; i++) {
      assertEquals(x[i], (r.server()[i] + r.client()[i]) & Ring.mask(BITS));
    }
    return seen.get(0).values();
  }

  /** p-values of the low and the high byte of {@code v} against uniform over 256 buckets. */
  static double[] bytePValues(long[] v) {
    long[] lo = new long[256];
    long[] hi = new long[256];
    for (long s : v) {
      lo[(int) (s & 0xFF)]++;
      hi[(int) ((s >>> 8) & 0xFF)]++;
    }
    return new double[] {ChiSquare.pValue(ChiSquare.statistic(lo), 255),
        ChiSquare.pValue(ChiSquare.statistic(hi), 255)};
  }

  /** Passes if one of at most two independent runs passes both byte tests. */
  static void assertUniformShares(long secret) throws Exception {
    StringBuilder runs = new StringBuilder();
    for (int attempt = 0; attempt < 2; attempt++) {
      double[] p = bytePValues(serverViewOfShare(secret, SAMPLES));
      runs.append(String.format(" run %d: p(low byte) = %.4g, p(high byte) = %.4g;", attempt, p[0], p[1]));
      if (p[0] > ALPHA && p[1] > ALPHA) {
        System.out.println("share uniformity, secret " + secret + ":" + runs);
        return;
      }
    }
    throw new AssertionError("server's shares of a constant " + secret + " are not uniform:" + runs);
  }

  @Test
  void chiSquarePValuesMatchKnownValues() {
    // df = 2: Q(1, x/2) = exp(-x/2), so x = 2 ln 20 has p = 0.05
    assertEquals(0.05, ChiSquare.pValue(2 * Math.log(20), 2), 1e-12);
    // df = 255: mean 255, median about 254.33; 5% critical value 293.25, 0.01% critical value about 346.4
    assertEquals(0.5, ChiSquare.pValue(254.33, 255), 0.01);
    assertEquals(0.05, ChiSquare.pValue(293.25, 255), 0.002);
    assertTrue(ChiSquare.pValue(360, 255) < ALPHA);
    assertEquals(1.0, ChiSquare.pValue(0, 255));
  }

  @Test
  void chiSquareTestHasPower_aSlightlyBiasedSampleFails() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom();
    long[] v = new long[SAMPLES];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextInt(1 << 16);
      if (i % 16 == 0) {
        v[i] &= ~0x0101L; // 1 value in 16 has bit 0 and bit 8 cleared: a 3% bias per byte
      }
    }
    double[] p = bytePValues(v);
    assertTrue(p[0] < ALPHA && p[1] < ALPHA, "bias not detected: " + p[0] + ", " + p[1]);
  }

  @Test
  void serverSharesOfAllZeroClientInputAreUniform() throws Exception {
    assertUniformShares(0);
  }

  @Test
  void serverSharesOfAConstantNonzeroClientInputAreUniform() throws Exception {
    assertUniformShares(-23456);
  }

  @Test
  void openToClient_serverSendsItsShareAndReceivesNothing() throws Exception {
    int n = 1000;
    FrameChannel[] pair = FrameChannel.inMemoryPair();
    ViewChannel server = new ViewChannel(pair[0]);
    long[] serverShare = new long[n];
    long[] clientShare = new long[n];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom();
    for (int i = 0; i < n; i++) {
      serverShare[i] = rnd.nextLong() & Ring.mask(BITS);
      clientShare[i] = rnd.nextLong() & Ring.mask(BITS);
    }
    var r = TwoParties.run(server, pair[1],
        ch -> java.util.Optional.ofNullable(
            Sharing.openTo(new Party(Party.Role.SERVER, ch), Party.Role.CLIENT, serverShare, BITS)),
        ch -> Sharing.openTo(new Party(Party.Role.CLIENT, ch), Party.Role.CLIENT, clientShare, BITS), 30);
    assertTrue(r.server().isEmpty(), "the server learns no output");
    assertEquals(0, server.received().size(), "the server receives nothing when the client opens");
    assertEquals(0, pair[0].traffic().bytesReceived());
    assertEquals(1, server.sent().size());
    assertArrayEquals(serverShare, server.sent().get(0).values(), "the server sends exactly its own share");
    for (int i = 0; i < n; i++) {
      assertEquals((serverShare[i] + clientShare[i]) & Ring.mask(BITS), r.client()[i]);
    }
  }

  @Test
  void sigmoidSession_serverViewEndsWithItsOutputShare_andHoldsNoInputOrOutput() throws Exception {
    int n = 256;
    long[] x = new long[n];
    long[] want = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.round((-8.0 + 16.0 * i / (n - 1)) * 4096) & Ring.mask(BITS);
      want[i] = ClearMath.sigmoid(x[i], new SigmoidParams(16, 12, 16, 12));
    }
    FrameChannel[] pair = FrameChannel.inMemoryPair();
    ViewChannel server = new ViewChannel(pair[0]);
    MathFunctionModel sigmoid = MathFunctionModel.of(MathFunction.SIGMOID, BITS, 12, 12, n);
    var r = TwoParties.run(server, pair[1], ch -> {
      SessionRunner.runServer(ch, sigmoid, n);
      return null;
    }, ch -> SessionRunner.runClient(ch, sigmoid, Ring.signedView(x, BITS), n), 60);
    assertArrayEquals(Ring.signedView(want, BITS), r.client(), "the session computes the twin");

    List<ViewChannel.Event> events = server.events();
    ViewChannel.Event last = events.get(events.size() - 1);
    assertTrue(last.sent() && last.count() == n && last.bitwidth() == BITS,
        "the server's last message is its n-value output share: " + last);
    // nothing after the server's output share: the server never sees the opened result
    List<ViewChannel.Event> received = server.received();
    assertTrue(events.indexOf(received.get(received.size() - 1)) < events.size() - 1);
    // its output share is not the output (each value equal with probability 2^-16)
    int same = 0;
    for (int i = 0; i < n; i++) {
      same += last.values()[i] == want[i] ? 1 : 0;
    }
    assertTrue(same < 8, same + " of " + n + " output share values equal the output");
    // (the public session header travels in the hello, outside this channel) no received vector of n values is the
    // input or the output
    for (ViewChannel.Event e : received) {
      if (e.count() == n) {
        assertTrue(!java.util.Arrays.equals(e.values(), x) && !java.util.Arrays.equals(e.values(), want),
            "the server received the cleartext input or output");
      }
    }
  }
}
