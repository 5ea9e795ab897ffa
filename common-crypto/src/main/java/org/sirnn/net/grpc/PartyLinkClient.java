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

  /** Version of the frame protocol; both parties must speak the same. */
  public static final int PROTOCOL_VERSION = 2;

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
    FrameChannel channel = new FrameChannel(transport, options);
    try {
      channel.sendControl(Frame.newBuilder().setHello(Hello.newBuilder().setSessionId(sessionId).setModel(model)
          .setProtocolVersion(PROTOCOL_VERSION).setRole("client").setHeader(header)));
      Hello reply = channel.receiveControl(Frame.BodyCase.HELLO).getHello();
      if (reply.getProtocolVersion() != PROTOCOL_VERSION) {
        throw new ProtocolAbortException(Reason.INCOMPATIBLE, transport.describe() + ": server speaks protocol "
            + reply.getProtocolVersion() + ", this client " + PROTOCOL_VERSION);
      }
      if (!reply.getSessionId().equals(sessionId)) {
        throw new ProtocolAbortException(Reason.MALFORMED, transport.describe() + ": server answered for session "
            + reply.getSessionId());
      }
      if (!reply.getHeader().getPlanFingerprint().equals(header.getPlanFingerprint())) {
        throw new ProtocolAbortException(Reason.INCOMPATIBLE, transport.describe() + ": the server's plan of model '"
            + model + "' differs from this client's (plan fingerprints differ: the parties load different model"
            + " files or options)");
      }
      return channel;
    } catch (RuntimeException e) {
      channel.abort(e);
      throw e;
    }
  }
}
