package org.sirnn.net;

import org.sirnn.net.ProtocolAbortException.Reason;

/**
 * What may cross the trust boundary between the parties, in both directions.
 *
 * <p>Outbound: an error told to the peer carries a status code and a text chosen here. Only refusals written for the
 * peer ({@link Reason#INCOMPATIBLE}: "no model named ..."; {@link Reason#BUSY} and {@link Reason#LIMIT}: which limit
 * was hit) keep their text; every other failure, and above all a local exception's message (which may name classes,
 * paths, or values), is replaced by a generic sentence naming only the kind of failure.
 *
 * <p>Inbound: strings from the peer (session ids, model names, error texts) are cut to {@link #MAX_CHARS} and
 * stripped of control characters before they reach a log line, a metric tag or a status of ours.
 */
public final class PeerText {
  private PeerText() {}

  /** Longest peer string kept (longer ones are cut and marked). */
  public static final int MAX_CHARS = 200;

  /** gRPC status codes used in error frames. */
  public static final int DEADLINE_EXCEEDED = 4;
  public static final int FAILED_PRECONDITION = 9;
  public static final int ABORTED = 10;

  /** The gRPC status code an error frame for {@code cause} carries. */
  public static int code(Throwable cause) {
    if (cause instanceof ProtocolAbortException pa) {
      return switch (pa.reason()) {
        case TIMEOUT -> DEADLINE_EXCEEDED;
        case BUSY, LIMIT -> ProtocolAbortException.BUSY_CODE;
        case INCOMPATIBLE -> FAILED_PRECONDITION;
        default -> ABORTED;
      };
    }
    return ABORTED;
  }

  /** The text the peer is told about {@code cause}: the refusal's own text, or a generic one. */
  public static String forPeer(Throwable cause) {
    if (cause instanceof ProtocolAbortException pa) {
      return switch (pa.reason()) {
        case INCOMPATIBLE, BUSY, LIMIT -> bounded(pa.getMessage(), 1000);
        case TIMEOUT -> "the other party timed out waiting for this side";
        case MALFORMED -> "the other party received a message it could not accept";
        case PEER_ERROR, PEER_GONE, PEER_CLOSED -> "the other party ended the session";
      };
    }
    return "the other party failed with an internal error";
  }

  /** {@code s} cut to {@link #MAX_CHARS} with control characters replaced by '?': safe for a log line. */
  public static String sanitise(String s) {
    return bounded(s, MAX_CHARS);
  }

  /** {@code s} cut to {@code max} characters with control characters replaced by '?'. */
  public static String bounded(String s, int max) {
    if (s == null) {
      return "";
    }
    int len = Math.min(s.length(), max);
    StringBuilder b = new StringBuilder(len + 16);
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
    }
    if (s.length() > max) {
      b.append("...(").append(s.length() - max).append(" more)");
    }
    return b.toString();
  }
}
