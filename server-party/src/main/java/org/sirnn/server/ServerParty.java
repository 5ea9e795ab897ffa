package org.sirnn.server;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sirnn.metrics.SessionMetrics;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.LinkCheck;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.ot.OtBackend;
import org.sirnn.proto.Hello;
import org.sirnn.proto.SessionHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The model owner's gRPC server: PartyLink sessions on a bounded pool of session threads (one per running
 * session; sessions beyond the limit are refused with an error, never queued without bound). Each session's
 * bytes, rounds and time are published through {@link SessionMetrics}.
 */
public final class ServerParty {
  private static final Logger log = LoggerFactory.getLogger(ServerParty.class);

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
  private final SessionMetrics metrics;
  private final ModelRepository models;
  private final PartyLinkService.SessionHandler runner;

  /** Serves the built-in models only (the math functions and the link check). */
  public ServerParty(ServerBuilder<?> builder, Config config, SessionMetrics metrics) {
    this(builder, config, metrics, ModelRepository.open(null, ModelRepository.Holder.SERVER));
  }

  public ServerParty(ServerBuilder<?> builder, Config config, SessionMetrics metrics, ModelRepository models) {
    this(builder, config, metrics, models, OtBackend.IKNP);
  }

  /** Serves {@code models} with every session on OT backend {@code ot} (sessions asking for another are refused). */
  public ServerParty(ServerBuilder<?> builder, Config config, SessionMetrics metrics, ModelRepository models,
      OtBackend ot) {
    this.metrics = metrics;
    this.models = models;
    this.runner = SessionRunner.server(models, ot);
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
    // directExecutor: PartyLink callbacks only check the hello, queue frames or hand the session to the pool
    this.server = builder.maxInboundMessageSize(config.maxFrameBytes() + (1 << 16)).directExecutor()
        .addService(io.grpc.ServerInterceptors.intercept(service, new org.sirnn.net.grpc.EagerHeaders())).build();
  }

  /** Runs every session through the {@link SessionRunner} and records its metrics. */
  private final class Router implements PartyLinkService.SessionHandler {
    @Override
    public SessionHeader accept(Hello hello) {
      return runner.accept(hello);
    }

    private boolean known(String model) {
      return model.equals(LinkCheck.MODEL) || models.contains(model);
    }

    /** Counts every failed session once, with a bounded model tag and reason. */
    @Override
    public void failed(Hello hello, Throwable cause) {
      String model = hello != null && known(hello.getModel()) ? hello.getModel() : "unknown";
      String reason = hello != null && !known(hello.getModel()) ? "UNKNOWN_MODEL"
          : cause instanceof ProtocolAbortException pa ? pa.reason().name() : "LOCAL";
      metrics.failed(model, reason);
    }

    @Override
    public void run(Hello hello, FrameChannel channel) throws Exception {
      String model = hello.getModel();
      MDC.put("session", hello.getSessionId());
      metrics.started(model);
      try {
        runner.run(hello, channel);
        log.info("session done: model {}, {} bytes sent, {} received, {} rounds", model,
            channel.traffic().bytesSent(), channel.traffic().bytesReceived(), channel.traffic().rounds());
      } finally {
        metrics.record(model, channel.traffic());
        MDC.remove("session");
      }
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
