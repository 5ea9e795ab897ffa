package org.sirnn.ot.iknp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sirnn.ot.OtTestSupport.assertCot;
import static org.sirnn.ot.OtTestSupport.bits;
import static org.sirnn.ot.OtTestSupport.values;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.net.FrameChannel;
import org.sirnn.test.LoopbackGrpc;
import org.sirnn.test.RecordingChannel;
import org.sirnn.test.TwoParties;

/**
 * What only IKNP has: its wire cost, fresh transcripts, and a run over gRPC. The flavours' correctness on both
 * backends is in {@link org.sirnn.ot.RowOtTest}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IknpOtTest {

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
