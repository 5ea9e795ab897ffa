package org.sirnn.server;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.sirnn.metrics.SessionMetrics;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.LinkCheck;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.net.grpc.SessionGate;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.ot.OtBackend;
import org.sirnn.proto.Hello;
import org.sirnn.proto.PartyLinkGrpc;
import org.sirnn.proto.SessionHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The model owner's gRPC server: PartyLink sessions, each on a session thread of its own, admitted by a
 * {@link SessionGate}: at most {@code maxSessions} at once (one more is refused at once with RESOURCE_EXHAUSTED,
 * never queued), their estimated memory within the budget, each ended at the session deadline. Each session's
 * bytes, rounds and time are published through {@link SessionMetrics}; the sessions running now are the gauge
 * {@code sirnn.sessions.active} (Prometheus {@code sirnn_sessions_active}, what a HorizontalPodAutoscaler scales on).
 *
 * <p>Beside PartyLink the server carries the standard health service ({@code grpc.health.v1.Health}: "" and
 * {@code sirnn.v1.PartyLink} are SERVING from {@link #start()}, when the models are loaded, and NOT_SERVING from
 * the first moment of {@link #stop}) and server reflection ({@code grpc.reflection.v1}), on the PartyLink port and
 * with its credentials. {@link #serving()} is the same readiness for the plain HTTP {@code /health} of the metrics
 * port (what Kubernetes probes, since its gRPC probes cannot present a client certificate).
 */
public final class ServerParty {
  private static final Logger log = LoggerFactory.getLogger(ServerParty.class);

  /**
   * Limits of the service.
   *
   * @param maxSessions sessions run at once; one more is refused at once (RESOURCE_EXHAUSTED)
   * @param maxFrameBytes largest frame on the wire
   * @param receiveTimeout longest a peer may stay silent
   * @param memoryBudgetBytes sum of the estimated memory of the sessions running at once
   * @param sessionDeadline longest a session may run (null: no limit)
   */
  public record Config(int maxSessions, int maxFrameBytes, Duration receiveTimeout, long memoryBudgetBytes,
      Duration sessionDeadline) {
    public Config {
      if (maxSessions < 1) {
        throw new IllegalArgumentException("maxSessions must be >= 1, got " + maxSessions);
      }
      if (memoryBudgetBytes < 1) {
        throw new IllegalArgumentException("memory budget must be positive, got " + memoryBudgetBytes);
      }
    }

    /** The default memory budget: 70% of the heap this JVM may grow to. */
    public static long defaultMemoryBudget() {
      return Runtime.getRuntime().maxMemory() / 10 * 7;
    }

    /** Limits with the default memory budget and session deadline (30 minutes). */
    public Config(int maxSessions, int maxFrameBytes, Duration receiveTimeout) {
      this(maxSessions, maxFrameBytes, receiveTimeout, defaultMemoryBudget(), Duration.ofMinutes(30));
    }
  }

  private final Server server;
  private final ExecutorService sessions;
  private final SessionGate gate;
  private final SessionMetrics metrics;
  private final ModelRepository models;
  private final PartyLinkService.SessionHandler runner;
  private final HealthStatusManager health = new HealthStatusManager();
  private volatile boolean serving;
  private final AtomicBoolean stopping = new AtomicBoolean();

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
    this(builder, config, metrics, models, ot, 1);
  }

  /**
   * As {@link #ServerParty(ServerBuilder, Config, SessionMetrics, ModelRepository, OtBackend)}, a session running
   * with up to {@code maxThreads} workers ({@code --threads}: the client asks for its count in the session header;
   * more is refused).
   */
  public ServerParty(ServerBuilder<?> builder, Config config, SessionMetrics metrics, ModelRepository models,
      OtBackend ot, int maxThreads) {
    this.metrics = metrics;
    this.models = models;
    this.runner = SessionRunner.server(models, ot, maxThreads);
    AtomicInteger ids = new AtomicInteger();
    // threads are bounded by the gate's slots (a finishing session's thread may briefly outlive its slot)
    this.sessions = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "session-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.gate = new SessionGate(config.maxSessions(), config.memoryBudgetBytes(), config.sessionDeadline());
    FrameChannel.Options options = FrameChannel.Options.defaults().withMaxFrameBytes(config.maxFrameBytes())
        .withReceiveTimeout(config.receiveTimeout());
    PartyLinkService service = new PartyLinkService(new Router(), sessions, options, gate);
    // directExecutor: PartyLink callbacks only check the hello, queue frames or hand the session to the pool
    this.server = builder.maxInboundMessageSize(config.maxFrameBytes() + (1 << 16)).directExecutor()
        .addService(io.grpc.ServerInterceptors.intercept(service, new org.sirnn.net.grpc.EagerHeaders()))
        .addService(health.getHealthService()).addService(ProtoReflectionServiceV1.newInstance()).build();
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
    health.setStatus(PartyLinkGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
    Gauge.builder("sirnn.sessions.active", gate, SessionGate::active).description("secure sessions running now")
        .tag("party", "server").register(metrics.registry());
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
    public long memoryBytes(Hello hello) {
      return runner.memoryBytes(hello);
    }

    @Override
    public void failed(Hello hello, Throwable cause) {
      String model = hello != null && known(hello.getModel()) ? hello.getModel() : "unknown";
      String reason = hello != null && !known(hello.getModel()) ? "UNKNOWN_MODEL"
          : cause instanceof ProtocolAbortException pa ? pa.reason().name() : "LOCAL";
      metrics.failed(model, reason);
    }

    @Override
    public SessionHeader acceptDeferred(Hello hello) {
      return runner.acceptDeferred(hello);
    }

    @Override
    public Object prepare(Hello hello, FrameChannel channel) throws Exception {
      return runner.prepare(hello, channel);
    }

    @Override
    public void run(Hello hello, FrameChannel channel) throws Exception {
      run(hello, channel, null);
    }

    @Override
    public void run(Hello hello, FrameChannel channel, Object prepared) throws Exception {
      String model = hello.getModel();
      MDC.put("session", org.sirnn.net.PeerText.sanitise(hello.getSessionId()));
      metrics.started(model);
      try {
        if (prepared != null) {
          runner.run(hello, channel, prepared);
        } else {
          runner.run(hello, channel);
        }
        log.info("session done: model {}, {} bytes sent, {} received, {} rounds", model,
            channel.traffic().bytesSent(), channel.traffic().bytesReceived(), channel.traffic().rounds());
      } finally {
        metrics.record(model, channel.traffic());
        MDC.remove("session");
      }
    }
  }

  /** Starts serving; the models are loaded by now (the repository is), so health turns SERVING. */
  public void start() throws IOException {
    server.start();
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    health.setStatus(PartyLinkGrpc.SERVICE_NAME, ServingStatus.SERVING);
    serving = true;
  }

  /** Ready for sessions: started and not stopping (the readiness behind gRPC health and HTTP {@code /health}). */
  public boolean serving() {
    return serving;
  }

  /** The admission gate (sessions running, memory reserved). */
  public SessionGate gate() {
    return gate;
  }

  public int port() {
    return server.getPort();
  }

  public void stop(Duration grace) {
    serving = false;
    if (stopping.compareAndSet(false, true)) {
      health.enterTerminalState();
    }
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
