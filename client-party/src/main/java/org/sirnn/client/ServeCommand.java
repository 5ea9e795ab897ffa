package org.sirnn.client;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sirnn.client.service.InferenceServer;
import org.sirnn.client.service.InferenceService;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.client.service.PartyConnector;
import org.sirnn.client.service.PeerReadiness;
import org.sirnn.client.service.PreparedSessionPool;
import org.sirnn.metrics.MetricsEndpoint;
import org.sirnn.metrics.SessionMetrics;
import org.sirnn.net.FrameChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import org.sirnn.net.grpc.tls.TlsOptions;
import org.sirnn.nn.runtime.OtOption;
import org.sirnn.nn.runtime.ThreadsOption;
import org.sirnn.nn.runtime.WireOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: runs client-party's Inference gRPC API. Each Predict opens one session to server-party (mutual
 * TLS with {@code --tls-cert/--tls-key/--tls-ca}, or plaintext with {@code --insecure}) and answers with the
 * prediction and the session's bytes, rounds and time per scope.
 *
 * <p>The API port itself is plaintext unless {@code --api-tls-cert} and {@code --api-tls-key} are given (then TLS;
 * adding {@code --api-tls-ca} also requires client certificates signed by that CA). It and the metrics port listen
 * on {@code --host}, loopback (127.0.0.1) by default; a non-loopback {@code --host} (e.g. 0.0.0.0 in a container) is
 * refused unless the API has TLS or {@code --api-plaintext} says a plaintext API there is meant.
 *
 * <p>Load: at most {@code --max-sessions} sessions run at once, up to {@code --max-queued} more calls wait in arrival
 * order within their deadlines, and each caller (client certificate subject with mutual TLS, else IP address) may
 * make {@code --max-predicts-per-minute} calls a minute.
 * On start it prints {@code client-party listening on port N[, metrics on P/metrics]} on standard output.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the Inference gRPC API (Predict, ListModels); every Predict runs one secure session with"
        + " server-party.",
        "The API port is plaintext unless --api-tls-cert/--api-tls-key are given; the link to server-party is mutual"
        + " TLS (or --insecure)."})
public final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Spec
  CommandSpec spec;

  @Option(names = "--host", description = "address the API and metrics listen on (default: ${DEFAULT-VALUE});"
      + " a non-loopback address needs --api-tls-cert/--api-tls-key or --api-plaintext")
  String host = "127.0.0.1";

  @Option(names = "--api-plaintext", description = "allow a plaintext API on a non-loopback --host (e.g. 0.0.0.0 in"
      + " a container whose port is published on loopback only)")
  boolean apiPlaintext;

  @Option(names = "--port", description = "Inference API port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
  int port = 7002;

  @Option(names = "--server", description = "server-party address HOST:PORT (default: ${DEFAULT-VALUE})")
  String server = "127.0.0.1:7001";

  @Mixin
  TlsOptions tls = new TlsOptions();

  @Mixin
  OtOption ot = new OtOption();

  @Mixin
  ThreadsOption threads = new ThreadsOption();

  @Mixin
  WireOption wire = new WireOption();

  @Option(names = "--tls-server-name", description = "host name server-party's certificate must carry, when it"
      + " differs from the HOST of --server")
  String tlsServerName;

  @Option(names = "--models", description = "directory of public model metadata (NAME/model.json) to offer"
      + " besides the built-in models (default: ${DEFAULT-VALUE})")
  java.nio.file.Path models = java.nio.file.Path.of("models");

  @Option(names = "--metrics-port", description = "Prometheus scrape port, /metrics (default: ${DEFAULT-VALUE};"
      + " 0 picks a free one; -1 = off)")
  int metricsPort = 9402;

  @Option(names = "--deadline", description = "longest a session with server-party may take, seconds (default:"
      + " ${DEFAULT-VALUE}; a caller's shorter deadline wins)")
  double deadlineSeconds = 60;

  @Option(names = "--max-sessions", description = "sessions run at once; more Predict calls wait in the queue"
      + " (default: ${DEFAULT-VALUE})")
  int maxSessions = 4;

  @Option(names = "--max-queued", description = "Predict calls that may wait for a session, in arrival order and"
      + " each within its deadline; more are refused with RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE})")
  int maxQueued = InferenceService.Config.DEFAULT_MAX_QUEUED;

  @Option(names = "--max-predicts-per-minute", description = "Predict calls per caller and minute (the client"
      + " certificate's subject with --api-tls-ca, else the IP address), bursts up to that many; more are refused"
      + " with RESOURCE_EXHAUSTED; 0 = no limit (default: ${DEFAULT-VALUE})")
  int maxPredictsPerMinute = InferenceService.Config.DEFAULT_MAX_PREDICTS_PER_MINUTE;

  @Option(names = "--pool", description = "sessions with server-party prepared ahead, before any input (base OTs,"
      + " Ferret bootstrap), each used for one Predict; they hold server-party session slots, so keep --pool plus"
      + " --max-sessions within server-party's --max-sessions; 0 = off (default: ${DEFAULT-VALUE})")
  int pool = 1;

  @Option(names = "--pool-max-age", description = "seconds after which an unused prepared session is replaced"
      + " (below server-party's --session-timeout, 60 s by default) (default: ${DEFAULT-VALUE})")
  int poolMaxAgeSeconds = 40;

  @Option(names = "--max-frame-bytes", description = "largest frame on the party link (default: ${DEFAULT-VALUE})")
  int maxFrameBytes = 1 << 20;

  @Mixin
  ApiTlsOptions apiTls = new ApiTlsOptions();

  /** A started service; {@link #close()} stops it gracefully. */
  public static final class Running implements AutoCloseable {
    private final InferenceServer server;
    private final PartyConnector connector;
    private final MetricsEndpoint endpoint;
    private final boolean apiTls;

    private final PreparedSessionPool pool;
    private final PeerReadiness readiness;

    Running(InferenceServer server, PartyConnector connector, MetricsEndpoint endpoint, boolean apiTls,
        PreparedSessionPool pool, PeerReadiness readiness) {
      this.pool = pool;
      this.readiness = readiness;
      this.server = server;
      this.connector = connector;
      this.endpoint = endpoint;
      this.apiTls = apiTls;
    }

    public int port() {
      return server.port();
    }

    /** The address the API listens on. */
    public InetSocketAddress address() {
      return server.address();
    }

    /** The metrics port, or -1 when metrics are off. */
    public int metricsPort() {
      return endpoint == null ? -1 : endpoint.port();
    }

    public boolean apiTls() {
      return apiTls;
    }

    /** The pool of prepared sessions, or null with {@code --pool 0}. */
    public PreparedSessionPool pool() {
      return pool;
    }

    public void stop(Duration grace) {
      readiness.close();
      if (pool != null) {
        pool.close();
      }
      server.stop(grace);
      connector.close();
      if (endpoint != null) {
        endpoint.close();
      }
    }

    @Override
    public void close() {
      stop(Duration.ofSeconds(5));
    }
  }

  /** Checks the options and starts the service (used by {@link #call()} and by tests). */
  public Running start() throws IOException {
    ChannelCredentials linkCredentials;
    ServerCredentials apiCredentials;
    try {
      if (!(deadlineSeconds > 0) || deadlineSeconds > 86_400) {
        throw new IllegalArgumentException("--deadline must be in (0, 86400] seconds, got " + deadlineSeconds);
      }
      if (maxSessions < 1) {
        throw new IllegalArgumentException("--max-sessions must be at least 1, got " + maxSessions);
      }
      if (maxQueued < 0 || maxPredictsPerMinute < 0) {
        throw new IllegalArgumentException("--max-queued and --max-predicts-per-minute must be at least 0, got "
            + maxQueued + " and " + maxPredictsPerMinute);
      }
      if (port < 0 || port > 65_535 || metricsPort < -1 || metricsPort > 65_535) {
        throw new IllegalArgumentException("--port must be in 0..65535 and --metrics-port in -1..65535");
      }
      PartyConnector.HostPort.parse("--server", server);
      linkCredentials = tls.channelCredentials();
      apiCredentials = apiTls.serverCredentials();
      checkExposure();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Duration deadline = Duration.ofMillis(Math.round(deadlineSeconds * 1000));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("application", "client-party");
    new JvmMemoryMetrics().bindTo(registry);
    registry.config().meterFilter(org.sirnn.metrics.PromtoolNames.filter()); // names promtool accepts
    new ProcessorMetrics().bindTo(registry);
    FrameChannel.Options options = FrameChannel.Options.defaults().withMaxFrameBytes(maxFrameBytes);
    PartyConnector connector = new PartyConnector(server, linkCredentials, tlsServerName, options);
    MetricsEndpoint endpoint = null;
    PreparedSessionPool sessionPool = null;
    PeerReadiness readiness = null;
    try {
      endpoint = metricsPort >= 0 ? new MetricsEndpoint(host, metricsPort, registry::scrape) : null;
      InferenceService service = new InferenceService(ModelRepository.open(models, ModelRepository.Holder.CLIENT),
          connector, new SessionMetrics(registry, "client"), new InferenceService.Config(maxSessions, deadline,
          maxQueued, maxPredictsPerMinute), ot.backend(), threads.threads(), wire.goal());
      if (pool > 0) {
        Duration poolDeadline = deadline.plusSeconds(poolMaxAgeSeconds);
        sessionPool = new PreparedSessionPool(pool, Duration.ofSeconds(poolMaxAgeSeconds),
            () -> connector.prepare(ot.backend(), threads.threads(), wire.goal(), poolDeadline)).start();
        service.withPool(sessionPool);
      }
      InferenceServer api = new InferenceServer(host, port, apiCredentials, service).start();
      connector.connectEagerly();
      readiness = new PeerReadiness(connector, api, Duration.ofSeconds(2));
      if (apiTls.enabled()) {
        log.info("Inference API on {}:{} with TLS{}", host, api.port(), apiTls.ca != null ? " (client"
            + " certificates required)" : "");
      } else {
        log.warn("Inference API on {}:{} in PLAINTEXT (pass --api-tls-cert/--api-tls-key for TLS)", host,
            api.port());
      }
      if (tls.insecure()) {
        log.warn("link to server-party {} in PLAINTEXT (--insecure)", connector.target());
      } else {
        log.info("link to server-party {} with mutual TLS", connector.target());
      }
      log.info("models: {}; at most {} sessions at once and {} calls waiting, session deadline {} ms, {} predictions"
          + " per caller and minute", service.models().names(), maxSessions, maxQueued, deadline.toMillis(),
          maxPredictsPerMinute == 0 ? "unlimited" : maxPredictsPerMinute);
      return new Running(api, connector, endpoint, apiTls.enabled(), sessionPool, readiness);
    } catch (IOException | RuntimeException e) {
      if (readiness != null) {
        readiness.close();
      }
      if (sessionPool != null) {
        sessionPool.close();
      }
      connector.close();
      if (endpoint != null) {
        endpoint.close();
      }
      throw e;
    }
  }

  /**
   * Refuses a plaintext API on a non-loopback address unless {@code --api-plaintext} says so.
   *
   * @throws IllegalArgumentException naming the flags that fix it
   */
  void checkExposure() {
    if (apiPlaintext && apiTls.enabled()) {
      throw new IllegalArgumentException("--api-plaintext contradicts --api-tls-cert/--api-tls-key: choose one");
    }
    if (apiTls.enabled() || apiPlaintext || isLoopback(host)) {
      return;
    }
    throw new IllegalArgumentException("--host " + host + " is not a loopback address: the Inference API would take"
        + " plaintext calls from the network. Give it TLS with --api-tls-cert and --api-tls-key (and --api-tls-ca to"
        + " require client certificates), or pass --api-plaintext if the port is protected otherwise (e.g. a"
        + " container port published on loopback only)");
  }

  /** True when {@code host} resolves to a loopback address (127.0.0.0/8, ::1, localhost). */
  static boolean isLoopback(String host) {
    InetSocketAddress a = new InetSocketAddress(host, 0);
    if (a.isUnresolved()) {
      throw new IllegalArgumentException("--host " + host + " cannot be resolved");
    }
    return a.getAddress().isLoopbackAddress();
  }

  @Override
  public Integer call() throws Exception {
    Running running = start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("shutting down: finishing running sessions (at most 10 s)");
      running.stop(Duration.ofSeconds(10));
      log.info("stopped");
      stopped.countDown();
    }, "shutdown"));
    spec.commandLine().getOut().println("client-party listening on port " + running.port()
        + (running.metricsPort() >= 0 ? ", metrics on " + running.metricsPort() + "/metrics" : ""));
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
