package org.sirnn.server;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.OtOption;
import org.sirnn.nn.runtime.ThreadsOption;
import org.sirnn.metrics.MetricsEndpoint;
import org.sirnn.metrics.SessionMetrics;
import org.sirnn.net.grpc.tls.AllowClientOption;
import org.sirnn.net.grpc.tls.ClientIdentityInterceptor;
import org.sirnn.net.grpc.tls.TlsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Command line of server-party, the model owner's service. */
@Command(name = "server-party", mixinStandardHelpOptions = true, version = "sirnn-java server-party 0.1",
    subcommands = ImportCommand.class,
    description = "Serves secure-inference sessions (PartyLink) for the models in a directory.")
public final class ServerPartyMain implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServerPartyMain.class);

  @Option(names = "--host", description = "address to listen on (default: ${DEFAULT-VALUE})")
  String host = "0.0.0.0";

  @Option(names = "--port", description = "port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one)")
  int port = 7001;

  @Option(names = "--models", description = "directory of models to serve")
  Path models;

  @Option(names = "--max-sessions", description = "sessions run at once (default: ${DEFAULT-VALUE})")
  int maxSessions = 16;

  @Option(names = "--session-timeout", description = "longest a peer may stay silent, ISO-8601 or seconds (default: ${DEFAULT-VALUE})",
      converter = DurationConverter.class)
  Duration receiveTimeout = Duration.ofSeconds(60);

  @Option(names = "--session-deadline", description = "longest one session may run in all, ISO-8601 or seconds"
      + " (default: ${DEFAULT-VALUE})", converter = DurationConverter.class)
  Duration sessionDeadline = Duration.ofMinutes(30);

  @Option(names = "--memory-budget", description = "memory the running sessions may take together, estimated per"
      + " session from its model and batch, e.g. 3g or 512m (default: 70% of the heap); a session that does not fit"
      + " is refused with RESOURCE_EXHAUSTED", converter = ByteSizeConverter.class)
  Long memoryBudget;

  @Option(names = "--max-frame-bytes", description = "largest frame on the wire (default: ${DEFAULT-VALUE})")
  int maxFrameBytes = 1 << 20;

  @Option(names = "--metrics-port", description = "Prometheus scrape port, /metrics (default: ${DEFAULT-VALUE}; -1 = off)")
  int metricsPort = 9401;

  @Mixin
  TlsOptions tls = new TlsOptions();

  @Mixin
  AllowClientOption allowClient = new AllowClientOption();

  @Mixin
  OtOption ot = new OtOption();

  @Mixin
  ThreadsOption threads = new ThreadsOption();

  /** Parses "30", "30s", "5m" or ISO-8601 "PT30S". */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase();
      if (v.startsWith("pt")) {
        return Duration.parse(value);
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(v));
    }
  }

  /** Parses "512m", "3g", "64k" or a plain number of bytes. */
  static final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String v = value.trim().toLowerCase();
      int shift = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
        case 'k' -> 10;
        case 'm' -> 20;
        case 'g' -> 30;
        default -> 0;
      };
      long n = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1));
      if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
        throw new CommandLine.TypeConversionException("not a positive size: " + value);
      }
      return n << shift;
    }
  }

  @Override
  public Integer call() throws Exception {
    if (models != null && !Files.isDirectory(models)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--models: not a directory: " + models);
    }
    ServerCredentials creds;
    ClientIdentityInterceptor clients = null;
    try {
      creds = tls.serverCredentials();
      if (tls.insecure() && allowClient.given()) {
        throw new IllegalArgumentException("--allow-client needs mutual TLS; it cannot be used with --insecure");
      }
      if (!tls.insecure()) {
        clients = allowClient.interceptor();
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("application", "server-party");
    new JvmMemoryMetrics().bindTo(registry);
    registry.config().meterFilter(org.sirnn.metrics.PromtoolNames.filter()); // names promtool accepts
    new ProcessorMetrics().bindTo(registry);
    // readiness for the HTTP /health probe: the party once started (models loaded), until shutdown begins
    AtomicReference<ServerParty> started = new AtomicReference<>();
    MetricsEndpoint endpoint = metricsPort >= 0 ? new MetricsEndpoint(host, metricsPort, registry::scrape,
        () -> started.get() != null && started.get().serving()) : null;
    ServerParty.Config config = new ServerParty.Config(maxSessions, maxFrameBytes, receiveTimeout,
        memoryBudget != null ? memoryBudget : ServerParty.Config.defaultMemoryBudget(), sessionDeadline);
    ServerBuilder<?> builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port), creds);
    if (clients != null) {
      builder.intercept(clients); // every service: only the allowed client identities get past the handshake
    }
    ModelRepository repository = ModelRepository.open(models, ModelRepository.Holder.SERVER).loadAll();
    ServerParty party = new ServerParty(builder, config, new SessionMetrics(registry, "server"), repository,
        ot.backend(), threads.threads());
    log.info("models served: {}; OT backend {}; up to {} threads per session; {} sessions at once, memory budget {} MiB, session deadline {} s",
        repository.names(), OtOption.name(ot.backend()), threads.threads(), maxSessions, config.memoryBudgetBytes() >> 20,
        sessionDeadline.toSeconds());
    party.start();
    started.set(party);
    if (tls.insecure()) {
      log.warn("PartyLink on port {} in PLAINTEXT (--insecure)", party.port());
    } else {
      log.info("PartyLink on port {} with mutual TLS; allowed clients {}", party.port(), clients.allowed());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("shutting down");
      party.stop(Duration.ofSeconds(10));
      if (endpoint != null) {
        endpoint.close();
      }
      stopped.countDown();
    }, "shutdown"));
    System.out.println("server-party listening on port " + party.port()
        + (endpoint != null ? ", metrics on " + endpoint.port() + "/metrics" : ""));
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ServerPartyMain()).execute(args));
  }
}
