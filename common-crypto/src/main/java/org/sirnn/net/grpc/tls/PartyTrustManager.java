package org.sirnn.net.grpc.tls;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trust manager of one side of the party link: the JDK's PKIX validation against the configured CA (chain,
 * validity, key usage and, on the client, the host name through the engine's endpoint identification) and, on top,
 * the peer's leaf certificate must name the peer's <em>role</em> in its extended key usage: a client must present
 * {@code id-kp-clientAuth} (1.3.6.1.5.5.7.3.2), a server {@code id-kp-serverAuth} (1.3.6.1.5.5.7.3.1) (RFC 5280,
 * Section 4.2.1.12). A certificate without the extension is refused, unlike in the JDK's own check, which treats a
 * missing extension as "any use"; so is {@code anyExtendedKeyUsage} alone. With the development PKI's role-specific
 * leaves this keeps the server's certificate (and key) from authenticating as the client and the other way round.
 *
 * <p>A refusal fails the TLS handshake with a {@link CertificateException} that names the certificate and the
 * missing usage; every refusal, the JDK's included (a present extension without the role's usage already fails
 * there), is logged at WARN on this side with the peer certificate's subject. Which client names may connect is decided after the handshake
 * by {@link ClientIdentityInterceptor}.
 */
final class PartyTrustManager extends X509ExtendedTrustManager {
  private static final Logger log = LoggerFactory.getLogger(PartyTrustManager.class);

  /** OID of id-kp-serverAuth. */
  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  /** OID of id-kp-clientAuth. */
  static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  /** The peer's role, whose extended key usage its certificate must carry. */
  enum Peer {
    /** The peer is a TLS client (this side is the server). */
    CLIENT(CLIENT_AUTH, "clientAuth"),
    /** The peer is a TLS server (this side is the client). */
    SERVER(SERVER_AUTH, "serverAuth");

    final String oid;
    final String usage;

    Peer(String oid, String usage) {
      this.oid = oid;
      this.usage = usage;
    }
  }

  private final X509ExtendedTrustManager pkix;
  private final Peer peer;

  private PartyTrustManager(X509ExtendedTrustManager pkix, Peer peer) {
    this.pkix = pkix;
    this.peer = peer;
  }

  /**
   * A trust manager that accepts peers of role {@code peer} whose certificate chains to one of {@code roots}.
   *
   * @param roots the trusted CA certificates
   * @param peer the role the peer's certificate must be issued for
   * @return the trust manager
   * @throws IllegalStateException if the JDK offers no PKIX trust manager
   */
  static PartyTrustManager of(List<X509Certificate> roots, Peer peer) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < roots.size(); i++) {
        store.setCertificateEntry("ca-" + i, roots.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return new PartyTrustManager(x, peer);
        }
      }
      throw new IllegalStateException("the PKIX TrustManagerFactory offers no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a PKIX trust manager", e);
    }
  }

  /**
   * Same as {@link #of(List, Peer)} from PEM bytes.
   *
   * @param rootsPem one or more PEM CERTIFICATE blocks
   * @param peer the role the peer's certificate must be issued for
   * @return the trust manager
   * @throws IllegalArgumentException if the PEM holds no parsable certificate
   */
  static PartyTrustManager of(byte[] rootsPem, Peer peer) {
    try {
      List<X509Certificate> roots = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(rootsPem)).stream()
          .map(X509Certificate.class::cast).toList();
      if (roots.isEmpty()) {
        throw new IllegalArgumentException("no CA certificate in the trust PEM");
      }
      return of(roots, peer);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("cannot parse the CA certificates: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code cert} lists {@code oid} in its extended key usage extension (false when the extension is
   * missing or unparsable).
   *
   * @param cert the certificate
   * @param oid the key purpose OID
   * @return true if the purpose is listed
   */
  static boolean hasExtendedKeyUsage(X509Certificate cert, String oid) {
    try {
      List<String> usages = cert.getExtendedKeyUsage();
      return usages != null && usages.contains(oid);
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  /** The JDK's own validation; a refusal is logged at WARN with the certificate's subject, then rethrown. */
  private interface Check {
    void run() throws CertificateException;
  }

  private void pkix(X509Certificate[] chain, Check check) throws CertificateException {
    try {
      check.run();
    } catch (CertificateException e) {
      log.warn("refused TLS {} certificate {}: {}", peer.name().toLowerCase(),
          chain == null || chain.length == 0 ? "(none)" : chain[0].getSubjectX500Principal(), e.getMessage());
      throw e;
    }
  }

  private void requireRole(X509Certificate[] chain) throws CertificateException {
    X509Certificate leaf = chain[0];
    if (!hasExtendedKeyUsage(leaf, peer.oid)) {
      String message = "TLS peer certificate " + leaf.getSubjectX500Principal() + " is not issued for a party link "
          + peer.name().toLowerCase() + ": its extended key usage lacks " + peer.usage + " (" + peer.oid + ")";
      log.warn("refused TLS {} certificate: {}", peer.name().toLowerCase(), message);
      throw new CertificateException(message);
    }
  }

  /** The whole check of one handshake: this side expects {@code expected}, the JDK's validation, then the role. */
  private void check(Peer expected, X509Certificate[] chain, Check jdk) throws CertificateException {
    if (peer != expected) {
      throw new CertificateException("this side trusts TLS " + peer.name().toLowerCase() + "s only");
    }
    pkix(chain, jdk);
    requireRole(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(Peer.CLIENT, chain, () -> pkix.checkClientTrusted(chain, authType));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(Peer.CLIENT, chain, () -> pkix.checkClientTrusted(chain, authType, socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(Peer.CLIENT, chain, () -> pkix.checkClientTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(Peer.SERVER, chain, () -> pkix.checkServerTrusted(chain, authType));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(Peer.SERVER, chain, () -> pkix.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(Peer.SERVER, chain, () -> pkix.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }
}
