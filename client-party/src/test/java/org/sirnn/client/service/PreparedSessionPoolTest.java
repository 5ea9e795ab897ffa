package org.sirnn.client.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.math.MathFunction;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.grpc.SessionGate;
import org.sirnn.nn.runtime.MathFunctionModel;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.PreparedSession;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.ot.OtBackend;
import org.sirnn.test.LoopbackGrpc;

/**
 * The session pool of {@code serve} (issue 18, item 4) against a real PartyLink server: topped up in the
 * background, each pooled session used for one inference only, stale ones retired before the server gives up on
 * them, and a restart of the pool starts from fresh sessions.
 */
@Timeout(120)
class PreparedSessionPoolTest {
  private static final MathFunctionModel SIGMOID = MathFunctionModel.of(MathFunction.SIGMOID, 16, 12, 12, 64);

  private static PreparedSession open(LoopbackGrpc link) {
    return PreparedSession.open(link.client, OtBackend.IKNP, FrameChannel.Options.defaults(), Duration.ofMinutes(2));
  }

  @Test
  void pooledSessions_areFreshAndUsedOnce() throws Exception {
    SessionGate gate = new SessionGate(8, 1L << 30, null);
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(ModelRepository.of(SIGMOID)),
        FrameChannel.Options.defaults(), gate);
        PreparedSessionPool pool = new PreparedSessionPool(2, Duration.ofSeconds(30), () -> open(link)).start()) {
      assertTrue(pool.awaitReady(2, Duration.ofSeconds(30)), "pool filled");
      Set<String> ids = new HashSet<>();
      long[] x = {0, 4096, -4096};
      for (int i = 0; i < 5; i++) {
        PreparedSession s = pool.take();
        if (s == null) { // the filler has not caught up: wait for the next one
          assertTrue(pool.awaitReady(1, Duration.ofSeconds(30)));
          s = pool.take();
        }
        assertTrue(ids.add(s.id()), "a pooled session was handed out twice");
        assertArrayEquals(SIGMOID.twin(x, 3), s.run(SIGMOID, x, 3));
      }
      var st = pool.stats();
      assertEquals(5, st.taken());
      assertTrue(st.made() >= 5 && st.setupBytesPerSession() > 0, st.toString());
    }
  }

  @Test
  void staleSessions_areRetiredAndReplaced_andAClosedPoolFreesTheServer() throws Exception {
    SessionGate gate = new SessionGate(8, 1L << 30, null);
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(ModelRepository.of(SIGMOID)),
        FrameChannel.Options.defaults(), gate)) {
      PreparedSession first;
      try (PreparedSessionPool pool = new PreparedSessionPool(1, Duration.ofMillis(300), () -> open(link))
          .start()) {
        assertTrue(pool.awaitReady(1, Duration.ofSeconds(30)));
        Thread.sleep(1500);
        assertTrue(pool.stats().retired() >= 1, "stale sessions retired: " + pool.stats());
        assertTrue(pool.awaitReady(1, Duration.ofSeconds(30)));
        first = pool.take();
        if (first == null) {
          assertTrue(pool.awaitReady(1, Duration.ofSeconds(30)));
          first = pool.take();
        }
        assertArrayEquals(SIGMOID.twin(new long[] {7}, 1), first.run(SIGMOID, new long[] {7}, 1));
      }
      long until = System.nanoTime() + 5_000_000_000L;
      while (gate.active() != 0 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertEquals(0, gate.active(), "a closed pool leaves no session on the server");
      // a new pool (a restart) prepares new sessions: nothing of the old one is handed out
      try (PreparedSessionPool again = new PreparedSessionPool(1, Duration.ofSeconds(30), () -> open(link))
          .start()) {
        assertTrue(again.awaitReady(1, Duration.ofSeconds(30)));
        PreparedSession s = again.take();
        assertNotSame(first, s);
        assertTrue(!s.id().equals(first.id()));
      }
    }
  }

  @Test
  void anEmptyPool_answersNull() {
    try (PreparedSessionPool pool = new PreparedSessionPool(1, Duration.ofSeconds(30), () -> {
      throw new IllegalStateException("server-party unreachable");
    })) {
      assertNull(pool.take());
    }
  }
}
