package org.sirnn.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.proto.Batch;
import org.sirnn.proto.Frame;
import org.sirnn.proto.LaneBatch;
import org.sirnn.proto.Lanes;

/** {@link LaneGroup} over raw frames: what a peer's lanes frames may and may not contain. */
class LaneGroupTest {

  private static FrameChannel[] pair() {
    InMemoryTransport[] t = InMemoryTransport.pair();
    FrameChannel.Options o = FrameChannel.Options.defaults().withReceiveTimeout(Duration.ofSeconds(5));
    return new FrameChannel[] {new FrameChannel(t[0], o), new FrameChannel(t[1], o)};
  }

  /** Lane 0 echoes one vector per round; lane 1 sends first; both in one group on each side. */
  @Test
  @Timeout(30)
  void twoLanesEachWay_shareFrames_andKeepTheirOrder() throws Exception {
    FrameChannel[] ch = pair();
    CompletableFuture<long[][]> other = CompletableFuture.supplyAsync(() -> side(ch[1], false));
    long[][] mine = side(ch[0], true);
    long[][] theirs = other.get(20, TimeUnit.SECONDS);
    assertArrayEquals(new long[] {1, 2, 3}, mine[0]);
    assertArrayEquals(new long[] {7, 8, 9}, theirs[1]);
    // lane 0's chain is 3 round trips (6 rounds), lane 1's one (2): together they take 6, not 8
    assertEquals(6, ch[0].traffic().rounds());
    assertEquals(6, ch[1].traffic().rounds());
  }

  private static long[][] side(FrameChannel session, boolean first) {
    LaneGroup g = session.openLanes(2);
    CompletableFuture<long[]> lane1 = CompletableFuture.supplyAsync(() -> {
      FrameChannel c = g.channel(1);
      long[] got;
      if (first) {
        c.sendLongs(new long[] {7, 8, 9}, 8);
        got = c.receiveLongs(3, 8);
      } else {
        got = c.receiveLongs(3, 8);
        c.sendLongs(got, 8);
      }
      g.finished(1);
      return got;
    });
    FrameChannel c = g.channel(0);
    long[] got = null;
    for (int r = 0; r < 3; r++) {
      if (first) {
        c.sendLongs(new long[] {1, 2, 3}, 16);
        got = c.receiveLongs(3, 16);
      } else {
        got = c.receiveLongs(3, 16);
        c.sendLongs(got, 16);
      }
    }
    g.finished(0);
    return new long[][] {got, lane1.join()};
  }

  @Test
  @Timeout(30)
  void aMessageForAnUnknownLane_isMalformed() {
    FrameChannel[] ch = pair();
    LaneGroup g = ch[0].openLanes(2);
    ch[1].transport().send(Frame.newBuilder().setRound(1).setLanes(Lanes.newBuilder().addItems(
        LaneBatch.newBuilder().setLane(5).setRound(1).setBatch(Batch.getDefaultInstance()))).build(), 1_000_000_000L);
    CompletableFuture<Void> lane1 = CompletableFuture.runAsync(() -> g.channel(1).receiveLongs(1, 8));
    ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> g.channel(0).receiveLongs(1, 8));
    assertEquals(ProtocolAbortException.Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("lane 5"), e.getMessage());
    Exception other = assertThrows(Exception.class, lane1::join);
    assertTrue(other.getCause() instanceof ProtocolAbortException, other.toString());
  }

  @Test
  @Timeout(30)
  void aPeerThatSendsNothing_endsTheGroupAtTheReceiveTimeout() {
    FrameChannel[] ch = pair();
    LaneGroup g = ch[0].openLanes(1);
    ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> g.channel(0).receiveLongs(1, 8));
    assertEquals(ProtocolAbortException.Reason.TIMEOUT, e.reason());
  }

  @Test
  @Timeout(30)
  void lanesMessagesAfterThePeersGroupEnded_areMalformed() throws Exception {
    FrameChannel[] ch = pair();
    LaneGroup peer = ch[1].openLanes(1);
    peer.channel(0).sendLongs(new long[] {1}, 8);
    peer.finished(0);
    LaneGroup g = ch[0].openLanes(1);
    g.channel(0).sendLongs(new long[] {2}, 8);
    g.channel(0).flush();
    ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> {
      g.channel(0).receiveLongs(1, 8); // reads the peer's message
      g.channel(0).sendLongs(new long[] {3}, 8);
      g.finished(0);
      // the peer's group ended long ago; its session channel now gets a lanes frame it does not expect
      ch[1].receiveLongs(1, 8);
    });
    assertEquals(ProtocolAbortException.Reason.MALFORMED, e.reason());
  }
}
