package org.sirnn.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.SigmoidParams;
import org.sirnn.math.MathFunction;
import org.sirnn.nn.runtime.MathFunctionModel;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.math.Sigmoid;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.FrameChannel;
import org.sirnn.ring.Ring;
import org.sirnn.test.RecordingChannel;
import org.sirnn.test.TwoParties;

/**
 * Two sessions on the same input do not repeat themselves: each party's whole transcript (everything it sent,
 * base OTs included) differs between the sessions, so a transcript cannot be linked to an input by replaying it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TranscriptFreshnessTest {
  static final int N = 64;

  static long[] inputs() {
    long[] x = new long[N];
    for (int i = 0; i < N; i++) {
      x[i] = Math.round((-6.0 + 12.0 * i / (N - 1)) * 4096) & Ring.mask(16);
    }
    return x;
  }

  static long[] twin(long[] x) {
    long[] y = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = ClearMath.sigmoid(x[i], new SigmoidParams(16, 12, 16, 12));
    }
    return y;
  }

  record Transcripts(String server, String client, List<long[]> serverVectors, List<long[]> clientVectors) {}

  /** One sigmoid session (the sigmoid math model through the session runner) with both parties' sends recorded. */
  static Transcripts mathSession(long[] x) throws Exception {
    FrameChannel[] pair = FrameChannel.inMemoryPair();
    RecordingChannel srv = new RecordingChannel(pair[0]);
    RecordingChannel cli = new RecordingChannel(pair[1]);
    MathFunctionModel sigmoid = MathFunctionModel.of(MathFunction.SIGMOID, 16, 12, 12, x.length);
    var r = TwoParties.run(srv, cli, ch -> {
      SessionRunner.runServer(ch, sigmoid, x.length);
      return null;
    }, ch -> SessionRunner.runClient(ch, sigmoid, Ring.signedView(x, 16), x.length), 60);
    assertArrayEquals(Ring.signedView(twin(x), 16), r.client());
    return new Transcripts(srv.transcriptDigest(), cli.transcriptDigest(), srv.sentVectors(), cli.sentVectors());
  }

  @Test
  void mathSessionSigmoid_twoSessionsSameInput_differentTranscriptsOnBothSides() throws Exception {
    long[] x = inputs();
    Transcripts a = mathSession(x);
    Transcripts b = mathSession(x);
    assertNotEquals(a.server(), b.server(), "server transcripts of two sessions on the same input");
    assertNotEquals(a.client(), b.client(), "client transcripts of two sessions on the same input");
    // the same message structure (the protocol is input-independent), but the contents differ
    assertEquals(a.clientVectors().size(), b.clientVectors().size());
    assertEquals(a.serverVectors().size(), b.serverVectors().size());
    // only the public header may repeat among the client's messages of 8 or more values
    int repeated = 0;
    for (int i = 0; i < a.clientVectors().size(); i++) {
      long[] u = a.clientVectors().get(i);
      if (u.length >= 8 && java.util.Arrays.equals(u, b.clientVectors().get(i))) {
        repeated++;
      }
    }
    assertEquals(0, repeated, "client messages of >= 8 values repeated verbatim across sessions");
  }

  @Test
  void sigmoidOverParties_twoRunsSameShares_differentTranscripts() throws Exception {
    // the same secret and even the same input shares: only the protocol's own randomness differs
    long[] x = inputs();
    long[] x0 = new long[N];
    long[] x1 = new long[N];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    for (int i = 0; i < N; i++) {
      x0[i] = rnd.nextLong() & Ring.mask(16);
      x1[i] = (x[i] - x0[i]) & Ring.mask(16);
    }
    String[] digests = new String[2];
    for (int run = 0; run < 2; run++) {
      FrameChannel[] pair = FrameChannel.inMemoryPair();
      RecordingChannel srv = new RecordingChannel(pair[0]);
      RecordingChannel cli = new RecordingChannel(pair[1]);
      var r = TwoParties.run(srv, cli, ch -> {
        Party p = new Party(Party.Role.SERVER, ch);
        long[] y = Sigmoid.sigmoid(p, x0, 16, 12, 16, 12);
        return Sharing.openTo(p, Party.Role.CLIENT, y, 16);
      }, ch -> {
        Party p = new Party(Party.Role.CLIENT, ch);
        long[] y = Sigmoid.sigmoid(p, x1, 16, 12, 16, 12);
        return Sharing.openTo(p, Party.Role.CLIENT, y, 16);
      }, 60);
      assertArrayEquals(twin(x), r.client());
      digests[run] = srv.transcriptDigest() + "/" + cli.transcriptDigest();
    }
    String[] a = digests[0].split("/");
    String[] b = digests[1].split("/");
    assertNotEquals(a[0], b[0], "server transcript repeated");
    assertNotEquals(a[1], b[1], "client transcript repeated");
  }
}
