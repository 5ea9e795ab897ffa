package org.sirnn.client;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sirnn.client.service.InferenceServer;
import org.sirnn.client.service.InferenceService;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.client.service.PartyConnector;
import org.sirnn.metrics.MetricsEndpoint;
import org.sirnn.metrics.SessionMetrics;
import org.sirnn.net.FrameChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import org.sirnn.net.grpc.tls.TlsOptions;
import org.sirnn.nn.runtime.OtOption;
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
 * adding {@code --api-tls-ca} also requires client certificates signed by that CA). It listens on {@code --host},
 * all interfaces by default as in a container; use {@code --host 127.0.0.1} to keep a plaintext API on loopback.
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

  @Option(names = "--host", description = "address the API and metrics listen on (default: ${DEFAULT-VALUE})")
  String host = "0.0.0.0";

  @Option(names = "--port", description = "Inference API port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
  int port = 7002;

  @Option(names = "--server", description = "server-party address HOST:PORT (default: ${DEFAULT-VALUE})")
  String server = "127.0.0.1:7001";

  @Mixin
  TlsOptions tls = new TlsOptions();

  @Mixin
  OtOption ot = new OtOption();

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

  @Option(names = "--max-sessions", description = "sessions run at once; more Predict calls are refused with"
      + " RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE})")
  int maxSessions = 4;

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

    Running(InferenceServer server, PartyConnector connector, MetricsEndpoint endpoint, boolean apiTls) {
      this.server = server;
      this.connector = connector;
      this.endpoint = endpoint;
      this.apiTls = apiTls;
    }

    public int port() {
      return server.port();
    }

    /** The metrics port, or -1 when metrics are off. */
    public int metricsPort() {
      return endpoint == null ? -1 : endpoint.port();
    }

    public boolean apiTls() {
      return apiTls;
    }

    public void stop(Duration grace) {
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
      if (port < 0 || port > 65_535 || metricsPort < -1 || metricsPort > 65_535) {
        throw new IllegalArgumentException("--port must be in 0..65535 and --metrics-port in -1..65535");
      }
      PartyConnector.HostPort.parse("--server", server);
      linkCredentials = tls.channelCredentials();
      apiCredentials = apiTls.serverCredentials();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Duration deadline = Duration.ofMillis(Math.round(deadlineSeconds * 1000));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("application", "client-party");
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    FrameChannel.Options options = FrameChannel.Options.defaults().withMaxFrameBytes(maxFrameBytes);
    PartyConnector connector = new PartyConnector(server, linkCredentials, tlsServerName, options);
    MetricsEndpoint endpoint = null;
    try {
      endpoint = metricsPort >= 0 ? new MetricsEndpoint(host, metricsPort, registry::scrape) : null;
      InferenceService service = new InferenceService(ModelRepository.open(models, ModelRepository.Holder.CLIENT),
          connector, new SessionMetrics(registry, "client"), new InferenceService.Config(maxSessions, deadline),
          ot.backend());
      InferenceServer api = new InferenceServer(host, port, apiCredentials, service).start();
      connector.connectEagerly();
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
      log.info("models: {}; at most {} sessions at once, session deadline {} ms", service.models().names(),
          maxSessions, deadline.toMillis());
      return new Running(api, connector, endpoint, apiTls.enabled());
    } catch (IOException | RuntimeException e) {
      connector.close();
      if (endpoint != null) {
        endpoint.close();
      }
      throw e;
    }
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
