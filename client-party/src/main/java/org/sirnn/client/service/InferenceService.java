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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sirnn.metrics.SessionMetrics;
import org.sirnn.mpc.WireGoal;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.PeerText;
import org.sirnn.net.Traffic;
import org.sirnn.proto.InferenceGrpc;
import org.sirnn.proto.LayerStats;
import org.sirnn.proto.ListModelsRequest;
import org.sirnn.proto.ListModelsResponse;
import org.sirnn.proto.ModelInfo;
import org.sirnn.nn.runtime.ModelPlan;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.nn.runtime.PreparedSession;
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
 * session threads (never on a gRPC thread). At most {@link Config#maxSessions()} sessions run at once; up to
 * {@link Config#maxQueued()} more calls wait in arrival order, each within its own deadline ({@link SessionQueue}); a
 * busy refusal by server-party before the session opened is retried within the deadline ({@link BusyRetry}). Each
 * caller ({@link CallerIdentity}) may make {@link Config#maxPredictsPerMinute()} calls a minute
 * ({@link PredictRateLimit}).
 *
 * <p>Answers: the output integers ({@code scores}, shape [n], the model's output scale), the argmax as
 * {@code label} (first index of the largest output), one {@link LayerStats} per scope of the session's
 * {@link Traffic} (inclusive of nested scopes; the whole session as scope {@value #SESSION_SCOPE}, its millis the
 * session's wall time) and the {@code session_id} that every log line of the session carries (MDC key
 * {@value #MDC_KEY}) and that failures name in their description and in the trailer {@code sirnn-session-id}.
 *
 * <p>Errors: unknown model -&gt; {@code NOT_FOUND}; shape, scale, count or value out of range -&gt;
 * {@code INVALID_ARGUMENT} naming the problem; queue full, deadline that cannot be met, or rate limit -&gt;
 * {@code RESOURCE_EXHAUSTED} saying which; session failures as in {@link SessionStatus}. Every session runs under a
 * deadline: the configured one, or what is left of the caller's deadline when it starts if that is sooner.
 *
 * <p>What crosses the trust boundary: the caller's own values may be quoted back to it in a status, but never reach
 * a log line (an out-of-range input is logged by its index only); caller-chosen strings in logs are cut and
 * stripped of control characters ({@link PeerText#sanitise}).
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
   * @param maxSessions sessions running at once; more wait in the queue
   * @param sessionDeadline longest a session may take (caller deadlines shorten it)
   * @param maxQueued calls waiting for a session at most; more are refused with RESOURCE_EXHAUSTED
   * @param maxPredictsPerMinute Predict calls per caller and minute (bursts up to that many); 0 = no limit
   */
  public record Config(int maxSessions, Duration sessionDeadline, int maxQueued, int maxPredictsPerMinute) {
    /** Calls waiting for a session at most, by default. */
    public static final int DEFAULT_MAX_QUEUED = 64;
    /** Predict calls per caller and minute, by default (10 a second sustained). */
    public static final int DEFAULT_MAX_PREDICTS_PER_MINUTE = 600;

    public Config {
      if (maxSessions < 1) {
        throw new IllegalArgumentException("maxSessions must be >= 1, got " + maxSessions);
      }
      if (sessionDeadline.isNegative() || sessionDeadline.isZero()) {
        throw new IllegalArgumentException("the session deadline must be positive, got " + sessionDeadline);
      }
      if (maxQueued < 0 || maxPredictsPerMinute < 0) {
        throw new IllegalArgumentException("maxQueued and maxPredictsPerMinute must be >= 0, got " + maxQueued
            + ", " + maxPredictsPerMinute);
      }
    }

    /** The default queue length and rate limit. */
    public Config(int maxSessions, Duration sessionDeadline) {
      this(maxSessions, sessionDeadline, DEFAULT_MAX_QUEUED, DEFAULT_MAX_PREDICTS_PER_MINUTE);
    }
  }

  private final ModelRepository models;
  private final OtBackend ot;
  private final int threads;
  private final WireGoal wire;
  private final PartyConnector connector;
  private final SessionMetrics metrics;
  private final Config config;
  /** Admission: a call holds a place from acceptance until just before its answer is sent. */
  private final SessionQueue queue;
  private final PredictRateLimit rateLimit;
  /** Sessions prepared before their input (offline phase), or null: every session runs its setup online. */
  private volatile PreparedSessionPool pool;

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
    this(models, connector, metrics, config, ot, 1);
  }

  /**
   * @param models the models offered, public metadata only ({@link ModelRepository.Holder#CLIENT})
   * @param ot the OT backend of every session (server-party must run the same)
   * @param threads workers per party of every session ({@code --threads}; server-party must allow as many)
   */
  public InferenceService(ModelRepository models, PartyConnector connector, SessionMetrics metrics, Config config,
      OtBackend ot, int threads) {
    this(models, connector, metrics, config, ot, threads, WireGoal.DEFAULT);
  }

  /**
   * @param models the models offered, public metadata only ({@link ModelRepository.Holder#CLIENT})
   * @param ot the OT backend of every session (server-party must run the same)
   * @param threads workers per party of every session ({@code --threads}; server-party must allow as many)
   * @param wire the wire goal of every session ({@code --wire}; server-party follows the header)
   */
  public InferenceService(ModelRepository models, PartyConnector connector, SessionMetrics metrics, Config config,
      OtBackend ot, int threads, WireGoal wire) {
    this.ot = ot;
    this.threads = org.sirnn.nn.ops.Workers.check(threads);
    this.wire = java.util.Objects.requireNonNull(wire, "wire");
    this.models = models;
    this.connector = connector;
    this.metrics = metrics;
    this.config = config;
    this.queue = new SessionQueue(config.maxSessions(), config.maxQueued());
    this.rateLimit = new PredictRateLimit(config.maxPredictsPerMinute());
    Gauge.builder("sirnn.sessions.active", queue, SessionQueue::running)
        .description("sessions to server-party running now").tag("party", "client").register(metrics.registry());
    Gauge.builder("sirnn.sessions.queued", queue, SessionQueue::waiting)
        .description("Predict calls waiting for a session slot").tag("party", "client").register(metrics.registry());
  }

  public ModelRepository models() {
    return models;
  }

  /**
   * Takes Predict sessions from {@code pool} when one is ready (their setup ran before the input existed), else
   * opens them as usual. The pool's sessions must run this service's OT backend.
   */
  public InferenceService withPool(PreparedSessionPool pool) {
    this.pool = pool;
    Gauge.builder("sirnn.pool.ready", pool, PreparedSessionPool::ready)
        .description("sessions with server-party prepared ahead (setup done), ready for one inference each")
        .tag("party", "client").register(metrics.registry());
    return this;
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
      String who = CallerIdentity.current();
      if (!rateLimit.tryAcquire(who)) {
        throw Status.RESOURCE_EXHAUSTED.withDescription("rate limit of " + rateLimit.perMinute() + " predictions"
            + " per minute for caller " + PeerText.sanitise(who) + " (--max-predicts-per-minute); retry later")
            .asException();
      }
      if (!models.contains(request.getModel())) {
        throw Status.NOT_FOUND.withDescription("no model named '" + PeerText.sanitise(request.getModel())
            + "'; available: " + models.names()).asException();
      }
      ServedModel model;
      try {
        model = models.get(request.getModel());
      } catch (RuntimeException e) {
        throw Status.FAILED_PRECONDITION.withDescription("model " + PeerText.sanitise(request.getModel())
            + " cannot be loaded: " + e.getMessage()).asException();
      }
      modelTag = model.plan().name();
      long[] x = checkInput(model, request.getInput());
      Context caller = Context.current();
      Deadline callerDeadline = caller.getDeadline();
      if (callerDeadline != null && callerDeadline.isExpired()) {
        throw Status.DEADLINE_EXCEEDED.withDescription("the call's deadline passed before the session started")
            .asException();
      }
      SessionQueue.Ticket ticket = queue.admit(modelTag, callerDeadline);
      AtomicBoolean answered = new AtomicBoolean();
      // The session runs in a context of its own: cancelled when the caller cancels before the answer, but not
      // when the API call completes normally (that would race with the session's last frames).
      Context.CancellableContext sessionContext = caller.fork().withCancellation();
      Session s = new Session(sessionId, model, x, ticket, sessionContext, caller, answered, responseObserver, t0);
      log.info("predict {}: {} values, {} calls waiting", modelTag, x.length, queue.waiting());
      try {
        ticket.execute(s);
      } catch (StatusException e) {
        sessionContext.cancel(null);
        throw e;
      }
      // after execute: a caller that already gave up is withdrawn at once (the listener runs here)
      caller.addListener(c -> {
        if (!answered.get()) {
          sessionContext.cancel(c.cancellationCause());
          s.withdrawIfWaiting();
        }
      }, Runnable::run);
    } catch (StatusException e) {
      Status.Code code = e.getStatus().getCode();
      String why = e instanceof InputRejected r ? r.logText : e.getStatus().getDescription();
      if (code == Status.Code.INVALID_ARGUMENT || code == Status.Code.NOT_FOUND) {
        log.info("predict {} refused: {} {}", PeerText.sanitise(request.getModel()), code, why);
      } else {
        log.warn("predict {} refused: {} {}", PeerText.sanitise(request.getModel()), code, why);
      }
      timer(modelTag, e.getStatus().getCode()).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      respondError(responseObserver, e.getStatus(), sessionId);
    } finally {
      MDC.remove(MDC_KEY);
    }
  }

  /**
   * The session's deadline, when it starts: the configured one, or what is left of the caller's if that is sooner.
   *
   * @throws StatusException DEADLINE_EXCEEDED when the caller's deadline passed while the call waited
   */
  private Duration sessionDeadline(Context caller) throws StatusException {
    Duration d = config.sessionDeadline();
    Deadline callerDeadline = caller.getDeadline();
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
   * An INVALID_ARGUMENT refusal of the caller's input: the status may quote the caller's own values back to it, the
   * log text never does.
   */
  static final class InputRejected extends StatusException {
    private static final long serialVersionUID = 1L;
    final String logText;

    InputRejected(String forCaller, String logText) {
      super(Status.INVALID_ARGUMENT.withDescription(forCaller));
      this.logText = logText;
    }
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
      for (int i = 0; i < n; i++) {
        if (x[i] < plan.inputMin() || x[i] > plan.inputMax()) {
          throw new InputRejected(e.getMessage(), "input value at index " + i + " is outside [" + plan.inputMin()
              + ", " + plan.inputMax() + "], the input range of " + who);
        }
      }
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
    /** Gives the admission place back (once). */
    void releaseSlot() {
      ticket.release();
    }

    /** Answers a caller that gave up while its call waited for a slot; no-op once the session started. */
    void withdrawIfWaiting() {
      if (ticket.withdraw() && !answered.getAndSet(true)) {
        Status status = caller.getDeadline() != null && caller.getDeadline().isExpired()
            ? Status.DEADLINE_EXCEEDED.withDescription("the call's deadline passed while it waited for a session")
            : Status.CANCELLED.withDescription("the caller cancelled the call while it waited for a session");
        timer(name, status.getCode()).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        respondError(out, status, id);
      }
    }

    private final String id;
    private final ServedModel model;
    private final String name;
    private final long[] x;
    private final SessionQueue.Ticket ticket;
    private final Context.CancellableContext context;
    private final Context caller;
    private final AtomicBoolean answered;
    private final StreamObserver<PredictResponse> out;
    private final long t0;

    Session(String id, ServedModel model, long[] x, SessionQueue.Ticket ticket, Context.CancellableContext context,
        Context caller, AtomicBoolean answered, StreamObserver<PredictResponse> out, long t0) {
      this.id = id;
      this.model = model;
      this.name = model.plan().name();
      this.x = x;
      this.ticket = ticket;
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
      Duration deadline = config.sessionDeadline();
      Status status = Status.INTERNAL.withDescription("session ended without an answer");
      try {
        long s0 = System.nanoTime();
        deadline = sessionDeadline(caller); // after the wait in the queue
        log.info("predict {}: session starts after {} ms in the queue, deadline {} ms", name,
            Math.round((s0 - t0) / 1e6), deadline.toMillis());
        int batch = x.length / model.plan().inputCols();
        long until = s0 + deadline.toNanos();
        PreparedSessionPool p = pool;
        PreparedSession prepared = p != null ? p.take() : null;
        long[] y = null;
        if (prepared != null) { // the setup ran offline: only the online part is left
          ch = prepared.channel();
          opened = true;
          FrameChannel pooled = ch;
          caller.addListener(c -> pooled.transport().cancel("the caller gave up",
              new ProtocolAbortException(ProtocolAbortException.Reason.PEER_GONE, "the caller cancelled")),
              Runnable::run);
          log.info("predict {}: pooled session {} (setup {} ms, {} bytes, done ahead)", name, prepared.id(),
              Math.round(prepared.setupMillis()), prepared.setupTraffic().bytes());
          try {
            y = prepared.run(model, x, batch);
          } catch (RuntimeException e) {
            if (prepared.headerAccepted() || caller.isCancelled()) {
              throw e;
            }
            // the header never got through (e.g. server-party gave up on the pooled session): nothing of the
            // input was used, so open a session as usual
            log.info("predict {}: pooled session {} unusable ({}); opening a new one", name, prepared.id(),
                e.getMessage());
            prepared = null;
          }
        }
        if (prepared == null) {
          opened = false;
          ch = context.call(() -> BusyRetry.open(d -> connector.open(id, name, SessionRunner.header(model, batch,
              ot, threads, wire), d), until));
          opened = true;
          y = SessionRunner.runClient(ch, model, x, batch, ot, threads, wire);
          ch.close();
        }
        long sessionNanos = System.nanoTime() - s0;
        PredictResponse response = response(y, ch.traffic(), sessionNanos);
        metrics.record(name, ch.traffic());
        queue.record(name, sessionNanos);
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
        status = e instanceof StatusException se ? se.getStatus()
            : SessionStatus.of(e, opened, connector.target(), deadline, cancelled);
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
    queue.shutdown(grace);
  }

  @Override
  public void close() {
    shutdown(Duration.ZERO);
  }
}
