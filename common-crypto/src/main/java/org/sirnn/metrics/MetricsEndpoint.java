package org.sirnn.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A tiny HTTP endpoint (JDK HttpServer) serving a Prometheus scrape at {@code /metrics} and, when given a readiness
 * check, {@code /health}: 200 {@code SERVING} while it holds, 503 {@code NOT_SERVING} otherwise (an HTTP readiness
 * probe for Kubernetes, which cannot probe a mutual-TLS gRPC port).
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;

  /**
   * @param port port to listen on (0 picks a free one)
   * @param scrape produces the text exposition (e.g. {@code PrometheusMeterRegistry::scrape})
   */
  public MetricsEndpoint(String host, int port, Supplier<String> scrape) throws IOException {
    this(host, port, scrape, null);
  }

  /** Path of the readiness endpoint. */
  public static final String HEALTH_PATH = "/health";

  /** Path of the Prometheus scrape. */
  public static final String METRICS_PATH = "/metrics";

  /**
   * @param port port to listen on (0 picks a free one)
   * @param scrape produces the text exposition (e.g. {@code PrometheusMeterRegistry::scrape})
   * @param ready readiness behind {@value #HEALTH_PATH} (null: no {@value #HEALTH_PATH})
   */
  public MetricsEndpoint(String host, int port, Supplier<String> scrape, BooleanSupplier ready) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    if (ready != null) {
      server.createContext(HEALTH_PATH, exchange -> {
        boolean ok = ready.getAsBoolean();
        byte[] body = (ok ? "SERVING\n" : "NOT_SERVING\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(body);
        }
      });
    }
    server.createContext(METRICS_PATH, exchange -> {
      byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
