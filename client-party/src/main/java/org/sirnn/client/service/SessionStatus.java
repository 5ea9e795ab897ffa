package org.sirnn.client.service;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import org.sirnn.net.ProtocolAbortException;

/**
 * Maps what ended a session with server-party to the gRPC status the Inference API answers with.
 *
 * <ul>
 *   <li>while opening the session (connect, TLS handshake, hello): server-party refused the session
 *       ({@code INCOMPATIBLE}, or an error frame) -&gt; {@code FAILED_PRECONDITION}; anything else (connection
 *       refused, TLS failure, no answer within the deadline) -&gt; {@code UNAVAILABLE};</li>
 *   <li>during the session: {@code TIMEOUT} -&gt; {@code DEADLINE_EXCEEDED}, {@code PEER_GONE} -&gt;
 *       {@code UNAVAILABLE}, {@code PEER_ERROR} / {@code PEER_CLOSED} -&gt; {@code ABORTED}, {@code MALFORMED}
 *       -&gt; {@code INTERNAL}, {@code INCOMPATIBLE} -&gt; {@code FAILED_PRECONDITION};</li>
 *   <li>the caller cancelled its call -&gt; {@code CANCELLED}; anything else (a bug on this side) -&gt;
 *       {@code INTERNAL}.</li>
 * </ul>
 */
public final class SessionStatus {
  private SessionStatus() {}

  /**
   * @param e what ended the session
   * @param opened whether the hello exchange had completed
   * @param target server-party's address, for the message
   * @param deadline the session's deadline, for the message
   * @param callerCancelled whether the API caller had cancelled its call
   */
  public static Status of(Throwable e, boolean opened, String target, Duration deadline, boolean callerCancelled) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (callerCancelled) {
      return Status.CANCELLED.withDescription("the caller cancelled the request or its deadline passed; session ended: " + msg).withCause(e);
    }
    if (e instanceof ProtocolAbortException pa) {
      Status.Code transport = grpcCode(e);
      if (!opened) {
        if (pa.reason() == ProtocolAbortException.Reason.INCOMPATIBLE
            || (pa.reason() == ProtocolAbortException.Reason.PEER_ERROR && transport == null)) {
          return Status.FAILED_PRECONDITION.withDescription("server-party at " + target + " refused the session: "
              + msg).withCause(e);
        }
        if (pa.reason() == ProtocolAbortException.Reason.LIMIT) {
          return Status.RESOURCE_EXHAUSTED.withDescription("server-party at " + target + " refused the session: "
              + msg).withCause(e);
        }
        if (pa.reason() == ProtocolAbortException.Reason.BUSY) {
          return Status.RESOURCE_EXHAUSTED.withDescription("server-party at " + target + " has no room for the"
              + " session now: " + msg).withCause(e);
        }
        String why = pa.reason() == ProtocolAbortException.Reason.TIMEOUT
            ? "did not answer within " + seconds(deadline) : "is unreachable or refused the connection";
        return Status.UNAVAILABLE.withDescription("server-party at " + target + " " + why + ": " + msg).withCause(e);
      }
      return switch (pa.reason()) {
        case TIMEOUT -> Status.DEADLINE_EXCEEDED.withDescription("the session with server-party at " + target
            + " did not finish in time (deadline " + seconds(deadline) + "): " + msg).withCause(e);
        case PEER_GONE -> Status.UNAVAILABLE.withDescription("lost server-party at " + target
            + " during the session: " + msg).withCause(e);
        case PEER_ERROR, PEER_CLOSED -> Status.ABORTED.withDescription("server-party at " + target
            + " aborted the session: " + msg).withCause(e);
        case MALFORMED -> Status.INTERNAL.withDescription("protocol error in the session with server-party at "
            + target + ": " + msg).withCause(e);
        case INCOMPATIBLE -> Status.FAILED_PRECONDITION.withDescription("server-party at " + target
            + " cannot run this session: " + msg).withCause(e);
        case LIMIT -> Status.RESOURCE_EXHAUSTED.withDescription("server-party at " + target
            + " refused the session: " + msg).withCause(e);
        case BUSY -> Status.RESOURCE_EXHAUSTED.withDescription("server-party at " + target
            + " has no room for the session now: " + msg).withCause(e);
      };
    }
    return Status.INTERNAL.withDescription("internal error: " + e).withCause(e);
  }

  /** Bounded reason tag for {@code sirnn_sessions_failed_total}. */
  public static String reason(Throwable e, boolean callerCancelled) {
    if (callerCancelled) {
      return "CANCELLED";
    }
    return e instanceof ProtocolAbortException pa ? pa.reason().name() : "LOCAL";
  }

  /** The status code of the first gRPC exception in the cause chain, or null. */
  static Status.Code grpcCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        return s.getStatus().getCode();
      }
      if (t instanceof StatusException s) {
        return s.getStatus().getCode();
      }
    }
    return null;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
