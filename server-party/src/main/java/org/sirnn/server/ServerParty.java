package org.sirnn.server;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.LinkCheck;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.proto.Hello;

/**
 * The model owner's gRPC server: PartyLink sessions on a bounded pool of session threads (one per running
 * session; sessions beyond the limit are refused with an error, never queued without bound).
 */
public final class ServerParty {

  /** Limits of the service. */
  public record Config(int maxSessions, int maxFrameBytes, Duration receiveTimeout) {
    public Config {
      if (maxSessions < 1) {
        throw new IllegalArgumentException("maxSessions must be >= 1, got " + maxSessions);
      }
    }
  }

  private final Server server;
  private final ThreadPoolExecutor sessions;

  public ServerParty(ServerBuilder<?> builder, Config config) {
    AtomicInteger ids = new AtomicInteger();
    this.sessions = new ThreadPoolExecutor(config.maxSessions(), config.maxSessions(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(1), r -> {
          Thread t = new Thread(r, "session-" + ids.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    FrameChannel.Options options = FrameChannel.Options.defaults().withMaxFrameBytes(config.maxFrameBytes())
        .withReceiveTimeout(config.receiveTimeout());
    PartyLinkService service = new PartyLinkService(new Router(), sessions, options);
    this.server = builder.maxInboundMessageSize(config.maxFrameBytes() + (1 << 16)).addService(service).build();
  }

  /** Chooses what a session runs from the model its hello names. */
  private static final class Router implements PartyLinkService.SessionHandler {
    @Override
    public void accept(Hello hello) {
      if (!hello.getModel().equals(LinkCheck.MODEL)) {
        throw new ProtocolAbortException(ProtocolAbortException.Reason.INCOMPATIBLE,
            "no model named '" + hello.getModel() + "' on this server; available: [" + LinkCheck.MODEL + "]");
      }
    }

    @Override
    public void run(Hello hello, FrameChannel channel) {
      LinkCheck.serve(channel);
    }
  }

  public void start() throws IOException {
    server.start();
  }

  public int port() {
    return server.getPort();
  }

  public void stop(Duration grace) {
    server.shutdown();
    try {
      if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    sessions.shutdownNow();
  }
}
