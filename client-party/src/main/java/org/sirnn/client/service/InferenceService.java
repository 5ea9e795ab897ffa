package org.sirnn.client.service;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.sirnn.metrics.SessionMetrics;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.Traffic;
import org.sirnn.proto.InferenceGrpc;
import org.sirnn.proto.LayerStats;
import org.sirnn.proto.ListModelsRequest;
import org.sirnn.proto.ListModelsResponse;
import org.sirnn.proto.ModelInfo;
import org.sirnn.nn.runtime.ModelPlan;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.ot.OtBackend;
import java.util.Arrays;
import org.sirnn.proto.PredictRequest;
import org.sirnn.proto.PredictResponse;
import org.sirnn.proto.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Inference API of client-party. Each {@code Predict} checks the request against the model's public metadata,
 * then opens one {@code PartyLink} session to server-party and runs the secure evaluation on a bounded pool of
 * session threads (never on a gRPC thread); a request beyond {@link Config#maxSessions()} running sessions is
 * refused with {@code RESOURCE_EXHAUSTED} rather than queued.
 *
 * <p>Answers: the output integers ({@code scores}, shape [n], the model's output scale), the argmax as
 * {@code label} (first index of the largest output), one {@link LayerStats} per scope of the session's
 * {@link Traffic} (inclusive of nested scopes; the whole session as scope {@value #SESSION_SCOPE}, its millis the
 * session's wall time) and the {@code session_id} that every log line of the session carries (MDC key
 * {@value #MDC_KEY}) and that failures name in their description and in the trailer {@code sirnn-session-id}.
 *
 * <p>Errors: unknown model -&gt; {@code NOT_FOUND}; shape, scale, count or value out of range -&gt;
 * {@code INVALID_ARGUMENT} naming the problem; session failures as in {@link SessionStatus}. Every session runs
 * under a deadline: the configured one, or the caller's deadline if that is sooner.
 */
public final class InferenceService extends InferenceGrpc.InferenceImplBase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InferenceService.class);

  /** MDC key of the session id. */
  public static final String MDC_KEY = "session";
  /** Scope name under which the whole session's totals are reported. */
  public static final String SESSION_SCOPE = "session";
  /** Trailer carrying the session id of a failed Predict. */
  public static final Metadata.Key<String> SESSION_TRAILER =
      Metadata.Key.of("sirnn-session-id", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * Limits of the service.
   *
   * @param maxSessions sessions running at once; more are refused with RESOURCE_EXHAUSTED
   * @param sessionDeadline longest a session may take (caller deadlines shorten it)
   */
  public record Config(int maxSessions, Duration sessionDeadline) {
    public Config {
      if (maxSessions < 1) {
        throw new IllegalArgumentException("maxSessions must be >= 1, got " + maxSessions);
      }
      if (sessionDeadline.isNegative() || sessionDeadline.isZero()) {
        throw new IllegalArgumentException("the session deadline must be positive, got " + sessionDeadline);
      }
    }
  }

  private final ModelRepository models;
  private final OtBackend ot;
  private final PartyConnector connector;
  private final SessionMetrics metrics;
  private final Config config;
  private final ThreadPoolExecutor sessions;
  /** Admission: a call holds a slot from acceptance until just before its answer is sent. */
  private final Semaphore slots;

  /**
   * @param models the models offered, public metadata only ({@link ModelRepository.Holder#CLIENT})
   */
  public InferenceService(ModelRepository models, PartyConnector connector, SessionMetrics metrics, Config config) {
    this(models, connector, metrics, config, OtBackend.IKNP);
  }

  /**
   * @param models the models offered, public metadata only ({@link ModelRepository.Holder#CLIENT})
   * @param ot the OT backend of every session (server-party must run the same)
   */
  public InferenceService(ModelRepository models, PartyConnector connector, SessionMetrics metrics, Config config,
      OtBackend ot) {
    this.ot = ot;
    this.models = models;
    this.connector = connector;
    this.metrics = metrics;
    this.config = config;
    AtomicInteger ids = new AtomicInteger();
    this.slots = new Semaphore(config.maxSessions());
    // the queue never fills: admission is the semaphore, so a thread still finishing a session never refuses work
    this.sessions = new ThreadPoolExecutor(config.maxSessions(), config.maxSessions(), 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "predict-" + ids.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.sessions.allowCoreThreadTimeOut(true);
    Gauge.builder("sirnn.sessions.active", sessions, ThreadPoolExecutor::getActiveCount)
        .description("sessions to server-party running now").tag("party", "client").register(metrics.registry());
  }

  public ModelRepository models() {
    return models;
  }

  @Override
  public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> responseObserver) {
    ListModelsResponse.Builder b = ListModelsResponse.newBuilder();
    for (String name : models.names()) {
      ModelPlan p;
      try {
        p = models.get(name).plan();
      } catch (RuntimeException e) {
        log.warn("model {} not offered: {}", name, e.getMessage());
        continue;
      }
      ModelInfo.Builder info = ModelInfo.newBuilder().setName(name).setInputScale(p.inputScale())
          .addOutputShape(p.outputCols()).setDescription(p.description());
      Arrays.stream(p.inputShape()).forEach(info::addInputShape);
      b.addModels(info);
    }
    responseObserver.onNext(b.build());
    responseObserver.onCompleted();
  }

  @Override
  public void predict(PredictRequest request, StreamObserver<PredictResponse> responseObserver) {
    String sessionId = UUID.randomUUID().toString();
    long t0 = System.nanoTime();
    MDC.put(MDC_KEY, sessionId);
    String modelTag = "unknown";
    try {
      if (!models.contains(request.getModel())) {
        throw Status.NOT_FOUND.withDescription("no model named '" + shorten(request.getModel()) + "'; available: "
            + models.names()).asException();
      }
      ServedModel model;
      try {
        model = models.get(request.getModel());
      } catch (RuntimeException e) {
        throw Status.FAILED_PRECONDITION.withDescription("model " + request.getModel() + " cannot be loaded: "
            + e.getMessage()).asException();
      }
      modelTag = model.plan().name();
      long[] x = checkInput(model, request.getInput());
      Duration deadline = sessionDeadline();
      Context caller = Context.current();
      AtomicBoolean answered = new AtomicBoolean();
      // The session runs in a context of its own: cancelled when the caller cancels before the answer, but not
      // when the API call completes normally (that would race with the session's last frames).
      Context.CancellableContext sessionContext = caller.fork().withCancellation();
      caller.addListener(c -> {
        if (!answered.get()) {
          sessionContext.cancel(c.cancellationCause());
        }
      }, Runnable::run);
      Session s = new Session(sessionId, model, x, deadline, sessionContext, caller, answered, responseObserver, t0);
      log.info("predict {}: {} values, session deadline {} ms", modelTag, x.length, deadline.toMillis());
      if (!slots.tryAcquire()) {
        sessionContext.cancel(null);
        throw Status.RESOURCE_EXHAUSTED.withDescription("client-party is busy: " + config.maxSessions()
            + " sessions are running (the limit); retry later").asException();
      }
      try {
        sessions.execute(s);
      } catch (RejectedExecutionException e) {
        s.releaseSlot();
        sessionContext.cancel(null);
        throw Status.UNAVAILABLE.withDescription("client-party is shutting down").asException();
      }
    } catch (StatusException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.INVALID_ARGUMENT || code == Status.Code.NOT_FOUND) {
        log.info("predict {} refused: {} {}", shorten(request.getModel()), code, e.getStatus().getDescription());
      } else {
        log.warn("predict {} refused: {} {}", shorten(request.getModel()), code, e.getStatus().getDescription());
      }
      timer(modelTag, e.getStatus().getCode()).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      respondError(responseObserver, e.getStatus(), sessionId);
    } finally {
      MDC.remove(MDC_KEY);
    }
  }

  /** A caller-chosen name, cut to a length fit for messages and logs. */
  private static String shorten(String name) {
    return name.length() <= 100 ? name : name.substring(0, 100) + "...";
  }

  /** The session's deadline: the configured one, or what is left of the caller's if that is sooner. */
  private Duration sessionDeadline() throws StatusException {
    Duration d = config.sessionDeadline();
    Deadline callerDeadline = Context.current().getDeadline();
    if (callerDeadline != null) {
      long left = callerDeadline.timeRemaining(TimeUnit.MILLISECONDS);
      if (left <= 0) {
        throw Status.DEADLINE_EXCEEDED.withDescription("the call's deadline passed before the session started")
            .asException();
      }
      if (left < d.toMillis()) {
        d = Duration.ofMillis(left);
      }
    }
    return d;
  }

  /**
   * Checks the input tensor against the model's plan: shape [n] or [batch, ...the model's input shape] with n values,
   * n a whole number of samples within the model's batch limit, every value within its input range.
   *
   * @return the values (signed integers in the model's encoding)
   * @throws StatusException INVALID_ARGUMENT naming the problem
   */
  static long[] checkInput(ServedModel model, Tensor t) throws StatusException {
    ModelPlan plan = model.plan();
    int n = t.getValuesCount();
    String who = "model " + plan.name();
    long product = 1;
    for (int i = 0; i < t.getShapeCount(); i++) {
      product *= Integer.toUnsignedLong(t.getShape(i));
    }
    if (t.getShapeCount() > 0 && product != n) {
      throw invalid("input shape " + shape(t) + " does not match the " + n + " values given");
    }
    if (t.getShapeCount() > 1 && !sampleShape(t, plan.inputShape())) {
      throw invalid(who + " takes shape [n] or [batch, " + Arrays.toString(plan.inputShape()).replaceAll("[\\[\\]]",
          "") + "]; got shape " + shape(t));
    }
    if (n == 0) {
      throw invalid("empty input tensor: " + who + " takes " + plan.inputCols() + " values per sample, shape "
          + Arrays.toString(plan.inputShape()));
    }
    if (t.getScale() != 0 && t.getScale() != plan.inputScale()) {
      throw invalid("input scale " + Integer.toUnsignedLong(t.getScale()) + " does not match the input scale "
          + plan.inputScale() + " of " + who + " (0 = the model's encoding)");
    }
    long[] x = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = t.getValues(i);
    }
    try {
      plan.checkInput(x);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    return x;
  }

  /** True if the tensor's shape is [batch, ...sample] (a leading batch dimension, then the sample's dims). */
  private static boolean sampleShape(Tensor t, int[] sample) {
    if (t.getShapeCount() != sample.length + 1) {
      return false;
    }
    for (int i = 0; i < sample.length; i++) {
      if (Integer.toUnsignedLong(t.getShape(i + 1)) != sample[i]) {
        return false;
      }
    }
    return true;
  }

  private static StatusException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asException();
  }

  private static String shape(Tensor t) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < t.getShapeCount(); i++) {
      sb.append(i == 0 ? "" : ", ").append(Integer.toUnsignedLong(t.getShape(i)));
    }
    return sb.append(']').toString();
  }

  /** One Predict's session, on a session thread. */
  private final class Session implements Runnable {
    private final java.util.concurrent.atomic.AtomicBoolean slotHeld = new java.util.concurrent.atomic.AtomicBoolean(true);

    /** Gives the admission slot back (once). */
    void releaseSlot() {
      if (slotHeld.getAndSet(false)) {
        slots.release();
      }
    }

    private final String id;
    private final ServedModel model;
    private final String name;
    private final long[] x;
    private final Duration deadline;
    private final Context.CancellableContext context;
    private final Context caller;
    private final AtomicBoolean answered;
    private final StreamObserver<PredictResponse> out;
    private final long t0;

    Session(String id, ServedModel model, long[] x, Duration deadline, Context.CancellableContext context,
        Context caller, AtomicBoolean answered, StreamObserver<PredictResponse> out, long t0) {
      this.id = id;
      this.model = model;
      this.name = model.plan().name();
      this.x = x;
      this.deadline = deadline;
      this.context = context;
      this.caller = caller;
      this.answered = answered;
      this.out = out;
      this.t0 = t0;
    }

    @Override
    public void run() {
      MDC.put(MDC_KEY, id);
      metrics.started(name);
      FrameChannel ch = null;
      boolean opened = false;
      Status status = Status.INTERNAL.withDescription("session ended without an answer");
      try {
        long s0 = System.nanoTime();
        int batch = x.length / model.plan().inputCols();
        ch = context.call(() -> connector.open(id, name, SessionRunner.header(model, batch, ot), deadline));
        opened = true;
        long[] y = SessionRunner.runClient(ch, model, x, batch, ot);
        ch.close();
        long sessionNanos = System.nanoTime() - s0;
        PredictResponse response = response(y, ch.traffic(), sessionNanos);
        metrics.record(name, ch.traffic());
        status = Status.OK;
        // never log the prediction (label or scores): logs leave the data owner's control
        log.info("predict {} done: {} values, {} bytes sent, {} received, {} rounds, {} ms", name,
            x.length, ch.traffic().bytesSent(), ch.traffic().bytesReceived(), ch.traffic().rounds(),
            Math.round(sessionNanos / 1e6));
        answered.set(true);
        releaseSlot();
        try {
          out.onNext(response);
          out.onCompleted();
        } catch (RuntimeException e) {
          log.warn("could not deliver the answer (caller gone?): {}", e.getMessage());
        }
      } catch (Exception e) {
        boolean cancelled = caller.isCancelled();
        status = SessionStatus.of(e, opened, connector.target(), deadline, cancelled);
        metrics.failed(name, SessionStatus.reason(e, cancelled));
        if (ch != null) {
          ch.abort(e);
          metrics.record(name, ch.traffic());
        }
        context.cancel(null); // the session is over: make sure its call to server-party is too
        log.warn("predict {} failed: {} {}", name, status.getCode(), status.getDescription());
        answered.set(true);
        releaseSlot();
        respondError(out, status, id);
      } finally {
        releaseSlot();
        if (!answered.getAndSet(true)) { // an Error escaped: still answer the caller
          respondError(out, status, id);
        }
        timer(name, status.getCode()).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        MDC.remove(MDC_KEY);
      }
    }

    private PredictResponse response(long[] y, Traffic traffic, long sessionNanos) {
      ModelPlan plan = model.plan();
      if (plan.revealsLabel()) { // a secure argmax: the labels alone, no scores were opened
        PredictResponse.Builder b = PredictResponse.newBuilder().setLabel((int) y[0]).setSessionId(id);
        for (long v : y) {
          b.addLabels((int) v);
        }
        String labelName = plan.labelName((int) y[0]);
        if (labelName != null) {
          b.setLabelName(labelName);
        }
        stats(traffic, sessionNanos).forEach(b::addStats);
        return b.build();
      }
      Tensor.Builder scores = Tensor.newBuilder().setScale(plan.outputScale());
      if (plan.outputCols() > 1) {
        scores.addShape(y.length / plan.outputCols());
      }
      scores.addShape(plan.outputCols() > 1 ? plan.outputCols() : y.length);
      // the label: argmax of the first sample's outputs (of all outputs for an element-wise function)
      int labelOver = plan.outputCols() > 1 ? plan.outputCols() : y.length;
      int label = 0;
      long best = Long.MIN_VALUE;
      for (int i = 0; i < y.length; i++) {
        long v = y[i];
        scores.addValues(v);
        if (i >= labelOver) {
          continue;
        }
        if (v > best) {
          best = v;
          label = i;
        }
      }
      PredictResponse.Builder b = PredictResponse.newBuilder().setScores(scores).setLabel(label).setSessionId(id);
      for (LayerStats s : stats(traffic, sessionNanos)) {
        b.addStats(s);
      }
      return b.build();
    }
  }

  /** One entry per scope path of {@code traffic} (inclusive totals), the whole session first. */
  static List<LayerStats> stats(Traffic traffic, long sessionNanos) {
    Map<String, Traffic.Stats> snap = traffic.snapshot();
    List<LayerStats> out = new java.util.ArrayList<>(snap.size());
    for (Map.Entry<String, Traffic.Stats> e : snap.entrySet()) {
      Traffic.Stats s = e.getValue();
      boolean root = e.getKey().isEmpty();
      out.add(LayerStats.newBuilder().setScope(root ? SESSION_SCOPE : e.getKey()).setBytesSent(s.bytesSent())
          .setBytesReceived(s.bytesReceived()).setRounds(s.rounds()).setMillis(root ? sessionNanos / 1e6 : s.millis())
          .build());
    }
    return out;
  }

  private Timer timer(String model, Status.Code code) {
    return Timer.builder("sirnn.predict").description("Predict calls of the Inference API, by model and status")
        .tag("party", "client").tag("model", model).tag("status", code.name()).register(metrics.registry());
  }

  private static void respondError(StreamObserver<?> out, Status status, String sessionId) {
    Metadata trailers = new Metadata();
    trailers.put(SESSION_TRAILER, sessionId);
    Status s = status;
    String d = s.getDescription() == null ? "" : s.getDescription();
    if (s.getCode() != Status.Code.NOT_FOUND && s.getCode() != Status.Code.INVALID_ARGUMENT
        && !d.contains(sessionId)) {
      s = s.withDescription(d + " (session " + sessionId + ")");
    }
    try {
      out.onError(s.asRuntimeException(trailers));
    } catch (RuntimeException e) {
      log.debug("could not deliver the error (caller gone?): {}", e.getMessage());
    }
  }

  /** Stops taking sessions and cancels running ones after {@code grace}. */
  public void shutdown(Duration grace) {
    sessions.shutdown();
    try {
      if (!sessions.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        sessions.shutdownNow();
      }
    } catch (InterruptedException e) {
      sessions.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    shutdown(Duration.ZERO);
  }
}
