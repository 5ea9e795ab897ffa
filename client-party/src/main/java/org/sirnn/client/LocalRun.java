package org.sirnn.client;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.sirnn.client.bench.link.LinkSpec;
import org.sirnn.client.service.PartyConnector;
import org.sirnn.mpc.WireGoal;
import org.sirnn.net.grpc.PartyLinkClient;
import org.sirnn.proto.SessionHeader;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.Traffic;
import org.sirnn.nn.runtime.ModelPlan;
import org.sirnn.ot.OtBackend;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import org.sirnn.nn.runtime.SessionRunner;

/**
 * Both halves of one model in this process, as the two services run them: the repository's server half behind a
 * PartyLink server on loopback gRPC ({@link SessionRunner#server}) and the client half on a session opened with
 * the model's header. Used by {@code infer} without {@code --server}, {@code accuracy}, {@code demo}, {@code eval}
 * and {@code bench model}. Bytes, rounds and time cover the whole session (header, setup, layers, opening).
 */
public final class LocalRun implements AutoCloseable {
  private final ServedModel model;
  private final Link link;
  private final OtBackend ot;
  private final int threads;
  private final WireGoal wire;

  /** Where the client half opens its sessions: the in-process server half, or a server-party process. */
  private interface Link {
    FrameChannel open(String model, SessionHeader header);

    void close() throws InterruptedException;
  }

  private LocalRun(ServedModel model, Link link, OtBackend ot, int threads, WireGoal wire) {
    this.model = model;
    this.link = link;
    this.ot = ot;
    this.threads = threads;
    this.wire = wire;
  }

  /** Serves {@code name} of {@code models} (which must hold its weights) on a fresh loopback link, IKNP OTs. */
  public static LocalRun start(ModelRepository models, String name) throws IOException {
    return start(models, name, OtBackend.IKNP);
  }

  /** As {@link #start(ModelRepository, String)}, both parties on OT backend {@code ot}. */
  public static LocalRun start(ModelRepository models, String name, OtBackend ot) throws IOException {
    return start(models, name, ot, null);
  }

  /**
   * As {@link #start(ModelRepository, String, OtBackend)}, the link running through an emulated network link
   * ({@link LinkSpec}: a delaying, rate-limiting relay on loopback), or plain loopback if {@code link} is null.
   */
  public static LocalRun start(ModelRepository models, String name, OtBackend ot, LinkSpec link)
      throws IOException {
    return start(models, name, ot, 1, link);
  }

  /**
   * As {@link #start(ModelRepository, String, OtBackend, LinkSpec)}, both parties with {@code threads} workers
   * ({@code --threads}: the session header asks for them, the in-process server allows as many).
   */
  public static LocalRun start(ModelRepository models, String name, OtBackend ot, int threads, LinkSpec link)
      throws IOException {
    return start(models, name, ot, threads, WireGoal.DEFAULT, link);
  }

  /**
   * As {@link #start(ModelRepository, String, OtBackend, int, LinkSpec)}, the sessions with wire goal {@code wire}
   * ({@code --wire}: the session header carries it, the in-process server half follows it).
   */
  public static LocalRun start(ModelRepository models, String name, OtBackend ot, int threads, WireGoal wire,
      LinkSpec link) throws IOException {
    ServedModel m = models.get(name);
    m.requireWeights();
    FrameChannel.Options options = FrameChannel.Options.defaults();
    Duration quiet = m.plan().quietLimit();
    if (quiet.compareTo(options.receiveTimeout()) > 0) {
      options = new FrameChannel.Options(options.maxFrameBytes(), quiet, quiet);
    }
    LoopbackLink loopback = new LoopbackLink(SessionRunner.server(models, ot, threads), options, 0, link);
    return new LocalRun(m, new Link() {
      @Override
      public FrameChannel open(String model, SessionHeader header) {
        return loopback.open(model, header);
      }

      @Override
      public void close() throws InterruptedException {
        loopback.close();
      }
    }, ot, threads, wire);
  }

  /**
   * The client half only, in this process, against a separate server-party at {@code target} (HOST:PORT, plaintext:
   * server-party started with {@code --insecure}) serving the same model: each party in its own process. The
   * server's {@code --threads} must allow {@code threads}.
   */
  public static LocalRun remote(ModelRepository models, String name, OtBackend ot, int threads,
      PartyConnector.HostPort target) {
    return remote(models, name, ot, threads, WireGoal.DEFAULT, target);
  }

  /**
   * As {@link #remote(ModelRepository, String, OtBackend, int, PartyConnector.HostPort)} with wire goal
   * {@code wire} (the server-party follows the header).
   */
  public static LocalRun remote(ModelRepository models, String name, OtBackend ot, int threads, WireGoal wire,
      PartyConnector.HostPort target) {
    ServedModel m = models.get(name);
    FrameChannel.Options options = FrameChannel.Options.defaults();
    Duration quiet = m.plan().quietLimit();
    if (quiet.compareTo(options.receiveTimeout()) > 0) {
      options = new FrameChannel.Options(options.maxFrameBytes(), quiet, quiet);
    }
    FrameChannel.Options opts = options;
    ManagedChannel grpc = NettyChannelBuilder.forAddress(target.host(), target.port()).usePlaintext()
        .maxInboundMessageSize(opts.maxFrameBytes() + (1 << 16)).directExecutor().build();
    return new LocalRun(m, new Link() {
      @Override
      public FrameChannel open(String model, SessionHeader header) {
        return PartyLinkClient.open(grpc, UUID.randomUUID().toString(), model, header, opts, Duration.ofHours(1));
      }

      @Override
      public void close() throws InterruptedException {
        grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }, ot, threads, wire);
  }

  /**
   * Null if this JVM's heap is enough to run both halves of a model with this plan, else the message to print
   * (naming the heap and the command to use instead).
   */
  public static String heapProblem(ModelPlan plan) {
    long max = Runtime.getRuntime().maxMemory();
    if (max >= plan.minHeapBytes()) {
      return null;
    }
    return String.format("%s needs a heap of about %.0f GB for one secure inference with both parties in this"
        + " process, but this JVM may use only %.1f GB: run it as 'java -Xmx14g -jar client-party.jar ...', or pass"
        + " --force to try anyway", plan.name(), plan.minHeapBytes() / 1e9, max / 1e9);
  }

  public ServedModel model() {
    return model;
  }

  /** One secure session for a batch of inputs (batch x inputCols signed integers in the model's encoding). */
  public Result run(long[] input) {
    return run(input, null);
  }

  /** As {@link #run(long[])}, with a listener told about every finished scope (progress lines). */
  public Result run(long[] input, Traffic.ScopeListener listener) {
    int batch = model.plan().checkInput(input);
    FrameChannel ch = link.open(model.plan().name(), SessionRunner.header(model, batch, ot, threads, wire));
    try {
      Traffic tr = ch.traffic();
      if (listener != null) {
        tr.addListener(listener);
      }
      long t0 = System.nanoTime();
      long[] y = SessionRunner.runClient(ch, model, input, batch, ot, threads, wire);
      double millis = (System.nanoTime() - t0) / 1e6;
      return new Result(y, tr.bytesSent() + tr.bytesReceived(), tr.rounds(), millis, tr.snapshot());
    } finally {
      ch.close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    link.close();
  }

  /** The outputs and the client's view of one session's traffic. */
  public record Result(long[] outputs, long bytes, long rounds, double millis, Map<String, Traffic.Stats> scopes) {
    /**
     * The input-independent part of the session: its {@code setup} scope (base OTs and, with Ferret, the bootstrap
     * iteration). Today it runs after the request like the rest; it is what an offline phase would move ahead.
     */
    public Traffic.Stats offline() {
      return scopes.getOrDefault("setup", new Traffic.Stats(0, 0, 0, 0, 0));
    }

    /** The top-level scopes (setup, each layer, the opening), in order of first use. */
    public Map<String, Traffic.Stats> layers() {
      Map<String, Traffic.Stats> rows = new LinkedHashMap<>();
      scopes.forEach((path, st) -> {
        if (!path.isEmpty() && path.indexOf('/') < 0) {
          rows.put(path, st);
        }
      });
      return rows;
    }
  }
}
