package org.sirnn.net.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.ProtocolAbortException.Reason;
import org.sirnn.proto.Frame;
import org.sirnn.proto.Hello;
import org.sirnn.proto.PartyLinkGrpc;
import org.sirnn.proto.SessionHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of {@code PartyLink/Session}: accepts a stream, runs the hello exchange and the session on a session
 * thread (never on a gRPC thread), and ends it with goodbye or, on any failure, with an error frame and a
 * cancelled stream. A failing session never affects other sessions.
 */
public final class PartyLinkService extends PartyLinkGrpc.PartyLinkImplBase {
  private static final Logger log = LoggerFactory.getLogger(PartyLinkService.class);

  /** What the server does in one session, after the hello exchange. */
  @FunctionalInterface
  public interface SessionHandler {
    /** Runs the server's half of the session on {@code channel}; throw to abort it. */
    void run(Hello hello, FrameChannel channel) throws Exception;

    /**
     * Checks a client's hello before the session starts and returns the server's own session header for the
     * answer (the client compares its plan fingerprint); throw ProtocolAbortException to refuse the session.
     */
    default SessionHeader accept(Hello hello) {
      return hello.getHeader();
    }

    /**
     * Told once about every session that ended in an error, wherever it failed: before the hello was read (then
     * {@code hello} is null), in {@link #accept}, in {@link #run}, or while saying goodbye.
     */
    default void failed(Hello hello, Throwable cause) {}
  }

  private final SessionHandler handler;
  private final Executor sessions;
  private final FrameChannel.Options options;

  public PartyLinkService(SessionHandler handler, Executor sessions, FrameChannel.Options options) {
    this.handler = handler;
    this.sessions = sessions;
    this.options = options;
  }

  @Override
  public StreamObserver<Frame> session(StreamObserver<Frame> responseObserver) {
    ServerCallStreamObserver<Frame> out = (ServerCallStreamObserver<Frame>) responseObserver;
    StreamTransport transport = new StreamTransport("party session (server side)");
    out.disableAutoRequest();
    transport.attach(out);
    out.setOnCancelHandler(transport::peerCancelled);
    transport.requestInitial();
    try {
      sessions.execute(() -> runSession(transport));
    } catch (RejectedExecutionException e) {
      transport.cancel("server busy: no session slot free", e);
    }
    return transport;
  }

  private void runSession(StreamTransport transport) {
    FrameChannel channel = new FrameChannel(transport, options);
    String id = "?";
    Hello hello = null;
    try {
      hello = channel.receiveControl(Frame.BodyCase.HELLO).getHello();
      id = hello.getSessionId();
      if (hello.getProtocolVersion() != PartyLinkClient.PROTOCOL_VERSION) {
        throw new ProtocolAbortException(Reason.INCOMPATIBLE, "client speaks protocol " + hello.getProtocolVersion()
            + ", this server " + PartyLinkClient.PROTOCOL_VERSION);
      }
      SessionHeader header = handler.accept(hello);
      channel.sendControl(Frame.newBuilder().setHello(Hello.newBuilder().setSessionId(hello.getSessionId())
          .setModel(hello.getModel()).setProtocolVersion(PartyLinkClient.PROTOCOL_VERSION).setRole("server")
          .setHeader(header)));
      handler.run(hello, channel);
      channel.close();
      log.debug("session {} ended normally", id);
    } catch (Exception | Error e) { // an Error (e.g. OutOfMemoryError) must still end the session for the peer
      log.warn("session {} aborted: {}", id, e.getMessage() != null ? e.getMessage() : e.toString());
      channel.abort(e);
      try {
        handler.failed(hello, e);
      } catch (RuntimeException ignored) {
        // accounting must not hide the failure
      }
    }
  }
}
