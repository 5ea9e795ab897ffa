package org.sirnn.client.service;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Names the caller of every API call and puts the name in the call's {@link Context} under {@link #CALLER}: the
 * subject of the TLS client certificate when the API requires one (mutual TLS), else the peer's IP address. Per-caller
 * limits ({@link PredictRateLimit}) count by this name.
 */
public final class CallerIdentity implements ServerInterceptor {
  /** The caller's name in the call's context; unset outside an intercepted call. */
  public static final Context.Key<String> CALLER = Context.key("sirnn-caller");
  /** The name of a caller the transport says nothing about (e.g. an in-process call). */
  public static final String UNKNOWN = "unknown";

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
      ServerCallHandler<Q, A> next) {
    Context context = Context.current().withValue(CALLER, of(call.getAttributes()));
    return Contexts.interceptCall(context, call, headers, next);
  }

  /** The caller of the current call, or {@link #UNKNOWN}. */
  public static String current() {
    String c = CALLER.get();
    return c == null ? UNKNOWN : c;
  }

  /** The certificate subject of a mutual-TLS peer, else its IP address, else {@link #UNKNOWN}. */
  static String of(Attributes transport) {
    SSLSession tls = transport.get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (tls != null) {
      try {
        Certificate[] chain = tls.getPeerCertificates();
        if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
          return leaf.getSubjectX500Principal().getName();
        }
      } catch (SSLPeerUnverifiedException e) {
        // TLS without a client certificate: fall back to the address
      }
    }
    SocketAddress remote = transport.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return UNKNOWN;
  }
}
