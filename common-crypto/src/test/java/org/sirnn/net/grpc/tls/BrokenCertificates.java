package org.sirnn.net.grpc.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The broken certificates negative tests need, issued by a development PKI's CA (or an unrelated one): expired, for
 * the wrong host name, or from a foreign CA. Test code only: the product's {@link DevCertificates} issues none.
 */
public final class BrokenCertificates {
  private BrokenCertificates() {}

  /** A server certificate with the right names, signed by this CA, that expired yesterday. */
  public static DevCertificates.Issued expiredServer(DevCertificates.Pki pki) {
    Instant now = Instant.now();
    return pki.authority().issue(DevCertificates.SERVER_NAME, List.of(DevCertificates.SERVER_NAME, "localhost"),
        List.of("127.0.0.1"), now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
  }

  /** A client certificate with the right names, signed by this CA, that expired yesterday. */
  public static DevCertificates.Issued expiredClient(DevCertificates.Pki pki) {
    Instant now = Instant.now();
    return pki.authority().issue(DevCertificates.CLIENT_NAME, List.of(DevCertificates.CLIENT_NAME, "localhost"),
        List.of(), now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
  }

  /**
   * A valid server certificate signed by this CA whose names (CN and DNS:wrong-host.invalid) match neither
   * server-party, localhost nor 127.0.0.1.
   */
  public static DevCertificates.Issued wrongNameServer(DevCertificates.Pki pki) {
    Instant now = Instant.now();
    return pki.authority().issue("wrong-host.invalid", List.of("wrong-host.invalid"), List.of(),
        now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
  }

  /** A server certificate with the right names but signed by a new, unrelated CA. */
  public static DevCertificates.Issued foreignServer() {
    return DevCertificates.newAuthority("unrelated CA", Duration.ofDays(1)).issueServer(Duration.ofDays(1));
  }

  /** A client certificate with the right names but signed by a new, unrelated CA. */
  public static DevCertificates.Issued foreignClient() {
    return DevCertificates.newAuthority("unrelated CA", Duration.ofDays(1)).issueClient(Duration.ofDays(1));
  }
}
