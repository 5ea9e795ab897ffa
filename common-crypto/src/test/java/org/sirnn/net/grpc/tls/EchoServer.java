package org.sirnn.net.grpc.tls;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.sirnn.net.grpc.tls.DevCertificates.Issued;
import org.sirnn.proto.Frame;
import org.sirnn.proto.Hello;
import org.sirnn.proto.PartyLinkGrpc;

/**
 * A real gRPC server on 127.0.0.1 (ephemeral port) serving a tiny echo implementation of {@code PartyLink/Session},
 * plus the client side of one echo round trip with a deadline. Records the TLS peer of the last call it served.
 */
final class EchoServer implements AutoCloseable {
  /** Deadline of every test RPC: long enough for a handshake on a loaded CI machine, short enough to fail fast. */
  static final long DEADLINE_SECONDS = 10;

  private final Server server;
  private final AtomicReference<String> lastPeer = new AtomicReference<>();

  private EchoServer(ServerCredentials credentials, ServerInterceptor serverWide) throws IOException {
    ServerInterceptor peerRecorder = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        SSLSession ssl = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        String peer;
        try {
          peer = ssl == null ? "plaintext" : ssl.getPeerPrincipal().getName();
        } catch (SSLPeerUnverifiedException e) {
          peer = "unauthenticated";
        }
        lastPeer.set(peer);
        return next.startCall(call, headers);
      }
    };
    io.grpc.ServerBuilder<?> builder = Grpc.newServerBuilderForPort(0, credentials)
        .addService(ServerInterceptors.intercept(new Echo(), peerRecorder));
    if (serverWide != null) {
      builder.intercept(serverWide);
    }
    server = builder.build().start();
  }

  static EchoServer start(ServerCredentials credentials) throws IOException {
    return new EchoServer(credentials, null);
  }

  /** Like {@link #start(ServerCredentials)}, with {@code serverWide} on the builder, as server-party installs it. */
  static EchoServer start(ServerCredentials credentials, ServerInterceptor serverWide) throws IOException {
    return new EchoServer(credentials, serverWide);
  }

  int port() {
    return server.getPort();
  }

  /** Subject of the client certificate of the last call served, "plaintext" or "unauthenticated"; null if none. */
  String lastPeer() {
    return lastPeer.get();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Server credentials from in-memory PEM: identity {@code server}, clients must chain to {@code caPem}. */
  static ServerCredentials serverCredentials(Issued server, String caPem) throws IOException {
    return TlsServerCredentials.newBuilder()
        .keyManager(new ByteArrayInputStream(server.certificateBytes()),
            new ByteArrayInputStream(server.privateKeyBytes()))
        .trustManager(new ByteArrayInputStream(caPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }

  /** Channel credentials from in-memory PEM: identity {@code client} (none if null), trusting {@code caPem}. */
  static ChannelCredentials channelCredentials(Issued client, String caPem) throws IOException {
    TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder()
        .trustManager(new ByteArrayInputStream(caPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    if (client != null) {
      builder.keyManager(new ByteArrayInputStream(client.certificateBytes()),
          new ByteArrayInputStream(client.privateKeyBytes()));
    }
    return builder.build();
  }

  /** One echo round trip to {@code host:port()}; throws the RPC's StatusRuntimeException on failure. */
  Frame echo(ChannelCredentials credentials, String host) throws Exception {
    return echo(credentials, host, null);
  }

  /**
   * One echo round trip on a new channel to {@code host:port()}, with authority {@code authority} if not null.
   * Bounded by the RPC deadline; throws the RPC's StatusRuntimeException on failure.
   */
  Frame echo(ChannelCredentials credentials, String host, String authority) throws Exception {
    ManagedChannelBuilder<?> builder = Grpc.newChannelBuilderForAddress(host, port(), credentials);
    if (authority != null) {
      builder.overrideAuthority(authority);
    }
    ManagedChannel channel = builder.build();
    try {
      CompletableFuture<Frame> reply = new CompletableFuture<>();
      StreamObserver<Frame> requests = PartyLinkGrpc.newStub(channel)
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .session(new StreamObserver<>() {
            @Override
            public void onNext(Frame frame) {
              reply.complete(frame);
            }

            @Override
            public void onError(Throwable t) {
              reply.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
              reply.completeExceptionally(new IllegalStateException("stream completed without a reply"));
            }
          });
      requests.onNext(Frame.newBuilder().setRound(1)
          .setHello(Hello.newBuilder().setSessionId("tls-test").setRole("client")).build());
      requests.onCompleted();
      try {
        return reply.get(DEADLINE_SECONDS + 5, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof StatusRuntimeException status) {
          throw status;
        }
        throw e;
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** Echoes every frame back and completes when the client does. */
  private static final class Echo extends PartyLinkGrpc.PartyLinkImplBase {
    @Override
    public StreamObserver<Frame> session(StreamObserver<Frame> responses) {
      return new StreamObserver<>() {
        @Override
        public void onNext(Frame frame) {
          responses.onNext(frame);
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          responses.onCompleted();
        }
      };
    }
  }
}
