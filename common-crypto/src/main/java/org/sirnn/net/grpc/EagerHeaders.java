package org.sirnn.net.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Sends each call's response headers as soon as the call starts (later header sends become no-ops). Works around a
 * grpc-java race (grpc/grpc-java#11245): when the transport itself ends a stream, e.g. because the peer sent a
 * message over the size limit, and the application then sends its first message, the late response headers were
 * written on a stream already half-closed, which Netty treats as a connection error: a GOAWAY that also killed the
 * other sessions multiplexed on the same HTTP/2 connection.
 */
public final class EagerHeaders implements ServerInterceptor {
  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    ServerCall<Q, R> once = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      private boolean sent;

      @Override
      public synchronized void sendHeaders(Metadata h) {
        if (!sent) {
          sent = true;
          super.sendHeaders(h);
        }
      }
    };
    once.sendHeaders(new Metadata());
    return next.startCall(once, headers);
  }
}
