package org.sirnn.net.grpc;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.ProtocolAbortException.Reason;
import org.sirnn.proto.Frame;
import org.sirnn.proto.Hello;
import org.sirnn.proto.PartyLinkGrpc;
import org.sirnn.proto.SessionHeader;

/**
 * Opens a party session from the client side: one {@code PartyLink/Session} bidi stream with a deadline, the hello
 * exchange, and a {@link FrameChannel} over it.
 */
public final class PartyLinkClient {

  /**
   * Version of the frame protocol; both parties must speak the same. 4: lanes frames ({@code Frame.lanes}, operations
   * in lockstep); 3: the deferred header of prepared sessions.
   */
  public static final int PROTOCOL_VERSION = 4;

  private PartyLinkClient() {}

  /** Starts a session with no header (the link-check diagnostic). */
  public static FrameChannel open(io.grpc.Channel grpc, String sessionId, String model, FrameChannel.Options options,
      Duration sessionDeadline) {
    return open(grpc, sessionId, model, SessionHeader.getDefaultInstance(), options, sessionDeadline);
  }

  /**
   * Starts a session on {@code grpc} for {@code model} with the session header (batch and plan fingerprint) in the
   * hello. The server answers with its own header; a different plan fingerprint ends the session here with
   * INCOMPATIBLE (the server refuses it first when it sees the difference).
   *
   * @param sessionDeadline the whole session must end within this time (gRPC deadline of the call)
   * @throws ProtocolAbortException when the server refuses the session or does not answer the hello in time
   */
  public static FrameChannel open(io.grpc.Channel grpc, String sessionId, String model, SessionHeader header,
      FrameChannel.Options options, Duration sessionDeadline) {
    FrameChannel channel = connect(grpc, sessionId, options, sessionDeadline);
    try {
      hello(channel, Hello.newBuilder().setSessionId(sessionId).setModel(model).setHeader(header));
      return channel;
    } catch (RuntimeException e) {
      channel.abort(e);
      throw e;
    }
  }

  /**
   * Starts a session whose header comes later (the offline/online split): the hello carries only the OT backend
   * ({@code otBackend}); after the input-independent setup the client sends the full header with {@link #header}.
   */
  public static FrameChannel openDeferred(io.grpc.Channel grpc, String sessionId, String otBackend,
      FrameChannel.Options options, Duration sessionDeadline) {
    FrameChannel channel = connect(grpc, sessionId, options, sessionDeadline);
    try {
      hello(channel, Hello.newBuilder().setSessionId(sessionId).setDeferredHeader(true)
          .setHeader(SessionHeader.newBuilder().setOtBackend(otBackend)));
      return channel;
    } catch (RuntimeException e) {
      channel.abort(e);
      throw e;
    }
  }

  /**
   * Sends the full header of a session opened with {@link #openDeferred} and checks the server's answer as
   * {@link #open} does; the session then goes on as any other.
   */
  public static void header(FrameChannel channel, String sessionId, String model, SessionHeader header) {
    try {
      hello(channel, Hello.newBuilder().setSessionId(sessionId).setModel(model).setHeader(header));
    } catch (RuntimeException e) {
      channel.abort(e);
      throw e;
    }
  }

  /** Sends a hello and checks the server's: protocol version, session id, plan fingerprint, wire goal (its echo). */
  private static void hello(FrameChannel channel, Hello.Builder hello) {
    Hello sent = hello.setProtocolVersion(PROTOCOL_VERSION).setRole("client").build();
    channel.sendControl(Frame.newBuilder().setHello(sent));
    Hello reply = channel.receiveControl(Frame.BodyCase.HELLO).getHello();
    String link = channel.transport().describe();
    if (reply.getProtocolVersion() != PROTOCOL_VERSION) {
      throw new ProtocolAbortException(Reason.INCOMPATIBLE, link + ": server speaks protocol "
          + reply.getProtocolVersion() + ", this client " + PROTOCOL_VERSION);
    }
    if (!reply.getSessionId().equals(sent.getSessionId())) {
      throw new ProtocolAbortException(Reason.MALFORMED, link + ": server answered for session "
          + reply.getSessionId());
    }
    if (!reply.getHeader().getPlanFingerprint().equals(sent.getHeader().getPlanFingerprint())) {
      throw new ProtocolAbortException(Reason.INCOMPATIBLE, link + ": the server's plan of model '"
          + sent.getModel() + "' differs from this client's (plan fingerprints differ: the parties load different"
          + " model files or options)");
    }
    if (!reply.getHeader().getWireGoal().equals(sent.getHeader().getWireGoal())) {
      throw new ProtocolAbortException(Reason.INCOMPATIBLE, link + ": the client asked for wire goal '"
          + shown(sent.getHeader().getWireGoal()) + "', the server answered '"
          + shown(reply.getHeader().getWireGoal()) + "' (an older server-party?)");
    }
  }

  /** A header's wire goal for a message: empty is the default, "balanced"; a peer's text is cut and sanitised. */
  private static String shown(String wireGoal) {
    String t = wireGoal.isEmpty() ? "balanced" : wireGoal.replaceAll("[^A-Za-z0-9_-]", "?");
    return t.length() <= 20 ? t : t.substring(0, 20) + "...";
  }

  /** Opens the gRPC stream of a session (no message sent yet). */
  private static FrameChannel connect(io.grpc.Channel grpc, String sessionId, FrameChannel.Options options,
      Duration sessionDeadline) {
    StreamTransport transport = new StreamTransport("session " + sessionId + " to " + grpc.authority());
    ClientResponseObserver<Frame, Frame> observer = new ClientResponseObserver<>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<Frame> requestStream) {
        requestStream.disableAutoRequestWithInitial(StreamTransport.WINDOW);
        transport.attach(requestStream);
      }

      @Override
      public void onNext(Frame value) {
        transport.onNext(value);
      }

      @Override
      public void onError(Throwable t) {
        transport.onError(t);
      }

      @Override
      public void onCompleted() {
        transport.onCompleted();
      }
    };
    PartyLinkGrpc.newStub(grpc)
        .withDeadlineAfter(sessionDeadline.toMillis(), TimeUnit.MILLISECONDS)
        .withMaxInboundMessageSize(options.maxFrameBytes() + (1 << 16))
        .withMaxOutboundMessageSize(options.maxFrameBytes() + (1 << 16))
        .session(observer);
    return new FrameChannel(transport, options);
  }
}
