package org.sirnn.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** A tiny HTTP endpoint (JDK HttpServer) serving a Prometheus scrape at {@code /metrics}. */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;

  /**
   * @param port port to listen on (0 picks a free one)
   * @param scrape produces the text exposition (e.g. {@code PrometheusMeterRegistry::scrape})
   */
  public MetricsEndpoint(String host, int port, Supplier<String> scrape) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/metrics", exchange -> {
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
