package org.sirnn.net.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.PeerText;
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
 *
 * <p>Admission ({@link SessionGate}): a stream that finds no free session slot is refused at once with
 * {@code RESOURCE_EXHAUSTED}; after the hello, the handler's memory estimate for the session is reserved against the
 * budget (or the session refused the same way), and the session deadline starts. Strings from the peer (session
 * id, model name) are bounded and sanitised ({@link PeerText}) before they are logged.
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

    /** Estimated peak memory of the accepted session (bytes), reserved against the server's budget. */
    default long memoryBytes(Hello hello) {
      return 0;
    }

    /**
     * Checks the first hello of a session with a deferred header (only the OT backend is known) and returns the
     * server's answer header; by default such sessions are refused.
     */
    default SessionHeader acceptDeferred(Hello hello) {
      throw new ProtocolAbortException(ProtocolAbortException.Reason.INCOMPATIBLE,
          "this server does not take sessions with a deferred header");
    }

    /** Runs the input-independent setup of a deferred session; the result is handed to {@link #run(Hello,
     * FrameChannel, Object)}. */
    default Object prepare(Hello hello, FrameChannel channel) throws Exception {
      return null;
    }

    /** Runs a session whose setup ran in {@link #prepare} ({@code hello} is the second, full one). */
    default void run(Hello hello, FrameChannel channel, Object prepared) throws Exception {
      run(hello, channel);
    }
  }

  private final SessionHandler handler;
  private final Executor sessions;
  private final FrameChannel.Options options;
  private final SessionGate gate;

  /** A service without admission limits (embedded and test servers). */
  public PartyLinkService(SessionHandler handler, Executor sessions, FrameChannel.Options options) {
    this(handler, sessions, options, SessionGate.unlimited());
  }

  /** A service whose sessions pass {@code gate} (slots, memory budget, deadline). */
  public PartyLinkService(SessionHandler handler, Executor sessions, FrameChannel.Options options, SessionGate gate) {
    this.handler = handler;
    this.sessions = sessions;
    this.options = options;
    this.gate = gate;
  }

  @Override
  public StreamObserver<Frame> session(StreamObserver<Frame> responseObserver) {
    ServerCallStreamObserver<Frame> out = (ServerCallStreamObserver<Frame>) responseObserver;
    StreamTransport transport = new StreamTransport("party session (server side)");
    out.disableAutoRequest();
    transport.attach(out);
    out.setOnCancelHandler(transport::peerCancelled);
    transport.requestInitial();
    SessionGate.Ticket ticket;
    try {
      ticket = gate.enter();
    } catch (ProtocolAbortException busy) {
      log.warn("session refused: {}", busy.getMessage());
      transport.cancel("refused", busy);
      failed(null, busy);
      return transport;
    }
    try {
      sessions.execute(() -> {
        try {
          runSession(transport, ticket);
        } finally {
          ticket.close();
        }
      });
    } catch (RejectedExecutionException e) {
      ticket.close();
      ProtocolAbortException busy = new ProtocolAbortException(ProtocolAbortException.Reason.BUSY,
          ProtocolAbortException.BUSY_PREFIX + "no session thread free", e);
      transport.cancel("refused", busy);
      failed(null, busy);
    }
    return transport;
  }

  private void failed(Hello hello, Throwable cause) {
    try {
      handler.failed(hello, cause);
    } catch (RuntimeException ignored) {
      // accounting must not hide the failure
    }
  }

  private void startDeadline(SessionGate.Ticket ticket, StreamTransport transport) {
    Duration deadline = gate.sessionDeadline();
    ticket.startDeadline(() -> transport.cancel("session deadline", new ProtocolAbortException(
        ProtocolAbortException.Reason.TIMEOUT, "session ran longer than the session deadline of "
        + deadline.toSeconds() + " s (--session-deadline)")));
  }

  private static void reply(FrameChannel channel, Hello hello, SessionHeader header) {
    channel.sendControl(Frame.newBuilder().setHello(Hello.newBuilder().setSessionId(hello.getSessionId())
        .setModel(hello.getModel()).setProtocolVersion(PartyLinkClient.PROTOCOL_VERSION).setRole("server")
        .setHeader(header).setDeferredHeader(hello.getDeferredHeader())));
  }

  private void runSession(StreamTransport transport, SessionGate.Ticket ticket) {
    FrameChannel channel = new FrameChannel(transport, options);
    String id = "?";
    Hello hello = null;
    try {
      hello = channel.receiveControl(Frame.BodyCase.HELLO).getHello();
      id = PeerText.sanitise(hello.getSessionId());
      if (hello.getProtocolVersion() != PartyLinkClient.PROTOCOL_VERSION) {
        throw new ProtocolAbortException(Reason.INCOMPATIBLE, "client speaks protocol " + hello.getProtocolVersion()
            + ", this server " + PartyLinkClient.PROTOCOL_VERSION);
      }
      Object prepared = null;
      if (hello.getDeferredHeader()) {
        // offline phase first: setup before the client's input exists, then the real header
        reply(channel, hello, handler.acceptDeferred(hello));
        startDeadline(ticket, transport);
        prepared = handler.prepare(hello, channel);
        Hello full = channel.receiveControl(Frame.BodyCase.HELLO).getHello();
        if (!full.getSessionId().equals(hello.getSessionId()) || full.getDeferredHeader()) {
          throw new ProtocolAbortException(ProtocolAbortException.Reason.MALFORMED, "the second hello of session "
              + id + " must carry the same session id and the full header");
        }
        hello = full;
      }
      SessionHeader header = handler.accept(hello);
      ticket.reserve(handler.memoryBytes(hello), "model " + PeerText.sanitise(hello.getModel()) + ", batch "
          + hello.getHeader().getBatch());
      if (prepared == null) {
        startDeadline(ticket, transport);
      }
      reply(channel, hello, header);
      if (prepared != null) {
        handler.run(hello, channel, prepared);
      } else {
        handler.run(hello, channel);
      }
      ticket.close(); // free before the goodbye: a client that saw the end of its session finds the slot free
      channel.close();
      log.debug("session {} ended normally", id);
    } catch (Exception | Error e) { // an Error (e.g. OutOfMemoryError) must still end the session for the peer
      log.warn("session {} aborted: {}", id, e.getMessage() != null ? e.getMessage() : e.toString());
      ticket.close();
      channel.abort(e);
      failed(hello, e);
    }
  }
}
