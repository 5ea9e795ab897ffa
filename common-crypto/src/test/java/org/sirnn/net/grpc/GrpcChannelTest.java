package org.sirnn.net.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.ProtocolAbortException.Reason;
import org.sirnn.ring.Ring;
import org.sirnn.test.LoopbackGrpc;

@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GrpcChannelTest {

  private static final int[] WIDTHS = {1, 7, 16, 37, 64};
  private static final int[] SIZES = {1, 1000, 2_000_000};

  @Test
  void vectors_roundTripOverLoopbackGrpc() throws Exception {
    PartyLinkService.SessionHandler echo = (hello, ch) -> {
      for (int l : WIDTHS) {
        for (int n : SIZES) {
          long[] v = ch.receiveLongs(n, l);
          ch.sendLongs(v, l);
        }
      }
      long[] blocks = new long[2 * 5000];
      ch.receiveBlocks(blocks, 0, 5000);
      ch.sendBlocks(blocks, 0, 5000);
      long[] bits = ch.receiveBits(12345);
      ch.sendBits(bits, 12345);
    };
    try (LoopbackGrpc link = new LoopbackGrpc(echo, FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open("echo");
      Random rnd = new Random(3);
      for (int l : WIDTHS) {
        for (int n : SIZES) {
          long[] v = new long[n];
          for (int i = 0; i < n; i++) {
            v[i] = rnd.nextLong() & Ring.mask(l);
          }
          ch.sendLongs(v, l);
          assertArrayEquals(v, ch.receiveLongs(n, l), "l=" + l + " n=" + n);
        }
      }
      long[] blocks = new long[2 * 5000];
      for (int i = 0; i < blocks.length; i++) {
        blocks[i] = rnd.nextLong();
      }
      ch.sendBlocks(blocks, 0, 5000);
      long[] back = new long[blocks.length];
      ch.receiveBlocks(back, 0, 5000);
      assertArrayEquals(blocks, back);
      long[] bits = new long[(12345 + 63) / 64];
      for (int i = 0; i < bits.length; i++) {
        bits[i] = rnd.nextLong();
      }
      bits[bits.length - 1] &= (1L << (12345 % 64)) - 1;
      ch.sendBits(bits, 12345);
      assertArrayEquals(bits, ch.receiveBits(12345));
      ch.close();
      long payload = 5000 * 16 + (12345 + 7) / 8; // blocks and bits
      for (int l : WIDTHS) {
        for (int n : SIZES) {
          payload += ((long) n * l + 7) / 8;
        }
      }
      long sent = ch.traffic().bytesSent();
      long pieces = payload / FrameChannel.PIECE_BYTES + 1; // large vectors travel in pieces of at most this size
      assertTrue(sent >= payload && sent < payload + 2000 + 32 * pieces, "sent " + sent + " for " + payload
          + " payload bytes");
      assertTrue(Math.abs(sent - ch.traffic().bytesReceived()) < 100, "echo: about the same bytes both ways");
    }
  }

  @Test
  void bothSidesSendingLargeMessagesAtOnce_doNotDeadlock() throws Exception {
    int n = 3_000_000; // 24 MB each way, far beyond the flow-control windows
    long[] mine = new long[n];
    for (int i = 0; i < n; i++) {
      mine[i] = i * 31L;
    }
    PartyLinkService.SessionHandler swap = (hello, ch) -> {
      ch.sendLongs(mine, 64);
      ch.flush();
      long[] theirs = ch.receiveLongs(n, 64);
      ch.sendLongs(new long[] {theirs[n - 1]}, 64);
    };
    try (LoopbackGrpc link = new LoopbackGrpc(swap, FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open("swap");
      ch.sendLongs(mine, 64);
      ch.flush();
      assertArrayEquals(mine, ch.receiveLongs(n, 64));
      assertEquals(mine[n - 1], ch.receiveLongs(1, 64)[0]);
      ch.close();
    }
  }

  @Test
  void clientVanishing_endsServerSessionWithinDeadline() throws Exception {
    CompletableFuture<Throwable> serverOutcome = new CompletableFuture<>();
    CompletableFuture<Void> serverWaiting = new CompletableFuture<>();
    PartyLinkService.SessionHandler waiter = (hello, ch) -> {
      serverWaiting.complete(null);
      try {
        ch.receiveLongs(1, 8);
        serverOutcome.complete(null);
      } catch (Throwable t) {
        serverOutcome.complete(t);
        throw t;
      }
    };
    try (LoopbackGrpc link = new LoopbackGrpc(waiter, FrameChannel.Options.defaults())) {
      link.open("m");
      serverWaiting.get(10, TimeUnit.SECONDS);
      long t0 = System.nanoTime();
      link.client.shutdownNow(); // the client goes away mid-protocol
      Throwable t = serverOutcome.get(10, TimeUnit.SECONDS);
      assertNotNull(t, "server session must fail");
      ProtocolAbortException pa = assertInstanceOf(t);
      assertEquals(Reason.PEER_GONE, pa.reason(), pa.getMessage());
      assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
    }
  }

  @Test
  void serverVanishing_endsClientSessionWithinDeadline() throws Exception {
    CompletableFuture<Void> serverWaiting = new CompletableFuture<>();
    PartyLinkService.SessionHandler waiter = (hello, ch) -> {
      serverWaiting.complete(null);
      ch.receiveLongs(1, 8);
    };
    try (LoopbackGrpc link = new LoopbackGrpc(waiter, FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open("m");
      serverWaiting.get(10, TimeUnit.SECONDS);
      CompletableFuture.runAsync(() -> {
        sleep(200);
        link.server.shutdownNow();
      });
      long t0 = System.nanoTime();
      var e = assertThrows(ProtocolAbortException.class, () -> ch.receiveLongs(1, 8));
      assertTrue(e.reason() == Reason.PEER_GONE || e.reason() == Reason.PEER_CLOSED, e.getMessage());
      assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
    }
  }

  @Test
  void silentServer_timesOutOnTheClient() throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    PartyLinkService.SessionHandler silent = (hello, ch) -> release.get(30, TimeUnit.SECONDS);
    FrameChannel.Options quick = FrameChannel.Options.defaults().withReceiveTimeout(Duration.ofMillis(500));
    try (LoopbackGrpc link = new LoopbackGrpc(silent, quick)) {
      FrameChannel ch = link.open("m");
      var e = assertThrows(ProtocolAbortException.class, () -> ch.receiveLongs(1, 8));
      assertEquals(Reason.TIMEOUT, e.reason());
      ch.abort(e);
      release.complete(null);
    }
  }

  @Test
  void serverError_reachesTheClientAsGenericText_notTheLocalMessage() throws Exception {
    PartyLinkService.SessionHandler failing = (hello, ch) -> {
      throw new IllegalArgumentException("secret path /srv/weights/layer3.bin unreadable");
    };
    try (LoopbackGrpc link = new LoopbackGrpc(failing, FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open("nope");
      var e = assertThrows(ProtocolAbortException.class, () -> ch.receiveLongs(1, 8));
      assertEquals(Reason.PEER_ERROR, e.reason());
      assertTrue(e.getMessage().contains("internal error"), e.getMessage());
      assertFalse(e.getMessage().contains("/srv/weights") || e.getMessage().contains("IllegalArgument"),
          e.getMessage());
    }
  }

  @Test
  void serverRefusal_reachesTheClientWithItsOwnText() throws Exception {
    PartyLinkService.SessionHandler refusing = (hello, ch) -> {
      throw new ProtocolAbortException(Reason.INCOMPATIBLE, "no model named '" + hello.getModel() + "'");
    };
    try (LoopbackGrpc link = new LoopbackGrpc(refusing, FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open("nope");
      var e = assertThrows(ProtocolAbortException.class, () -> ch.receiveLongs(1, 8));
      assertTrue(e.getMessage().contains("no model named 'nope'"), e.getMessage());
    }
  }

  @Test
  void busyRefusal_isBusyOnTheClient() throws Exception {
    PartyLinkService.SessionHandler busy = (hello, ch) -> {
      throw new ProtocolAbortException(Reason.BUSY, ProtocolAbortException.BUSY_PREFIX + "memory budget");
    };
    try (LoopbackGrpc link = new LoopbackGrpc(busy, FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open("m");
      var e = assertThrows(ProtocolAbortException.class, () -> ch.receiveLongs(1, 8));
      assertEquals(Reason.BUSY, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("memory budget"), e.getMessage());
    }
  }

  private static ProtocolAbortException assertInstanceOf(Throwable t) {
    assertTrue(t instanceof ProtocolAbortException, "expected ProtocolAbortException, got " + t);
    return (ProtocolAbortException) t;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
