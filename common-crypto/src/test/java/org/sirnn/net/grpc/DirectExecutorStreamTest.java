package org.sirnn.net.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.net.FrameChannel;
import org.sirnn.ring.Ring;

/**
 * The PartyLink stream with gRPC callbacks on the Netty event loops ({@code directExecutor()} on both ends, as the
 * loopback benchmark runs it): vectors of every bitwidth spanning many pieces round-trip, and both parties sending
 * far more than the flow-control windows at once still completes.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DirectExecutorStreamTest {

  /** Server and client on 127.0.0.1 with direct executors; the session runs on its own thread. */
  private static final class Link implements AutoCloseable {
    final Server server;
    final ManagedChannel client;
    final ExecutorService sessions = Executors.newCachedThreadPool();
    final FrameChannel.Options options;

    Link(PartyLinkService.SessionHandler handler, FrameChannel.Options options) throws Exception {
      this.options = options;
      int limit = options.maxFrameBytes() + (1 << 16);
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).directExecutor()
          .maxInboundMessageSize(limit).addService(new PartyLinkService(handler, sessions, options)).build().start();
      client = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().directExecutor()
          .maxInboundMessageSize(limit).build();
    }

    FrameChannel open() {
      return PartyLinkClient.open(client, UUID.randomUUID().toString(), "echo", options, Duration.ofMinutes(2));
    }

    @Override
    public void close() throws InterruptedException {
      client.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      sessions.shutdownNow();
    }
  }

  private static int length(int l) {
    return 3 * (FrameChannel.PIECE_BYTES / l) * 8 + 2 * l + 1; // three pieces and an odd tail
  }

  @Test
  void everyBitwidth_spanningManyPieces_echoes() throws Exception {
    int[] widths = {1, 2, 5, 8, 15, 16, 31, 32, 33, 37, 48, 57, 63, 64};
    PartyLinkService.SessionHandler echo = (hello, ch) -> {
      for (int l : widths) {
        ch.sendLongs(ch.receiveLongs(length(l), l), l);
      }
      long nbits = 5L * FrameChannel.PIECE_BYTES + 3;
      ch.sendBits(ch.receiveBits(nbits), nbits);
      int nBlocks = FrameChannel.PIECE_BYTES / 4 + 7;
      long[] b = new long[2 * nBlocks];
      ch.receiveBlocks(b, 0, nBlocks);
      ch.sendBlocks(b, 0, nBlocks);
    };
    try (Link link = new Link(echo, FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open();
      Random rnd = new Random(21);
      for (int l : widths) {
        long[] v = new long[length(l)];
        for (int i = 0; i < v.length; i++) {
          v[i] = rnd.nextLong() & Ring.mask(l);
        }
        ch.sendLongs(v, l);
        assertArrayEquals(v, ch.receiveLongs(v.length, l), "bitwidth " + l);
      }
      long nbits = 5L * FrameChannel.PIECE_BYTES + 3;
      long[] bits = new long[(int) ((nbits + 63) / 64)];
      for (int i = 0; i < bits.length; i++) {
        bits[i] = rnd.nextLong();
      }
      bits[bits.length - 1] &= (1L << (nbits % 64)) - 1;
      ch.sendBits(bits, nbits);
      assertArrayEquals(bits, ch.receiveBits(nbits), "bits");
      int nBlocks = FrameChannel.PIECE_BYTES / 4 + 7;
      long[] blocks = new long[2 * nBlocks];
      for (int i = 0; i < blocks.length; i++) {
        blocks[i] = rnd.nextLong();
      }
      ch.sendBlocks(blocks, 0, nBlocks);
      long[] back = new long[blocks.length];
      ch.receiveBlocks(back, 0, nBlocks);
      assertArrayEquals(blocks, back, "blocks");
      ch.close();
    }
  }

  @Test
  void bothSidesSendingLargeMessagesAtOnce_doNotDeadlock() throws Exception {
    int n = 3_000_000; // 24 MB each way in 256 KiB pieces
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
    try (Link link = new Link(swap, FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open();
      ch.sendLongs(mine, 64);
      ch.flush();
      assertArrayEquals(mine, ch.receiveLongs(n, 64));
      assertEquals(mine[n - 1], ch.receiveLongs(1, 64)[0]);
      ch.close();
    }
  }
}
