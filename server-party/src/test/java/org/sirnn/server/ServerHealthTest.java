package org.sirnn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.metrics.MetricsEndpoint;
import org.sirnn.metrics.SessionMetrics;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.LinkCheck;
import org.sirnn.net.grpc.PartyLinkClient;
import org.sirnn.proto.PartyLinkGrpc;

/**
 * server-party's operational surface: gRPC health ({@code grpc.health.v1}) and reflection ({@code grpc.reflection.v1})
 * on the PartyLink port, the HTTP {@code /health} readiness of the metrics port, and the
 * {@code sirnn.sessions.active} gauge the autoscaler reads.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServerHealthTest {

  @Test
  void healthCheck_servingForOverallAndPartyLink() throws Exception {
    assertEquals("sirnn.v1.PartyLink", PartyLinkGrpc.SERVICE_NAME);
    try (Loopback lb = new Loopback(2, 1 << 20, Duration.ofSeconds(5))) {
      ManagedChannel ch = lb.channel();
      try {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertEquals(ServingStatus.SERVING,
            health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus());
        assertEquals(ServingStatus.SERVING,
            health.check(HealthCheckRequest.newBuilder().setService(PartyLinkGrpc.SERVICE_NAME).build()).getStatus());
        assertTrue(lb.server.serving());
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void reflection_listsPartyLinkHealthAndReflection() throws Exception {
    try (Loopback lb = new Loopback(2, 1 << 20, Duration.ofSeconds(5))) {
      ManagedChannel ch = lb.channel();
      try {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(ch)
            .withDeadlineAfter(10, TimeUnit.SECONDS).serverReflectionInfo(new StreamObserver<>() {
              @Override
              public void onNext(ServerReflectionResponse value) {
                answer.complete(value);
              }

              @Override
              public void onError(Throwable t) {
                answer.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                answer.completeExceptionally(new IllegalStateException("no answer"));
              }
            });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        ServerReflectionResponse r = answer.get(10, TimeUnit.SECONDS);
        requests.onCompleted();
        Set<String> names = r.getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName)
            .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(names.containsAll(List.of("sirnn.v1.PartyLink", "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection")), "services: " + names);
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void readiness_notServingBeforeStartAndFromTheFirstMomentOfStop() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ServerParty party = new ServerParty(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        new ServerParty.Config(2, 1 << 20, Duration.ofSeconds(5)), new SessionMetrics(registry, "server"));
    HttpClient http = HttpClient.newHttpClient();
    try (MetricsEndpoint endpoint = new MetricsEndpoint("127.0.0.1", 0, () -> "", party::serving)) {
      URI health = URI.create("http://127.0.0.1:" + endpoint.port() + MetricsEndpoint.HEALTH_PATH);
      assertEquals(503, get(http, health).statusCode());
      party.start();
      HttpResponse<String> ok = get(http, health);
      assertEquals(200, ok.statusCode());
      assertEquals("SERVING", ok.body().trim());

      // a Watch stream sees NOT_SERVING as soon as stop begins
      ManagedChannel ch = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
          .forAddress("127.0.0.1", party.port()).usePlaintext().build();
      BlockingQueue<ServingStatus> seen = new LinkedBlockingQueue<>();
      HealthGrpc.newStub(ch).watch(HealthCheckRequest.newBuilder().setService(PartyLinkGrpc.SERVICE_NAME).build(),
          new StreamObserver<>() {
            @Override
            public void onNext(HealthCheckResponse value) {
              seen.add(value.getStatus());
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
          });
      assertEquals(ServingStatus.SERVING, seen.poll(10, TimeUnit.SECONDS));
      Thread stopper = new Thread(() -> party.stop(Duration.ofSeconds(2)));
      stopper.start();
      assertEquals(ServingStatus.NOT_SERVING, seen.poll(10, TimeUnit.SECONDS));
      assertFalse(party.serving());
      HttpResponse<String> down = get(http, health);
      assertEquals(503, down.statusCode());
      assertEquals("NOT_SERVING", down.body().trim());
      stopper.join(10_000);
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } finally {
      party.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void activeSessionsGauge_countsARunningSession() throws Exception {
    try (Loopback lb = new Loopback(2, 1 << 20, Duration.ofSeconds(5))) {
      Gauge g = lb.registry.find("sirnn.sessions.active").tag("party", "server").gauge();
      assertNotNull(g, "sirnn.sessions.active");
      assertEquals(0.0, g.value());
      ManagedChannel grpc = lb.channel();
      try {
        FrameChannel ch = PartyLinkClient.open(grpc, UUID.randomUUID().toString(), LinkCheck.MODEL,
            FrameChannel.Options.defaults(), Duration.ofSeconds(30));
        assertTrue(await(() -> g.value() == 1.0), "gauge during a session: " + g.value());
        assertEquals(1, lb.server.gate().active());
        LinkCheck.exchange(ch, new long[] {1, 2, 3}, 8, true);
        LinkCheck.end(ch);
        ch.close();
        assertTrue(await(() -> g.value() == 0.0), "gauge after the session: " + g.value());
      } finally {
        grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
