package org.sirnn.net;

import org.sirnn.proto.Frame;

/**
 * Moves whole {@link Frame}s between the two parties of one session, in order, with back-pressure.
 * Implementations: {@link InMemoryTransport} (tests) and {@code net.grpc.StreamTransport} (one bidi gRPC stream).
 */
public interface FrameTransport {

  /**
   * Hands {@code frame} to the peer, blocking while the transport is not ready for more (flow control) for at
   * most {@code timeoutNanos}.
   *
   * @throws ProtocolAbortException when the peer is gone or the transport stays blocked past the timeout
   */
  void send(Frame frame, long timeoutNanos);

  /**
   * Next frame from the peer, waiting at most {@code timeoutNanos}.
   *
   * @throws ProtocolAbortException on timeout, or when the peer or connection failed or ended the stream
   */
  Frame receive(long timeoutNanos);

  /** No more frames will be sent by this side (half-close); idempotent. */
  void finishSending();

  /** Tears the transport down after an error (cancels the stream); idempotent, never throws. */
  void cancel(String why, Throwable cause);

  /**
   * Bytes on the wire besides the {@code payloadBytes} of {@code frame}'s payloads (tags, lengths, stamp, gRPC's
   * message prefix), for {@link Traffic}.
   */
  default long framingBytes(Frame frame, long payloadBytes) {
    return frame.getSerializedSize() - payloadBytes + FrameChannel.GRPC_PREFIX_BYTES;
  }

  /** Human-readable name of the link for error messages, e.g. {@code session 42 to 127.0.0.1:7001}. */
  String describe();
}
