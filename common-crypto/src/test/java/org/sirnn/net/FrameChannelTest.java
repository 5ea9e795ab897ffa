package org.sirnn.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sirnn.ring.Ring;
import org.sirnn.test.TwoParties;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FrameChannelTest {

  private static long[] randomValues(Random rnd, int n, int l) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextLong() & Ring.mask(l);
    }
    return v;
  }

  @Test
  void everyBitwidth_roundTripsInMemory() throws Exception {
    Random rnd = new Random(1);
    long[][] sent = new long[65][];
    for (int l = 1; l <= 64; l++) {
      sent[l] = randomValues(rnd, 1 + rnd.nextInt(300), l);
    }
    var r = TwoParties.inMemory(ch -> {
      for (int l = 1; l <= 64; l++) {
        ch.sendLongs(sent[l], l);
      }
      ch.flush();
      return null;
    }, ch -> {
      long[][] got = new long[65][];
      for (int l = 1; l <= 64; l++) {
        got[l] = ch.receiveLongs(sent[l].length, l);
      }
      return got;
    }, 30);
    for (int l = 1; l <= 64; l++) {
      assertArrayEquals(sent[l], r.client()[l], "bitwidth " + l);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 1000, 3_000_000})
  void largeVectors_areChunkedAndJoined(int n) throws Exception {
    long[] v = randomValues(new Random(n), n, 37);
    long[] bits = randomValues(new Random(n + 1), (n + 63) / 64, 64);
    if (n % 64 != 0) {
      bits[bits.length - 1] &= (1L << (n % 64)) - 1;
    }
    long[] blocks = randomValues(new Random(n + 2), 2 * (n / 8), 64);
    var r = TwoParties.inMemory(ch -> {
      ch.sendLongs(v, 37);
      ch.sendBits(bits, n);
      ch.sendBlocks(blocks, 0, n / 8);
      ch.flush();
      return null;
    }, ch -> {
      long[] a = ch.receiveLongs(n, 37);
      long[] b = ch.receiveBits(n);
      long[] c = new long[2 * (n / 8)];
      ch.receiveBlocks(c, 0, n / 8);
      return new long[][] {a, b, c};
    }, 60);
    assertArrayEquals(v, r.client()[0]);
    assertArrayEquals(bits, r.client()[1]);
    assertArrayEquals(blocks, r.client()[2]);
  }

  @Test
  void wireSize_isPackedBytesPlusSmallConstant() throws Exception {
    int[][] cases = {{1, 1}, {1000, 13}, {4096, 16}, {100_000, 37}, {1_000_000, 64}};
    for (int[] c : cases) {
      int n = c[0];
      int l = c[1];
      long[] v = randomValues(new Random(7), n, l);
      var r = TwoParties.inMemory(ch -> {
        ch.sendLongs(v, l);
        ch.flush();
        return ch.traffic().bytesSent();
      }, ch -> {
        ch.receiveLongs(n, l);
        return ch.traffic().bytesReceived();
      }, 30);
      long payload = ((long) n * l + 7) / 8;
      long pieceBytes = (FrameChannel.PIECE_BYTES / l) * l; // pieces of whole 8-value groups
      long frames = (payload + pieceBytes - 1) / pieceBytes;
      long overhead = r.server() - payload;
      assertEquals(r.server(), r.client(), "both sides count the same bytes");
      assertTrue(overhead > 0 && overhead <= 32 * Math.max(1, frames),
          "n=" + n + " l=" + l + ": overhead " + overhead + " bytes over " + payload + " in " + frames + " frames");
    }
  }

  @Test
  void rounds_followTheCriticalPath() throws Exception {
    var r = TwoParties.inMemory(ch -> {
      ch.sendLongs(new long[] {1}, 8); // round 1: both send at once
      ch.receiveLongs(1, 8);
      long[] x = ch.receiveLongs(1, 8); // round 2: the client's answer
      ch.sendLongs(x, 8); // round 3
      ch.flush();
      return ch.traffic().rounds();
    }, ch -> {
      ch.sendLongs(new long[] {2}, 8);
      long[] a = ch.receiveLongs(1, 8);
      ch.sendLongs(a, 8);
      ch.receiveLongs(1, 8);
      return ch.traffic().rounds();
    }, 30);
    assertEquals(3, r.server());
    assertEquals(3, r.client());
  }

  @Test
  void scopes_attributeBytesAndRoundsToTheInnermostScope() throws Exception {
    var r = TwoParties.inMemory(ch -> {
      try (var a = ch.traffic().scope("layer1")) {
        try (var b = ch.traffic().scope("sigmoid")) {
          ch.sendLongs(new long[1000], 16);
          ch.flush();
        }
        try (var b = ch.traffic().scope("relu")) {
          ch.receiveLongs(8, 8);
        }
      }
      return ch.traffic();
    }, ch -> {
      ch.receiveLongs(1000, 16);
      ch.sendLongs(new long[8], 8);
      ch.flush();
      return ch.traffic();
    }, 30);
    Traffic t = r.server();
    var snap = t.snapshot();
    assertTrue(snap.get("layer1/sigmoid").bytesSent() >= 2000);
    assertEquals(0, snap.get("layer1/sigmoid").bytesReceived());
    assertTrue(snap.get("layer1/relu").bytesReceived() >= 8);
    assertEquals(snap.get("layer1/sigmoid").bytesSent() + snap.get("layer1/relu").bytesSent(),
        snap.get("layer1").bytesSent());
    assertEquals(1, snap.get("layer1/sigmoid").rounds());
    assertEquals(1, snap.get("layer1/relu").rounds());
    assertEquals(2, snap.get("layer1").rounds());
    assertEquals(t.bytesSent(), snap.get("").bytesSent());
  }

  @Test
  void wrongBitwidth_abortsAsMalformed() {
    var e = assertThrows(ProtocolAbortException.class, () -> TwoParties.inMemory(ch -> {
      ch.sendLongs(new long[4], 16);
      ch.flush();
      return null;
    }, ch -> ch.receiveLongs(4, 17), 30));
    assertEquals(ProtocolAbortException.Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("4 values of 16 bits"), e.getMessage());
  }

  @Test
  void wrongKind_abortsAsMalformed() {
    var e = assertThrows(ProtocolAbortException.class, () -> TwoParties.inMemory(ch -> {
      ch.sendBits(new long[1], 10);
      ch.flush();
      return null;
    }, ch -> ch.receiveLongs(10, 1), 30));
    assertEquals(ProtocolAbortException.Reason.MALFORMED, e.reason());
  }

  @Test
  void silentPeer_timesOut() {
    FrameChannel.Options quick = FrameChannel.Options.defaults().withReceiveTimeout(Duration.ofMillis(300));
    FrameChannel[] pair = FrameChannel.inMemoryPair(quick);
    long t0 = System.nanoTime();
    var e = assertThrows(ProtocolAbortException.class, () -> pair[1].receiveLongs(1, 8));
    assertEquals(ProtocolAbortException.Reason.TIMEOUT, e.reason());
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
  }

  @Test
  void abort_isReportedToThePeer() {
    var e = assertThrows(ProtocolAbortException.class, () -> TwoParties.inMemory(ch -> {
      ch.abort(new IllegalStateException("weights missing for layer 3"));
      return null;
    }, ch -> ch.receiveLongs(1, 8), 30));
    assertEquals(ProtocolAbortException.Reason.PEER_ERROR, e.reason());
    // the peer learns that this side failed, never the local exception's text (a trust boundary)
    assertTrue(e.getMessage().contains("internal error"), e.getMessage());
    assertFalse(e.getMessage().contains("weights missing"), e.getMessage());
  }

  @Test
  void close_exchangesGoodbyes() throws Exception {
    var r = TwoParties.inMemory(ch -> {
      ch.sendLongs(new long[] {5}, 3);
      ch.close();
      return true;
    }, ch -> {
      long v = ch.receiveLongs(1, 3)[0];
      ch.close();
      return v;
    }, 30);
    assertEquals(5L, r.client());
  }
}
