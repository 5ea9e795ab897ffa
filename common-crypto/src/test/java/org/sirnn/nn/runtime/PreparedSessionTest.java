package org.sirnn.nn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sirnn.math.MathFunction;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.grpc.SessionGate;
import org.sirnn.ot.OtBackend;
import org.sirnn.test.LoopbackGrpc;

/**
 * The offline/online split over real gRPC (issue 18, item 4): a session prepared before the input exists (setup
 * done) runs one inference equal to the twin; the online part carries no setup; a prepared session is used once;
 * its header is checked as any other; an unused one frees its server slot.
 */
@Timeout(120)
class PreparedSessionTest {
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  @ParameterizedTest
  @EnumSource(OtBackend.class)
  void preparedSession_runsOneInferenceEqualToTheTwin_withTheSetupOffline(OtBackend ot) throws Exception {
    MathFunctionModel sigmoid = MathFunctionModel.of(MathFunction.SIGMOID, 16, 12, 12, 64);
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(ModelRepository.of(sigmoid), ot),
        FrameChannel.Options.defaults())) {
      PreparedSession s = PreparedSession.open(link.client, ot, FrameChannel.Options.defaults(), DEADLINE);
      long setupBytes = s.setupTraffic().bytes();
      assertTrue(setupBytes > 0 && s.setupTraffic().rounds() > 0, "setup ran offline: " + s.setupTraffic());
      long[] x = {0, 4096, -4096, 32767, -32768, 1, -1};
      long[] y = s.run(sigmoid, x, x.length);
      assertArrayEquals(sigmoid.twin(x, x.length), y);
      // the online part is what the channel carried after the setup: no base OTs in it
      var scopes = s.channel().traffic().snapshot();
      assertTrue(scopes.containsKey("setup"), scopes.keySet().toString());
      long setupScope = scopes.get("setup").bytes();
      assertTrue(setupScope <= setupBytes && setupBytes - setupScope < 1024,
          "offline = the two hellos + the setup scope: " + setupBytes + " vs " + setupScope);
      assertThrows(IllegalStateException.class, () -> s.run(sigmoid, x, x.length), "used once only");
    }
  }

  /** With Ferret, the next prepared session asks its setup for what the last inferences used, and still = twin. */
  @Test
  void ferretPreparedSessions_askTheirSetupForWhatTheLastInferencesUsed() throws Exception {
    MathFunctionModel sigmoid = MathFunctionModel.of(MathFunction.SIGMOID, 16, 12, 12, 64);
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(ModelRepository.of(sigmoid), OtBackend.FERRET),
        FrameChannel.Options.defaults())) {
      long[] x = {0, 4096, -4096, 32767, -32768, 1, -1};
      PreparedSession first = PreparedSession.open(link.client, OtBackend.FERRET, FrameChannel.Options.defaults(),
          DEADLINE);
      assertArrayEquals(sigmoid.twin(x, x.length), first.run(sigmoid, x, x.length));
      long[] ask = PreparedSession.ferretAdvance();
      assertTrue(ask[0] > 0 && ask[1] > 0, "COTs of both directions remembered: " + ask[0] + ", " + ask[1]);
      PreparedSession next = PreparedSession.open(link.client, OtBackend.FERRET, FrameChannel.Options.defaults(),
          DEADLINE);
      assertArrayEquals(sigmoid.twin(x, x.length), next.run(sigmoid, x, x.length));
    }
  }

  @Test
  void theHeaderOfAPreparedSession_isCheckedAsAnyOther() throws Exception {
    MathFunctionModel served = MathFunctionModel.of(MathFunction.SIGMOID, 16, 12, 12, 8);
    MathFunctionModel other = MathFunctionModel.of(MathFunction.SIGMOID, 16, 12, 11, 8); // another plan
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(ModelRepository.of(served)),
        FrameChannel.Options.defaults())) {
      PreparedSession s = PreparedSession.open(link.client, OtBackend.IKNP, FrameChannel.Options.defaults(),
          DEADLINE);
      ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
          () -> s.run(renamed(other, served.plan().name()), new long[] {1}, 1));
      assertTrue(e.getMessage().contains("plan"), e.getMessage());
      PreparedSession big = PreparedSession.open(link.client, OtBackend.IKNP, FrameChannel.Options.defaults(),
          DEADLINE);
      MathFunctionModel wider = MathFunctionModel.of(MathFunction.SIGMOID, 16, 12, 12, 64); // same plan, larger cap
      ProtocolAbortException limit = assertThrows(ProtocolAbortException.class,
          () -> big.run(wider, new long[9], 9));
      assertEquals(ProtocolAbortException.Reason.LIMIT, limit.reason(), limit.getMessage());
    }
  }

  @Test
  void aServerOnAnotherBackend_refusesThePreparedSessionAtOnce() throws Exception {
    MathFunctionModel sigmoid = MathFunctionModel.of(MathFunction.SIGMOID, 16, 12, 12, 8);
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(ModelRepository.of(sigmoid), OtBackend.FERRET),
        FrameChannel.Options.defaults())) {
      ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
          () -> PreparedSession.open(link.client, OtBackend.IKNP, FrameChannel.Options.defaults(), DEADLINE));
      assertTrue(e.getMessage().contains("ferret"), e.getMessage());
    }
  }

  @Test
  void anUnusedPreparedSession_freesItsServerSlot() throws Exception {
    MathFunctionModel sigmoid = MathFunctionModel.of(MathFunction.SIGMOID, 16, 12, 12, 8);
    SessionGate gate = new SessionGate(1, 1L << 30, null);
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(ModelRepository.of(sigmoid)),
        FrameChannel.Options.defaults(), gate)) {
      PreparedSession s = PreparedSession.open(link.client, OtBackend.IKNP, FrameChannel.Options.defaults(),
          DEADLINE);
      assertEquals(1, gate.active());
      s.close();
      long until = System.nanoTime() + 5_000_000_000L;
      while (gate.active() != 0 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertEquals(0, gate.active());
      PreparedSession next = PreparedSession.open(link.client, OtBackend.IKNP, FrameChannel.Options.defaults(),
          DEADLINE);
      assertArrayEquals(sigmoid.twin(new long[] {5}, 1), next.run(sigmoid, new long[] {5}, 1));
    }
  }

  /** {@code m} under another model's name (same plan otherwise): the fingerprint still tells them apart. */
  private static MathFunctionModel renamed(MathFunctionModel m, String name) {
    return new MathFunctionModel(name, m.function(), 16, 12, 11, 32767, 8, "renamed");
  }
}
