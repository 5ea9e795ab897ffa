package org.sirnn.test;

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
import org.sirnn.net.FrameChannel;
import org.sirnn.net.grpc.PartyLinkClient;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.net.grpc.SessionGate;

/** A PartyLink server on 127.0.0.1 (ephemeral port) and a plaintext client channel to it, for tests. */
public final class LoopbackGrpc implements AutoCloseable {
  public final Server server;
  public final ManagedChannel client;
  private final ExecutorService sessions = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-session");
    t.setDaemon(true);
    return t;
  });
  private final FrameChannel.Options options;

  public LoopbackGrpc(PartyLinkService.SessionHandler handler, FrameChannel.Options options) throws IOException {
    this(handler, options, SessionGate.unlimited());
  }

  /** A server whose sessions pass {@code gate} (slots, memory budget, session deadline). */
  public LoopbackGrpc(PartyLinkService.SessionHandler handler, FrameChannel.Options options, SessionGate gate)
      throws IOException {
    this.options = options;
    int limit = options.maxFrameBytes() + (1 << 16);
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .maxInboundMessageSize(limit)
        .addService(new PartyLinkService(handler, sessions, options, gate))
        .build()
        .start();
    client = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .maxInboundMessageSize(limit).build();
  }

  /** Opens a client session for {@code model} with a 2-minute session deadline. */
  public FrameChannel open(String model) {
    return PartyLinkClient.open(client, UUID.randomUUID().toString(), model, options, Duration.ofMinutes(2));
  }

  /** Opens a client session for {@code model} with a session header and a 2-minute session deadline. */
  public FrameChannel open(String model, org.sirnn.proto.SessionHeader header) {
    return PartyLinkClient.open(client, UUID.randomUUID().toString(), model, header, options, Duration.ofMinutes(2));
  }

  @Override
  public void close() {
    client.shutdownNow();
    server.shutdownNow();
    try {
      client.awaitTermination(5, TimeUnit.SECONDS);
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sessions.shutdownNow();
  }
}
