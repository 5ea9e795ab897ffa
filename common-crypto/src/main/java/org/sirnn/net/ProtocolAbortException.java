package org.sirnn.net;

/**
 * A session cannot go on because of something that came from (or failed to come from) the peer or the transport.
 *
 * <p>Programming errors on the local side stay {@link IllegalArgumentException} / {@link IllegalStateException};
 * this exception is for everything the peer controls. The service boundary maps {@link #reason()} to a gRPC status.
 */
public final class ProtocolAbortException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the session ended. */
  public enum Reason {
    /** Nothing arrived within the timeout or the session deadline passed. */
    TIMEOUT,
    /** The peer sent a message of the wrong type, bitwidth, count or size. */
    MALFORMED,
    /** The peer ended the session with an error of its own. */
    PEER_ERROR,
    /** The peer or the connection went away (cancelled, reset, closed early). */
    PEER_GONE,
    /** The peer said goodbye while more protocol messages were expected. */
    PEER_CLOSED,
    /** The peer speaks another protocol version or asked for something this side does not offer. */
    INCOMPATIBLE,
    /**
     * The peer has no room for this session now (all session slots taken, or its memory budget would be exceeded);
     * the same request may succeed later. On the wire: gRPC {@code RESOURCE_EXHAUSTED}, or an error frame with code
     * {@link #BUSY_CODE}.
     */
    BUSY,
    /**
     * The session asks for more than the peer ever allows one session (its per-session cap on count x bitwidth);
     * retrying the same request cannot succeed. On the wire: an error frame with code {@link #BUSY_CODE} whose text
     * does not start with {@link #BUSY_PREFIX}.
     */
    LIMIT
  }

  /** The error-frame code (gRPC's RESOURCE_EXHAUSTED) of {@link Reason#BUSY} and {@link Reason#LIMIT}. */
  public static final int BUSY_CODE = 8;

  /** Prefix of every busy refusal's text, so a RESOURCE_EXHAUSTED status that means "busy" is told apart. */
  public static final String BUSY_PREFIX = "server busy: ";

  private final Reason reason;

  public ProtocolAbortException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ProtocolAbortException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Throws MALFORMED with the message when the condition does not hold. */
  public static void check(boolean condition, String what) {
    if (!condition) {
      throw new ProtocolAbortException(Reason.MALFORMED, what);
    }
  }
}
