package org.sirnn.client.service;

import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.sirnn.proto.InferenceGrpc;

/**
 * The gRPC server of client-party's Inference API: the {@link InferenceService}, the standard health service
 * ({@code grpc.health.v1.Health}; "" and {@code sirnn.v1.Inference} are SERVING while the server runs) and server
 * reflection ({@code grpc.reflection.v1}), so that grpcurl and load balancers work. Every Inference call knows its
 * caller ({@link CallerIdentity}).
 */
public final class InferenceServer implements AutoCloseable {
  private final Server server;
  private final HealthStatusManager health = new HealthStatusManager();
  private boolean stopped;
  private final InferenceService service;

  /**
   * @param host address to listen on (e.g. 0.0.0.0 for all interfaces, 127.0.0.1 for loopback only)
   * @param port port to listen on, 0 picks a free one
   * @param credentials credentials of the API port (plaintext or TLS)
   */
  public InferenceServer(String host, int port, ServerCredentials credentials, InferenceService service) {
    this.service = service;
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port), credentials)
        .addService(ServerInterceptors.intercept(service, new CallerIdentity()))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .maxInboundMessageSize(16 << 20)
        .build();
  }

  public InferenceServer start() throws IOException {
    server.start();
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    health.setStatus(InferenceGrpc.SERVICE_NAME, ServingStatus.SERVING);
    return this;
  }

  /**
   * Readiness: SERVING while server-party is reachable, NOT_SERVING while it is not (see {@link PeerReadiness});
   * ignored after {@link #stop}.
   */
  public synchronized void setServing(boolean serving) {
    if (stopped) {
      return;
    }
    ServingStatus st = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, st);
    health.setStatus(InferenceGrpc.SERVICE_NAME, st);
  }

  public int port() {
    return server.getPort();
  }

  /** The address the server listens on (after {@link #start()}). */
  public InetSocketAddress address() {
    for (SocketAddress a : server.getListenSockets()) {
      if (a instanceof InetSocketAddress inet) {
        return inet;
      }
    }
    throw new IllegalStateException("the Inference API is not listening");
  }

  /**
   * Graceful stop: health turns NOT_SERVING, no new calls are accepted, running calls get {@code grace} to
   * finish, then everything left is cancelled.
   */
  public void stop(Duration grace) {
    synchronized (this) {
      stopped = true;
      health.enterTerminalState();
    }
    server.shutdown();
    service.shutdown(grace);
    try {
      if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    stop(Duration.ZERO);
  }
}
