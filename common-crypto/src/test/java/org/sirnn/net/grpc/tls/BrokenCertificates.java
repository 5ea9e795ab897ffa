package org.sirnn.net.grpc.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.sirnn.net.grpc.tls.DevCertificates.Role;

/**
 * The broken certificates negative tests need, issued by a development PKI's CA (or an unrelated one): expired, for
 * the wrong host name, for the wrong role, for a client name not allowed, or from a foreign CA. Test code only: the product's {@link DevCertificates} issues none.
 */
public final class BrokenCertificates {
  private BrokenCertificates() {}

  /** A server certificate with the right names, signed by this CA, that expired yesterday. */
  public static DevCertificates.Issued expiredServer(DevCertificates.Pki pki) {
    Instant now = Instant.now();
    return pki.authority().issue(DevCertificates.SERVER_NAME, List.of(DevCertificates.SERVER_NAME, "localhost"),
        List.of("127.0.0.1"), now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), Set.of(Role.SERVER));
  }

  /** A client certificate with the right names, signed by this CA, that expired yesterday. */
  public static DevCertificates.Issued expiredClient(DevCertificates.Pki pki) {
    Instant now = Instant.now();
    return pki.authority().issue(DevCertificates.CLIENT_NAME, List.of(DevCertificates.CLIENT_NAME, "localhost"),
        List.of(), now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), Set.of(Role.CLIENT));
  }

  /**
   * A valid server certificate signed by this CA whose names (CN and DNS:wrong-host.invalid) match neither
   * server-party, localhost nor 127.0.0.1.
   */
  public static DevCertificates.Issued wrongNameServer(DevCertificates.Pki pki) {
    Instant now = Instant.now();
    return pki.authority().issue("wrong-host.invalid", List.of("wrong-host.invalid"), List.of(),
        now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), Set.of(Role.SERVER));
  }

  /**
   * A valid client certificate (clientAuth) signed by this CA for another client: CN and DNS {@code name}, which
   * server-party does not allow unless told to ({@code --allow-client}).
   */
  public static DevCertificates.Issued otherClient(DevCertificates.Pki pki, String name) {
    Instant now = Instant.now();
    return pki.authority().issue(name, List.of(name), List.of(), now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)), Set.of(Role.CLIENT));
  }

  /**
   * A valid certificate signed by this CA with the client's names (CN and DNS client-party) but issued for TLS
   * servers only (serverAuth): the right name, the wrong role.
   */
  public static DevCertificates.Issued clientNamedServerOnly(DevCertificates.Pki pki) {
    Instant now = Instant.now();
    return pki.authority().issue(DevCertificates.CLIENT_NAME, List.of(DevCertificates.CLIENT_NAME), List.of(),
        now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), Set.of(Role.SERVER));
  }

  /**
   * A valid certificate signed by this CA with the server's names (CN and DNS server-party, DNS localhost, IP
   * 127.0.0.1) but issued for TLS clients only (clientAuth): the right name, the wrong role.
   */
  public static DevCertificates.Issued serverNamedClientOnly(DevCertificates.Pki pki) {
    Instant now = Instant.now();
    return pki.authority().issue(DevCertificates.SERVER_NAME, List.of(DevCertificates.SERVER_NAME, "localhost"),
        List.of("127.0.0.1"), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), Set.of(Role.CLIENT));
  }

  /** A server certificate with the right names but signed by a new, unrelated CA. */
  public static DevCertificates.Issued foreignServer() {
    return DevCertificates.newAuthority("unrelated CA", Duration.ofDays(1)).issueServer(Duration.ofDays(1));
  }

  /** A client certificate with the right names but signed by a new, unrelated CA. */
  public static DevCertificates.Issued foreignClient() {
    return DevCertificates.newAuthority("unrelated CA", Duration.ofDays(1)).issueClient(Duration.ofDays(1));
  }

  /**
   * A valid certificate signed by this CA with the server's names but without the extended key usage extension,
   * which the JDK's own check reads as "any use" and the party link refuses.
   */
  public static DevCertificates.Issued serverWithoutExtendedKeyUsage(DevCertificates.Pki pki) {
    Instant now = Instant.now();
    return pki.authority().issue(DevCertificates.SERVER_NAME, List.of(DevCertificates.SERVER_NAME, "localhost"),
        List.of("127.0.0.1"), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), Set.of());
  }

  /** Like {@link #serverWithoutExtendedKeyUsage} with the client's names (CN and DNS client-party). */
  public static DevCertificates.Issued clientWithoutExtendedKeyUsage(DevCertificates.Pki pki) {
    Instant now = Instant.now();
    return pki.authority().issue(DevCertificates.CLIENT_NAME, List.of(DevCertificates.CLIENT_NAME), List.of(),
        now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), Set.of());
  }
}
