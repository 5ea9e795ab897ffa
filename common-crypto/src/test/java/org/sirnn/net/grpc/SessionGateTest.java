package org.sirnn.net.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.ProtocolAbortException.Reason;
import org.sirnn.test.LoopbackGrpc;

/**
 * Issue 17, item 2: beyond the session limit a session is refused at once with RESOURCE_EXHAUSTED (not queued),
 * a session's estimated memory is reserved against the budget, and no session outlives the session deadline.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionGateTest {

  /** Echoes one vector, after waiting for {@code release} when it is not null. */
  private static PartyLinkService.SessionHandler echo(CountDownLatch release) {
    return (hello, ch) -> {
      if (release != null) {
        release.await(30, TimeUnit.SECONDS);
      }
      ch.sendLongs(ch.receiveLongs(2, 16), 16);
      ch.flush();
    };
  }

  private static long[] roundTrip(FrameChannel ch) {
    ch.sendLongs(new long[] {7, 9}, 16);
    ch.flush();
    long[] back = ch.receiveLongs(2, 16);
    ch.close();
    return back;
  }

  @Test
  void beyondMaxSessions_refusedAtOnceWithBusy_thenServedWhenFree() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    SessionGate gate = new SessionGate(1, 1L << 30, null);
    try (LoopbackGrpc link = new LoopbackGrpc(echo(release), FrameChannel.Options.defaults(), gate)) {
      FrameChannel first = link.open("m");
      long t0 = System.nanoTime();
      ProtocolAbortException busy = assertThrows(ProtocolAbortException.class, () -> {
        FrameChannel second = link.open("m");
        second.receiveLongs(1, 8);
      });
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(Reason.BUSY, busy.reason(), busy.getMessage());
      assertTrue(busy.getMessage().contains("--max-sessions 1"), busy.getMessage());
      assertTrue(ms < 5_000, "refused after " + ms + " ms, not at once");
      release.countDown();
      assertArrayEquals(new long[] {7, 9}, roundTrip(first));
      // the first session freed its slot before its goodbye: the next one is admitted at once
      assertArrayEquals(new long[] {7, 9}, roundTrip(link.open("m")));
      assertEquals(0, gate.active());
    }
  }

  @Test
  void memoryBudget_refusesWhatDoesNotFit_andFreesWhatEnded() throws Exception {
    SessionGate gate = new SessionGate(8, 100L << 20, null);
    PartyLinkService.SessionHandler sized = new PartyLinkService.SessionHandler() {
      @Override
      public void run(org.sirnn.proto.Hello hello, FrameChannel ch) throws Exception {
        echo(null).run(hello, ch);
      }

      @Override
      public long memoryBytes(org.sirnn.proto.Hello hello) {
        return hello.getModel().equals("big") ? 200L << 20 : 60L << 20;
      }
    };
    try (LoopbackGrpc link = new LoopbackGrpc(sized, FrameChannel.Options.defaults(), gate)) {
      ProtocolAbortException big = assertThrows(ProtocolAbortException.class, () -> link.open("big"));
      assertEquals(Reason.BUSY, big.reason(), big.getMessage());
      assertTrue(big.getMessage().contains("--memory-budget") && big.getMessage().contains("200 MiB"),
          big.getMessage());
      for (int i = 0; i < 3; i++) { // 60 MiB each, one after the other: each frees its share
        assertArrayEquals(new long[] {7, 9}, roundTrip(link.open("small")));
      }
      assertEquals(0, gate.memoryReserved());
    }
  }

  @Test
  void sessionDeadline_endsALongSession() throws Exception {
    SessionGate gate = new SessionGate(4, 1L << 30, Duration.ofMillis(500));
    CountDownLatch never = new CountDownLatch(1);
    PartyLinkService.SessionHandler slow = (hello, ch) -> {
      // keeps the client waiting far beyond the deadline, without ever going silent for the idle timeout
      ch.receiveLongs(1, 8);
      never.await(20, TimeUnit.SECONDS);
    };
    try (LoopbackGrpc link = new LoopbackGrpc(slow, FrameChannel.Options.defaults()
        .withReceiveTimeout(Duration.ofSeconds(30)), gate)) {
      FrameChannel ch = link.open("m");
      ch.sendLongs(new long[] {1}, 8);
      ch.flush();
      long t0 = System.nanoTime();
      ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> ch.receiveLongs(1, 8));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < 10_000, "ended after " + ms + " ms");
      assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
      never.countDown();
    }
  }
}
