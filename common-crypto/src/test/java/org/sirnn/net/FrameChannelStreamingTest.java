package org.sirnn.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.proto.Frame;
import org.sirnn.proto.Payload;
import org.sirnn.ring.Ring;
import org.sirnn.test.TwoParties;

/**
 * Vectors cut into many pieces and frames: every bitwidth, odd lengths, pieces that end inside the receiver's
 * unpacking slices, and frames handed to the transport before the flush.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FrameChannelStreamingTest {

  private static long[] randomValues(Random rnd, int n, int l) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextLong() & Ring.mask(l);
    }
    return v;
  }

  private static long[] randomBits(Random rnd, long nbits) {
    long[] w = randomValues(rnd, (int) ((nbits + 63) / 64), 64);
    if (nbits % 64 != 0) {
      w[w.length - 1] &= (1L << (nbits % 64)) - 1;
    }
    return w;
  }

  /** Values per piece of an l-bit vector for a channel whose pieces hold at most {@code pieceBytes}. */
  private static int perPiece(int pieceBytes, int l) {
    return (pieceBytes / l) * 8;
  }

  private static FrameChannel[] pair(FrameChannel.Options o) {
    return FrameChannel.inMemoryPair(o);
  }

  @Test
  void everyBitwidth_acrossManySmallPieces_roundTrips() throws Exception {
    FrameChannel.Options small = FrameChannel.Options.defaults().withMaxFrameBytes(4096); // pieces of <= 4032 bytes
    int piece = 4096 - 64;
    Random rnd = new Random(11);
    long[][] sent = new long[65][];
    for (int l = 1; l <= 64; l++) {
      // three and a bit pieces; odd lengths so the last piece ends mid-byte
      sent[l] = randomValues(rnd, 3 * perPiece(piece, l) + 1 + 2 * rnd.nextInt(200), l);
    }
    long nbits = 3L * (piece / 8) * 64 + 77;
    long[] bits = randomBits(rnd, nbits);
    int nBlocks = 3 * (piece / 16) + 3;
    long[] blocks = randomValues(rnd, 2 * nBlocks, 64);
    FrameChannel[] ch = pair(small);
    var r = TwoParties.run(ch[0], ch[1], s -> {
      for (int l = 1; l <= 64; l++) {
        s.sendLongs(sent[l], l);
      }
      s.sendBits(bits, nbits);
      s.sendBlocks(blocks, 0, nBlocks);
      s.flush();
      return null;
    }, c -> {
      long[][] got = new long[67][];
      for (int l = 1; l <= 64; l++) {
        got[l] = c.receiveLongs(sent[l].length, l);
      }
      got[65] = c.receiveBits(nbits);
      got[66] = new long[2 * nBlocks];
      c.receiveBlocks(got[66], 0, nBlocks);
      return got;
    }, 60);
    for (int l = 1; l <= 64; l++) {
      assertArrayEquals(sent[l], r.client()[l], "bitwidth " + l);
    }
    assertArrayEquals(bits, r.client()[65], "bits");
    assertArrayEquals(blocks, r.client()[66], "blocks");
  }

  @Test
  void fullSizePieces_unpackThroughSlices_atOffsets() throws Exception {
    // default 256 KiB pieces are unpacked in 32 KiB slices; the last slice of a piece and of the vector are partial
    Random rnd = new Random(12);
    int[] widths = {1, 3, 13, 16, 37, 56, 57, 63, 64};
    long[][] sent = new long[widths.length][];
    for (int i = 0; i < widths.length; i++) {
      int l = widths[i];
      sent[i] = randomValues(rnd, 2 * perPiece(FrameChannel.PIECE_BYTES, l) + 4099 + 2 * rnd.nextInt(1000), l);
    }
    long nbits = 2L * FrameChannel.PIECE_BYTES * 8 + 12345;
    long[] bits = randomBits(rnd, nbits);
    int nBlocks = 2 * (FrameChannel.PIECE_BYTES / 16) + 1001;
    long[] blocks = randomValues(rnd, 2 * nBlocks, 64);
    var r = TwoParties.inMemory(s -> {
      for (int i = 0; i < widths.length; i++) {
        s.sendLongs(sent[i], widths[i]);
      }
      s.sendBits(bits, nbits);
      s.sendBlocks(blocks, 0, nBlocks);
      s.flush();
      return null;
    }, c -> {
      long[][] got = new long[widths.length + 2][];
      for (int i = 0; i < widths.length; i++) {
        // received at an offset inside a larger array: the unpacking must respect it
        long[] dst = new long[sent[i].length + 10];
        c.receiveLongs(dst, 7, sent[i].length, widths[i]);
        assertEquals(0, dst[6]);
        assertEquals(0, dst[7 + sent[i].length]);
        got[i] = java.util.Arrays.copyOfRange(dst, 7, 7 + sent[i].length);
      }
      got[widths.length] = c.receiveBits(nbits);
      long[] dst = new long[2 * nBlocks + 6];
      c.receiveBlocks(dst, 2, nBlocks);
      got[widths.length + 1] = java.util.Arrays.copyOfRange(dst, 4, 4 + 2 * nBlocks);
      return got;
    }, 60);
    for (int i = 0; i < widths.length; i++) {
      assertArrayEquals(sent[i], r.client()[i], "bitwidth " + widths[i]);
    }
    assertArrayEquals(bits, r.client()[widths.length], "bits");
    assertArrayEquals(blocks, r.client()[widths.length + 1], "blocks");
  }

  @Test
  void largeVector_leavesInPieceSizedFramesBeforeTheFlush() {
    InMemoryTransport[] t = InMemoryTransport.pair();
    List<Frame> frames = new ArrayList<>();
    FrameTransport recording = new FrameTransport() {
      @Override
      public void send(Frame frame, long timeoutNanos) {
        frames.add(frame);
        t[0].send(frame, timeoutNanos);
      }

      @Override
      public Frame receive(long timeoutNanos) {
        return t[0].receive(timeoutNanos);
      }

      @Override
      public void finishSending() {
        t[0].finishSending();
      }

      @Override
      public void cancel(String why, Throwable cause) {
        t[0].cancel(why, cause);
      }

      @Override
      public String describe() {
        return "recording";
      }
    };
    FrameChannel tx = new FrameChannel(recording, FrameChannel.Options.defaults());
    FrameChannel rx = new FrameChannel(t[1], FrameChannel.Options.defaults());
    int l = 16;
    int n = (4 << 20) / 2; // 4 MiB packed
    long[] v = randomValues(new Random(13), n, l);
    tx.sendLongs(v, l);
    int before = frames.size();
    tx.flush();
    assertTrue(before >= 15, "pieces leave before the flush, got " + before + " frames");
    for (Frame f : frames) {
      assertTrue(f.getSerializedSize() <= FrameChannel.PIECE_BYTES + 64, "frame of " + f.getSerializedSize());
      for (Payload p : f.getBatch().getItemsList()) {
        assertTrue(p.getShares().getPacked().size() % l == 0 || !p.getMore(), "non-final pieces hold whole groups");
      }
    }
    assertArrayEquals(v, rx.receiveLongs(n, l));
  }
}
