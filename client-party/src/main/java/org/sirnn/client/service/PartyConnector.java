package org.sirnn.client.service;

import org.sirnn.mpc.WireGoal;
import org.sirnn.nn.runtime.PreparedSession;
import org.sirnn.ot.OtBackend;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.grpc.PartyLinkClient;
import org.sirnn.proto.SessionHeader;

/**
 * The client party's link to server-party: one {@link ManagedChannel} (mutual TLS or, with {@code --insecure},
 * plaintext) shared by all sessions, each session one {@code PartyLink/Session} stream on it.
 */
public final class PartyConnector implements AutoCloseable {
  private final String target;
  private final ManagedChannel grpc;
  private final FrameChannel.Options options;

  /**
   * @param target server-party's address, {@code HOST:PORT}
   * @param credentials TLS credentials of this party (see {@code TlsConfig}) or insecure ones
   * @param authority host name to check the server's certificate against instead of HOST, or null
   * @param options frame size and timeouts of each session's channel
   */
  public PartyConnector(String target, ChannelCredentials credentials, String authority,
      FrameChannel.Options options) {
    HostPort hp = HostPort.parse("--server", target);
    this.target = hp.toString();
    this.options = options;
    ManagedChannelBuilder<?> b = Grpc.newChannelBuilderForAddress(hp.host(), hp.port(), credentials)
        .maxInboundMessageSize(options.maxFrameBytes() + (1 << 16))
        .directExecutor(); // PartyLink callbacks only queue frames (StreamTransport), never block
    if (authority != null && !authority.isBlank()) {
      b.overrideAuthority(authority);
    }
    this.grpc = b.build();
  }

  /** Address of server-party as given. */
  public String target() {
    return target;
  }

  /** The link's connectivity; {@code connect} starts connecting when idle. */
  public io.grpc.ConnectivityState state(boolean connect) {
    return grpc.getState(connect);
  }

  /** Starts connecting now rather than on the first session (a failure shows up in the first session anyway). */
  public void connectEagerly() {
    grpc.getState(true);
  }

  /**
   * Opens one session for {@code model} with the hello exchange carrying the session {@code header}. The whole session (gRPC call) must end within
   * {@code deadline}; no single wait for the peer lasts longer than the deadline either. Runs in the caller's gRPC
   * {@code Context}: cancelling it cancels the session.
   *
   * @throws org.sirnn.net.ProtocolAbortException when server-party is unreachable, refuses, or does not answer
   */
  public FrameChannel open(String sessionId, String model, SessionHeader header, Duration deadline) {
    FrameChannel.Options o = options;
    if (deadline.compareTo(o.receiveTimeout()) < 0) {
      o = o.withReceiveTimeout(deadline);
    }
    return PartyLinkClient.open(grpc, sessionId, model, header, o, deadline);
  }

  /**
   * Opens a session whose header comes later and runs its input-independent setup now (the offline phase; see
   * {@link PreparedSession}).
   *
   * @param deadline the whole session, time waiting in a pool included
   */
  public PreparedSession prepare(OtBackend ot, Duration deadline) {
    return prepare(ot, 1, deadline);
  }

  /** As {@link #prepare(OtBackend, Duration)}, the inference asking for {@code threads} workers per party. */
  public PreparedSession prepare(OtBackend ot, int threads, Duration deadline) {
    return prepare(ot, threads, WireGoal.DEFAULT, deadline);
  }

  /** As {@link #prepare(OtBackend, int, Duration)}, the inference asking for wire goal {@code wire}. */
  public PreparedSession prepare(OtBackend ot, int threads, WireGoal wire, Duration deadline) {
    return PreparedSession.open(grpc, ot, threads, wire, options, deadline);
  }

  @Override
  public void close() {
    grpc.shutdownNow();
    try {
      grpc.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A {@code HOST:PORT} address (IPv6 hosts in brackets). */
  public record HostPort(String host, int port) {
    /** Parses {@code value} with an error naming {@code flag} when it is not HOST:PORT with a port in 1..65535. */
    public static HostPort parse(String flag, String value) {
      if (value == null) {
        throw new IllegalArgumentException(flag + " must be HOST:PORT, got nothing");
      }
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw new IllegalArgumentException(flag + " must be HOST:PORT, got '" + value + "'");
      }
      String host = value.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(value.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " must be HOST:PORT, got '" + value + "' (port is not a number)");
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException(flag + ": port must be in 1..65535, got " + port);
      }
      return new HostPort(host, port);
    }

    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }
}
