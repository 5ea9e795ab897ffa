package org.sirnn.net.grpc.tls;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * server-party's {@code --allow-client NAME...}: the client identities (DNS subject alternative names, or the
 * common name of a certificate without any; see {@link ClientIdentityInterceptor}) allowed to open sessions over
 * mutual TLS. Repeatable and multi-valued ({@code --allow-client a --allow-client b} or
 * {@code --allow-client a,b}); the default is the development PKI's client name,
 * {@value DevCertificates#CLIENT_NAME}. Meaningless with {@code --insecure} (no certificate, no identity), where
 * giving it is an error.
 */
public final class AllowClientOption {
  @Option(names = "--allow-client", paramLabel = "NAME", split = ",",
      description = "client identity (DNS SAN, or CN if the certificate has no DNS SAN) allowed to connect over mutual"
          + " TLS; repeatable (default: " + DevCertificates.CLIENT_NAME + ")")
  List<String> names;

  /** The allowed names: those given, or {@value DevCertificates#CLIENT_NAME}. */
  public List<String> names() {
    return names == null || names.isEmpty() ? List.of(DevCertificates.CLIENT_NAME) : List.copyOf(names);
  }

  /** True if {@code --allow-client} was given on the command line. */
  public boolean given() {
    return names != null && !names.isEmpty();
  }

  /**
   * The interceptor that enforces the allowed names on every call.
   *
   * @return a {@link ClientIdentityInterceptor} for {@link #names()}
   * @throws IllegalArgumentException if a name is blank
   */
  public ClientIdentityInterceptor interceptor() {
    return new ClientIdentityInterceptor(names());
  }
}
