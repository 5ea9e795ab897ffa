package org.sirnn.client;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.sirnn.client.bench.link.LinkRelay;
import org.sirnn.client.bench.link.LinkSpec;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.grpc.PartyLinkClient;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.proto.SessionHeader;

/**
 * Both parties in one JVM over real gRPC on 127.0.0.1: a PartyLink server running {@code serverHalf} per session
 * and a client channel to it. Benchmarks use it so that every figure includes the real transport.
 *
 * <p>Both ends run gRPC callbacks on the Netty event loops ({@code directExecutor()}): the PartyLink callbacks only
 * queue frames, signal readiness and hand the session to its own thread, so they never block, and each frame saves
 * a hop to an executor thread (on two cores that hop costs as much as the copy it delivers).
 *
 * <p>With a {@link LinkSpec}, the client channel connects through a {@link LinkRelay} (client, relay, server, all
 * on 127.0.0.1) that delays and paces every byte as that link would.
 */
public final class LoopbackLink implements AutoCloseable {
  private final Server server;
  private final ManagedChannel grpc;
  private final ExecutorService sessions = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bench-server-session");
    t.setDaemon(true);
    return t;
  });
  private final FrameChannel.Options options;
  private final LinkRelay relay;

  /**
   * @param window HTTP/2 flow-control window in bytes, or 0 for gRPC's automatic tuning
   */
  public LoopbackLink(PartyLinkService.SessionHandler serverHalf, FrameChannel.Options options, int window)
      throws IOException {
    this(serverHalf, options, window, null);
  }

  /**
   * @param window HTTP/2 flow-control window in bytes, or 0 for gRPC's automatic tuning
   * @param link the emulated link between the client's channel and the server, or null for plain loopback
   */
  public LoopbackLink(PartyLinkService.SessionHandler serverHalf, FrameChannel.Options options, int window,
      LinkSpec link) throws IOException {
    this.options = options;
    int limit = options.maxFrameBytes() + (1 << 16);
    NettyServerBuilder sb = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .maxInboundMessageSize(limit).directExecutor().addService(new PartyLinkService(serverHalf, sessions, options));
    if (window > 0) {
      sb.flowControlWindow(window);
    }
    server = sb.build().start();
    InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", server.getPort());
    try {
      relay = link == null ? null : LinkRelay.start(serverAddress, link);
    } catch (IOException e) {
      server.shutdownNow();
      throw e;
    }
    NettyChannelBuilder cb = NettyChannelBuilder.forAddress(relay == null ? serverAddress : relay.address())
        .usePlaintext()
        .maxInboundMessageSize(limit).directExecutor();
    if (window > 0) {
      cb.flowControlWindow(window);
    }
    grpc = cb.build();
  }

  /** Opens the client's session (deadline one hour) with no session header (the link-check diagnostic). */
  public FrameChannel open(String model) {
    return PartyLinkClient.open(grpc, UUID.randomUUID().toString(), model, options, Duration.ofHours(1));
  }

  /** Opens the client's session of a model (deadline one hour) with its session header. */
  public FrameChannel open(String model, SessionHeader header) {
    return PartyLinkClient.open(grpc, UUID.randomUUID().toString(), model, header, options, Duration.ofHours(1));
  }

  @Override
  public void close() throws InterruptedException {
    grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    if (relay != null) {
      relay.close();
    }
    sessions.shutdownNow();
  }
}
