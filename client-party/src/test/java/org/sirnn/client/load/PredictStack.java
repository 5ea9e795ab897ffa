package org.sirnn.client.load;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sirnn.client.service.InferenceServer;
import org.sirnn.client.service.InferenceService;
import org.sirnn.client.service.PartyConnector;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.SigmoidParams;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.proto.Hello;
import org.sirnn.proto.SessionHeader;
import org.sirnn.metrics.SessionMetrics;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.net.grpc.SessionGate;
import org.sirnn.proto.InferenceGrpc;
import org.sirnn.proto.PredictRequest;
import org.sirnn.proto.Tensor;
import org.sirnn.ring.Ring;

/**
 * The whole product path in one JVM, on loopback: a PartyLink server running the session runner over the built-in math models (what
 * server-party does for the math models) with the given credentials, client-party's {@link InferenceService} with
 * a {@link PartyConnector} to it, the Inference API server and a plaintext stub of the API. Counts the PartyLink
 * calls that reached the service (after any TLS handshake) and the server halves that started. The PartyLink server
 * may admit its sessions through a {@link SessionGate} as server-party does ({@code --max-sessions}), and may also
 * serve the models of a directory (e.g. {@code ../models}).
 */
public final class PredictStack implements AutoCloseable {
  public final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** PartyLink calls that reached the service, i.e. passed transport security. */
  public final AtomicInteger partyLinkCalls = new AtomicInteger();
  /** Server halves that started (the hello exchange succeeded). */
  public final AtomicInteger serverHalves = new AtomicInteger();
  public final Server partyLink;
  public final PartyConnector connector;
  public final InferenceService service;
  public final InferenceServer api;
  public final ManagedChannel channel;
  private final ExecutorService serverSessions = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "party-link-session");
    t.setDaemon(true);
    return t;
  });

  /** Plaintext on both links. */
  public static PredictStack insecure(int maxSessions, Duration deadline) throws IOException {
    return new PredictStack(InsecureServerCredentials.create(), InsecureChannelCredentials.create(), null,
        maxSessions, deadline);
  }

  /**
   * @param serverCredentials credentials of the PartyLink server (server-party's side)
   * @param linkCredentials client-party's credentials towards it
   * @param authority host name to check the server certificate against, or null for 127.0.0.1
   */
  public PredictStack(ServerCredentials serverCredentials, ChannelCredentials linkCredentials, String authority,
      int maxSessions, Duration deadline) throws IOException {
    this(serverCredentials, linkCredentials, authority, new InferenceService.Config(maxSessions, deadline),
        SessionGate.unlimited(), null);
  }

  /** Plaintext on both links, the service's {@code config}, server-party's {@code gate} and {@code models}. */
  public static PredictStack insecure(InferenceService.Config config, SessionGate gate, Path models)
      throws IOException {
    return new PredictStack(InsecureServerCredentials.create(), InsecureChannelCredentials.create(), null, config,
        gate, models);
  }

  /**
   * @param gate admission of the PartyLink server's sessions (server-party's {@code --max-sessions})
   * @param models model directory both sides offer besides the math models, or null for the math models only
   */
  public PredictStack(ServerCredentials serverCredentials, ChannelCredentials linkCredentials, String authority,
      InferenceService.Config config, SessionGate gate, Path models) throws IOException {
    FrameChannel.Options options = FrameChannel.Options.defaults();
    PartyLinkService.SessionHandler runner = SessionRunner.server(ModelRepository.open(models,
        ModelRepository.Holder.SERVER));
    PartyLinkService.SessionHandler math = new PartyLinkService.SessionHandler() {
      @Override
      public SessionHeader accept(Hello hello) {
        return runner.accept(hello);
      }

      @Override
      public void run(Hello hello, FrameChannel ch) throws Exception {
        serverHalves.incrementAndGet();
        runner.run(hello, ch);
      }
    };
    ServerInterceptor counting = new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        partyLinkCalls.incrementAndGet();
        return next.startCall(call, headers);
      }
    };
    partyLink = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), serverCredentials)
        .maxInboundMessageSize(options.maxFrameBytes() + (1 << 16))
        .addService(ServerInterceptors.intercept(new PartyLinkService(math, serverSessions, options, gate),
            counting))
        .build().start();
    connector = new PartyConnector("127.0.0.1:" + partyLink.getPort(), linkCredentials, authority, options);
    service = new InferenceService(ModelRepository.open(models, ModelRepository.Holder.CLIENT), connector,
        new SessionMetrics(registry, "client"), config);
    api = new InferenceServer("127.0.0.1", 0, InsecureServerCredentials.create(), service).start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", api.port()).usePlaintext().build();
  }

  public InferenceGrpc.InferenceBlockingStub stub(long seconds) {
    return InferenceGrpc.newBlockingStub(channel).withDeadlineAfter(seconds, TimeUnit.SECONDS);
  }

  public InferenceGrpc.InferenceFutureStub futureStub(long seconds) {
    return InferenceGrpc.newFutureStub(channel).withDeadlineAfter(seconds, TimeUnit.SECONDS);
  }

  public static PredictRequest request(String model, long... values) {
    Tensor.Builder t = Tensor.newBuilder().addShape(values.length).setScale(12);
    for (long v : values) {
      t.addValues(v);
    }
    return PredictRequest.newBuilder().setModel(model).setInput(t).build();
  }

  /** The cleartext twin of sigmoid-q12 (16 bits, scale 12 in and out), as a signed integer. */
  public static long sigmoidTwin(long x) {
    return Ring.signed(ClearMath.sigmoid(x & Ring.mask(16), new SigmoidParams(16, 12, 16, 12)), 16);
  }

  public static long[] sigmoidTwins(long[] x) {
    long[] y = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = sigmoidTwin(x[i]);
    }
    return y;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    api.stop(Duration.ofSeconds(1));
    connector.close();
    partyLink.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    serverSessions.shutdownNow();
  }
}
