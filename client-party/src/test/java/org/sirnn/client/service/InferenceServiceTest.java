package org.sirnn.client.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.ExpParams;
import org.sirnn.clear.math.SigmoidParams;
import org.sirnn.clear.math.TanhParams;
import org.sirnn.math.MathFunction;
import org.sirnn.nn.runtime.MathFunctionModel;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.metrics.SessionMetrics;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.proto.InferenceGrpc;
import org.sirnn.proto.LayerStats;
import org.sirnn.proto.ListModelsRequest;
import org.sirnn.proto.ModelInfo;
import org.sirnn.proto.PredictRequest;
import org.sirnn.proto.PredictResponse;
import org.sirnn.nn.runtime.ServedModel;
import org.sirnn.proto.Tensor;
import org.sirnn.ring.Ring;
import org.sirnn.test.LoopbackGrpc;
import org.slf4j.LoggerFactory;

/**
 * The Inference service in this JVM against a PartyLink server that runs the session runner over the built-in math
 * models (what server-party does for them), both on loopback gRPC.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InferenceServiceTest {

  /** A PartyLink server, the Inference service in front of it and a client stub of the API. */
  static final class Stack implements AutoCloseable {
    final LoopbackGrpc partyLink;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final PartyConnector connector;
    final InferenceService service;
    final InferenceServer api;
    final ManagedChannel channel;
    final InferenceGrpc.InferenceBlockingStub stub;

    /** @param serverPort PartyLink port to connect to, or -1 for {@code partyLink}'s */
    Stack(PartyLinkService.SessionHandler handler, int serverPort, int maxSessions, Duration deadline)
        throws IOException {
      this(handler, serverPort, new InferenceService.Config(maxSessions, deadline));
    }

    Stack(PartyLinkService.SessionHandler handler, int serverPort, InferenceService.Config config)
        throws IOException {
      partyLink = handler == null ? null : new LoopbackGrpc(handler, FrameChannel.Options.defaults());
      int port = serverPort >= 0 ? serverPort : partyLink.server.getPort();
      connector = new PartyConnector("127.0.0.1:" + port, InsecureChannelCredentials.create(), null,
          FrameChannel.Options.defaults());
      service = new InferenceService(ModelRepository.open(Path.of("..", "models"), ModelRepository.Holder.CLIENT), connector, new SessionMetrics(registry, "client"),
          config);
      api = new InferenceServer("127.0.0.1", 0, InsecureServerCredentials.create(), service).start();
      channel = NettyChannelBuilder.forAddress("127.0.0.1", api.port()).usePlaintext().build();
      stub = InferenceGrpc.newBlockingStub(channel);
    }

    InferenceGrpc.InferenceBlockingStub stub(long seconds) {
      return stub.withDeadlineAfter(seconds, TimeUnit.SECONDS);
    }

    double gauge(String name) {
      return registry.get(name).gauge().value();
    }

    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      api.stop(Duration.ofSeconds(1));
      connector.close();
      if (partyLink != null) {
        partyLink.close();
      }
    }
  }

  private static final PartyLinkService.SessionHandler MATH = SessionRunner.server(ModelRepository.open(null,
      ModelRepository.Holder.SERVER));

  private static Stack stack;

  @BeforeAll
  static void start() throws IOException {
    stack = new Stack(MATH, -1, 4, Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (stack != null) {
      stack.close();
    }
  }

  static PredictRequest request(String model, long... values) {
    Tensor.Builder t = Tensor.newBuilder().addShape(values.length).setScale(12);
    for (long v : values) {
      t.addValues(v);
    }
    return PredictRequest.newBuilder().setModel(model).setInput(t).build();
  }

  /** Inputs over [-8, 8] at scale 12 plus the 16-bit extremes; for exp the non-positive ones. */
  static long[] inputs(MathFunction f, int n) {
    long[] x = new long[n];
    for (int i = 0; i < n - 2; i++) {
      x[i] = Math.round((-8.0 + 16.0 * i / (n - 3)) * 4096);
      x[i] = Math.max(-32768, Math.min(32767, x[i]));
    }
    x[n - 2] = -32768;
    x[n - 1] = 32767;
    if (f == MathFunction.EXP) {
      for (int i = 0; i < n; i++) {
        x[i] = -Math.abs(x[i]);
      }
    }
    return x;
  }

  /** The cleartext twin at 16 bits, scale 12 in and out, as a signed integer. */
  static long twin(MathFunction f, long x) {
    long xb = x & Ring.mask(16);
    long y = switch (f) {
      case EXP -> ClearMath.expNeg(xb, new ExpParams(16, 12, 16, 12));
      case SIGMOID -> ClearMath.sigmoid(xb, new SigmoidParams(16, 12, 16, 12));
      case TANH -> ClearMath.tanh(xb, new TanhParams(16, 12, 16, 12));
      default -> throw new IllegalArgumentException("no twin for " + f);
    };
    return Ring.signed(y, 16);
  }

  static long[] twins(MathFunction f, long[] x) {
    long[] y = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = twin(f, x[i]);
    }
    return y;
  }

  static int argmax(long[] y) {
    int best = 0;
    for (int i = 1; i < y.length; i++) {
      if (y[i] > y[best]) {
        best = i;
      }
    }
    return best;
  }

  static long[] scores(PredictResponse r) {
    return r.getScores().getValuesList().stream().mapToLong(Long::longValue).toArray();
  }

  static StatusRuntimeException fails(Status.Code code, Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, e.getStatus().getCode(), () -> "status " + e.getStatus());
    return e;
  }

  @Test
  void predictEqualsTheCleartextTwinForEachModel() {
    for (String model : List.of("sigmoid-q12", "tanh-q12", "exp-q12")) {
      MathFunction f = ((MathFunctionModel) stack.service.models().get(model)).function();
      long[] x = inputs(f, 101);
      PredictResponse r = stack.stub(30).predict(request(model, x));
      long[] want = twins(f, x);
      assertArrayEquals(want, scores(r), model);
      assertEquals(List.of(x.length), r.getScores().getShapeList(), model);
      assertEquals(12, r.getScores().getScale(), model);
      assertEquals(argmax(want), r.getLabel(), model);
      assertFalse(r.getSessionId().isEmpty(), model);

      Map<String, LayerStats> stats = r.getStatsList().stream()
          .collect(Collectors.toMap(LayerStats::getScope, Function.identity()));
      String op = f.name().toLowerCase();
      assertTrue(stats.containsKey(op), () -> model + ": no scope " + op + " in " + stats.keySet());
      LayerStats total = stats.get(InferenceService.SESSION_SCOPE);
      assertTrue(total.getBytesSent() > 0 && total.getBytesReceived() > 0 && total.getRounds() > 0, model);
      assertTrue(stats.get(op).getBytesSent() + stats.get(op).getBytesReceived() > 0, model);
      assertTrue(stats.get(op).getRounds() > 0 && stats.get(op).getMillis() > 0, model);
      assertTrue(total.getBytesSent() >= stats.get(op).getBytesSent(), model);
      assertTrue(stats.keySet().stream().anyMatch(s -> s.startsWith(op + "/")), model);
    }
    String scrape = stack.registry.scrape();
    assertTrue(scrape.contains("sirnn_sessions_started_total{model=\"sigmoid-q12\",party=\"client\"}"), scrape);
    assertTrue(scrape.lines().anyMatch(l -> l.startsWith("sirnn_protocol_sent_bytes_total{")
        && l.contains("layer=\"tanh\"") && l.contains("party=\"client\"")), scrape);
  }

  @Test
  void concurrentPredictsRunSideBySide() throws Exception {
    List<java.util.concurrent.Future<PredictResponse>> calls = new ArrayList<>();
    List<long[]> inputs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long[] x = inputs(MathFunction.TANH, 20 + i);
      inputs.add(x);
      calls.add(InferenceGrpc.newFutureStub(stack.channel).withDeadlineAfter(40, TimeUnit.SECONDS)
          .predict(request("tanh-q12", x)));
    }
    java.util.Set<String> sessions = new java.util.HashSet<>();
    for (int i = 0; i < calls.size(); i++) {
      PredictResponse r = calls.get(i).get(40, TimeUnit.SECONDS);
      assertArrayEquals(twins(MathFunction.TANH, inputs.get(i)), scores(r), "call " + i);
      sessions.add(r.getSessionId());
    }
    assertEquals(calls.size(), sessions.size(), "one session per call");
  }

  @Test
  void listModelsNamesTheMathModelsAndGoogle30() {
    List<ModelInfo> models = stack.stub(5).listModels(ListModelsRequest.getDefaultInstance()).getModelsList();
    List<String> names = models.stream().map(ModelInfo::getName).collect(Collectors.toList());
    assertTrue(names.containsAll(List.of("sigmoid-q12", "tanh-q12", "exp-q12", "google30", "google30-fused",
        "google13", "usps", "heads")), names.toString());
    for (ModelInfo m : models.stream().filter(m -> m.getName().endsWith("-q12")).toList()) {
      assertEquals(12, m.getInputScale(), m.getName());
      assertFalse(m.getDescription().isEmpty(), m.getName());
    }
  }

  @Test
  void unknownModelIsNotFoundWithTheName() {
    StatusRuntimeException e = fails(Status.Code.NOT_FOUND,
        () -> stack.stub(5).predict(request("no-such-model", 1, 2, 3)));
    assertTrue(e.getStatus().getDescription().contains("no-such-model"), e.getStatus().getDescription());
    assertTrue(e.getStatus().getDescription().contains("sigmoid-q12"), "lists the available models");
  }

  @Test
  void badInputsAreInvalidArgumentNamingTheProblem_andTheNextCallSucceeds() {
    record Bad(String what, PredictRequest request, String mentions) {}
    long[] many = new long[ModelRepository.MATH_MAX_VALUES + 1];
    List<Bad> cases = List.of(
        new Bad("empty", request("sigmoid-q12"), "empty"),
        new Bad("too many", request("sigmoid-q12", many), "too many"),
        new Bad("above 16 bits", request("tanh-q12", 0, 5, 32768), "32768 at index 2"),
        new Bad("below 16 bits", request("sigmoid-q12", -32769), "-32769 at index 0"),
        new Bad("exp of a positive input", request("exp-q12", -5, 7), "outside [-32768, 0]"),
        new Bad("matrix", PredictRequest.newBuilder().setModel("tanh-q12").setInput(Tensor.newBuilder()
            .addShape(2).addShape(2).addValues(1).addValues(2).addValues(3).addValues(4)).build(), "shape [2, 2]"),
        new Bad("shape mismatch", PredictRequest.newBuilder().setModel("tanh-q12").setInput(Tensor.newBuilder()
            .addShape(5).addValues(1).addValues(2)).build(), "does not match"),
        new Bad("scale", PredictRequest.newBuilder().setModel("tanh-q12").setInput(Tensor.newBuilder()
            .addShape(1).addValues(1).setScale(8)).build(), "scale 8"));
    for (Bad b : cases) {
      StatusRuntimeException e = fails(Status.Code.INVALID_ARGUMENT, () -> stack.stub(5).predict(b.request()));
      String d = e.getStatus().getDescription();
      assertTrue(d.contains(b.mentions()), b.what() + ": '" + d + "' should mention '" + b.mentions() + "'");
    }
    assertTrue(fails(Status.Code.INVALID_ARGUMENT, () -> stack.stub(5).predict(request("sigmoid-q12", many)))
        .getStatus().getDescription().contains(String.valueOf(ModelRepository.MATH_MAX_VALUES)));

    // an unset shape and scale mean a vector in the model's encoding
    PredictResponse r = stack.stub(30).predict(PredictRequest.newBuilder().setModel("sigmoid-q12")
        .setInput(Tensor.newBuilder().addValues(0).addValues(4096)).build());
    assertArrayEquals(new long[] {twin(MathFunction.SIGMOID, 0), twin(MathFunction.SIGMOID, 4096)}, scores(r));
  }

  @Test
  void largestInputIsAccepted() {
    long[] x = new long[ModelRepository.MATH_MAX_VALUES];
    for (int i = 0; i < x.length; i++) {
      x[i] = -(i % 32769);
    }
    PredictResponse r = stack.stub(50).predict(request("exp-q12", x));
    assertArrayEquals(twins(MathFunction.EXP, x), scores(r));
    assertEquals(0, r.getLabel());
  }

  @Test
  void unreachableServerIsUnavailableQuickly_andTheServiceKeepsServing() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (Stack lonely = new Stack(null, closedPort, 2, Duration.ofSeconds(5))) {
      for (int i = 0; i < 2; i++) {
        long t0 = System.nanoTime();
        StatusRuntimeException e = fails(Status.Code.UNAVAILABLE,
            () -> lonely.stub(20).predict(request("tanh-q12", 1, 2, 3)));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(6), "fails within the session deadline");
        assertTrue(e.getStatus().getDescription().contains("127.0.0.1:" + closedPort),
            e.getStatus().getDescription());
        assertTrue(e.getTrailers().get(InferenceService.SESSION_TRAILER) != null, "session id in the trailers");
      }
      assertTrue(lonely.registry.scrape().contains("reason=\"PEER_GONE\""), "failed session counted");
      assertEquals(stack.service.models().names().size(), lonely.stub(5).listModels(ListModelsRequest.getDefaultInstance()).getModelsCount());
    }
  }

  /** A server half that accepts the session and then waits for {@code release}; a test controls when it ends. */
  static final class Stalling implements PartyLinkService.SessionHandler {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void run(org.sirnn.proto.Hello hello, FrameChannel ch) throws Exception {
      entered.countDown();
      release.await(50, TimeUnit.SECONDS);
      throw new ProtocolAbortException(ProtocolAbortException.Reason.INCOMPATIBLE, "stalling server gives up");
    }
  }

  @Test
  void callsBeyondTheSlotsWaitInTheQueue_andAFullQueueIsResourceExhausted() throws Exception {
    Stalling stalling = new Stalling();
    try (Stack one = new Stack(stalling, -1, new InferenceService.Config(1, Duration.ofSeconds(30), 1, 0))) {
      var first = InferenceGrpc.newFutureStub(one.channel).withDeadlineAfter(40, TimeUnit.SECONDS)
          .predict(request("sigmoid-q12", 1, 2));
      assertTrue(stalling.entered.await(20, TimeUnit.SECONDS));
      var second = InferenceGrpc.newFutureStub(one.channel).withDeadlineAfter(40, TimeUnit.SECONDS)
          .predict(request("sigmoid-q12", 3));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (one.gauge("sirnn.sessions.queued") < 1 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertEquals(1.0, one.gauge("sirnn.sessions.queued"), "the second call waits");
      StatusRuntimeException e = fails(Status.Code.RESOURCE_EXHAUSTED,
          () -> one.stub(5).predict(request("sigmoid-q12", 1, 2)));
      assertTrue(e.getStatus().getDescription().contains("queue is full"), e.getStatus().getDescription());
      assertTrue(e.getStatus().getDescription().contains("--max-queued 1"), e.getStatus().getDescription());
      stalling.release.countDown();
      java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> first.get(20, TimeUnit.SECONDS));
      assertTrue(Status.fromThrowable(failed.getCause()).getDescription().contains("stalling server gives up"),
          failed.toString());
      // the queued call ran its own session after the first (this server ends every session the same way)
      java.util.concurrent.ExecutionException then = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> second.get(20, TimeUnit.SECONDS));
      assertTrue(Status.fromThrowable(then.getCause()).getDescription().contains("stalling server gives up"),
          then.toString());
    }
  }

  @Test
  void aQueuedCallEndsWithItsDeadline_andLeavesTheQueue() throws Exception {
    Stalling stalling = new Stalling();
    try (Stack one = new Stack(stalling, -1, new InferenceService.Config(1, Duration.ofSeconds(30), 4, 0))) {
      var first = InferenceGrpc.newFutureStub(one.channel).withDeadlineAfter(40, TimeUnit.SECONDS)
          .predict(request("sigmoid-q12", 1));
      assertTrue(stalling.entered.await(20, TimeUnit.SECONDS));
      long t0 = System.nanoTime();
      fails(Status.Code.DEADLINE_EXCEEDED, () -> one.stub.withDeadlineAfter(700, TimeUnit.MILLISECONDS)
          .predict(request("sigmoid-q12", 2)));
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (one.gauge("sirnn.sessions.queued") > 0 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertEquals(0.0, one.gauge("sirnn.sessions.queued"), "withdrawn from the queue");
      stalling.release.countDown();
      assertThrows(java.util.concurrent.ExecutionException.class, () -> first.get(20, TimeUnit.SECONDS));
    } finally {
      stalling.release.countDown();
    }
  }

  @Test
  void callsBeyondTheRateLimitAreResourceExhaustedNamingTheCaller() throws Exception {
    try (Stack limited = new Stack(MATH, -1, new InferenceService.Config(2, Duration.ofSeconds(30), 4, 2))) {
      limited.stub(30).predict(request("sigmoid-q12", 1));
      fails(Status.Code.INVALID_ARGUMENT, () -> limited.stub(30).predict(request("sigmoid-q12", 1 << 20)));
      StatusRuntimeException e = fails(Status.Code.RESOURCE_EXHAUSTED,
          () -> limited.stub(30).predict(request("sigmoid-q12", 2)));
      String d = e.getStatus().getDescription();
      assertTrue(d.contains("rate limit of 2 predictions per minute for caller 127.0.0.1"), d);
    }
  }

  @Test
  void sessionDeadlineEndsAStalledSession() throws Exception {
    Stalling stalling = new Stalling();
    try (Stack quick = new Stack(stalling, -1, 2, Duration.ofMillis(1500))) {
      long t0 = System.nanoTime();
      StatusRuntimeException e = fails(Status.Code.DEADLINE_EXCEEDED,
          () -> quick.stub(20).predict(request("tanh-q12", 1)));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < 6000, "ended by the 1.5 s session deadline, took " + ms + " ms");
      assertTrue(e.getStatus().getDescription().contains("deadline"), e.getStatus().getDescription());
    } finally {
      stalling.release.countDown();
    }
  }

  @Test
  void callerDeadlineAndCancellationEndTheSession() throws Exception {
    Stalling stalling = new Stalling();
    try (Stack s = new Stack(stalling, -1, 2, Duration.ofSeconds(30))) {
      long t0 = System.nanoTime();
      fails(Status.Code.DEADLINE_EXCEEDED, () -> s.stub.withDeadlineAfter(1000, TimeUnit.MILLISECONDS)
          .predict(request("tanh-q12", 1)));
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
      // the session to server-party ends with the caller's deadline, not 30 s later
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (s.gauge("sirnn.sessions.active") > 0 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertEquals(0.0, s.gauge("sirnn.sessions.active"), "session still running after the caller's deadline");
    } finally {
      stalling.release.countDown();
    }
  }

  @Test
  void everyLogLineOfASessionCarriesItsId() {
    Logger logger = (Logger) LoggerFactory.getLogger(InferenceService.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      PredictResponse r = stack.stub(30).predict(request("sigmoid-q12", 100, -100));
      fails(Status.Code.INVALID_ARGUMENT, () -> stack.stub(5).predict(request("sigmoid-q12", 1 << 20)));
      List<ILoggingEvent> mine = new ArrayList<>();
      long until = System.currentTimeMillis() + 5000;
      while (System.currentTimeMillis() < until) {
        mine = appender.list.stream().filter(ev -> r.getSessionId().equals(ev.getMDCPropertyMap().get("session")))
            .collect(Collectors.toList());
        if (mine.size() >= 2) {
          break;
        }
        Thread.yield();
      }
      assertTrue(mine.stream().anyMatch(ev -> ev.getFormattedMessage().contains("done")),
          "the session's 'done' line has the session id: " + appender.list);
      for (ILoggingEvent ev : new ArrayList<>(appender.list)) {
        assertTrue(ev.getMDCPropertyMap().containsKey("session"), "no session id on: " + ev.getFormattedMessage());
      }
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void healthServiceReportsServing() {
    HealthCheckResponse h = HealthGrpc.newBlockingStub(stack.channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(InferenceGrpc.SERVICE_NAME).build());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, h.getStatus());
  }

  /** Port of the shared stack's API, for the command-line tests. */
  static int apiPort() {
    return stack.api.port();
  }

  @Test
  void pooledSessions_runOnlyTheOnlinePart_andEqualTheTwin() throws Exception {
    try (Stack pooled = new Stack(MATH, -1, new InferenceService.Config(2, Duration.ofSeconds(30)));
        PreparedSessionPool pool = new PreparedSessionPool(1, Duration.ofSeconds(30),
            () -> pooled.connector.prepare(org.sirnn.ot.OtBackend.IKNP, Duration.ofSeconds(60))).start()) {
      pooled.service.withPool(pool);
      assertTrue(pool.awaitReady(1, Duration.ofSeconds(30)));
      long[] x = {0, 4096, -4096, 100};
      for (int i = 0; i < 3; i++) {
        PredictResponse r = pooled.stub(30).predict(request("sigmoid-q12", x));
        ServedModel m = pooled.service.models().get("sigmoid-q12");
        long[] twin = ModelRepository.open(null, ModelRepository.Holder.BOTH).get("sigmoid-q12").twin(x, x.length);
        assertArrayEquals(twin, r.getScores().getValuesList().stream().mapToLong(Long::longValue).toArray());
        assertTrue(r.getStatsList().stream().anyMatch(st -> st.getScope().equals("setup")), r.getStatsList()
            .toString());
        assertTrue(m != null);
        pool.awaitReady(1, Duration.ofSeconds(30));
      }
      assertTrue(pool.stats().taken() >= 2, "Predicts took pooled sessions: " + pool.stats());
    }
  }
}
