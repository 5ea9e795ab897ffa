package org.sirnn.net.grpc.tls;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * server-party's check of <em>who</em> the client is, after the TLS handshake has checked that its certificate
 * chains to the CA and carries the clientAuth extended key usage ({@link PartyTrustManager}): every call is let
 * through only if the client certificate names one of the allowed client identities ({@code --allow-client}).
 *
 * <p>The identity of a client certificate is the set of its DNS subject alternative names, compared with the
 * allowed names exactly, ignoring ASCII case (no wildcards: a {@code *.example} SAN only matches the allowed name
 * {@code *.example} itself). Only a certificate without any DNS subject alternative name is identified by its subject
 * common name(s) instead, the rule RFC 6125 (Section 6.4.4) keeps for legacy server certificates. The development PKI
 * gives client-party CN and DNS {@value DevCertificates#CLIENT_NAME} (plus DNS localhost), so the default allow list
 * is {@value DevCertificates#CLIENT_NAME}.
 *
 * <p>A refused call is closed before any handler runs with {@link Status#PERMISSION_DENIED} and a description that
 * names the client's own identity (not the allow list); the server logs the refused identity at WARN. A call
 * without a verified TLS client certificate (plaintext, or a handshake that somehow let it through) is closed with
 * {@link Status#UNAUTHENTICATED}. Install it on the server builder ({@code ServerBuilder.intercept}) so that it
 * guards every service.
 */
public final class ClientIdentityInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(ClientIdentityInterceptor.class);
  private static final int DNS_NAME = 2; // GeneralName tag of dNSName (RFC 5280)

  private final Set<String> allowed;
  private final List<String> allowedAsGiven;

  /**
   * Allows clients whose certificate identity (see the class comment) contains one of {@code names}.
   *
   * @param names allowed client names, at least one
   * @throws IllegalArgumentException if {@code names} is empty or holds a blank name
   */
  public ClientIdentityInterceptor(Collection<String> names) {
    Objects.requireNonNull(names, "names");
    if (names.isEmpty()) {
      throw new IllegalArgumentException("--allow-client needs at least one client name");
    }
    Set<String> set = new LinkedHashSet<>();
    for (String n : names) {
      if (n == null || n.isBlank()) {
        throw new IllegalArgumentException("--allow-client: empty client name");
      }
      set.add(n.trim().toLowerCase(Locale.ROOT));
    }
    this.allowed = Set.copyOf(set);
    this.allowedAsGiven = List.copyOf(names);
  }

  /** The allowed names as given. */
  public List<String> allowed() {
    return allowedAsGiven;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    SSLSession ssl = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    X509Certificate leaf = ssl == null ? null : peerLeaf(ssl);
    if (leaf == null) {
      log.warn("refused call {}: no verified TLS client certificate", call.getMethodDescriptor().getFullMethodName());
      return refuse(call, Status.UNAUTHENTICATED.withDescription(
          "server-party requires a TLS client certificate (mutual TLS)"));
    }
    if (!PartyTrustManager.hasExtendedKeyUsage(leaf, PartyTrustManager.CLIENT_AUTH)) {
      log.warn("refused client {}: certificate lacks the clientAuth extended key usage",
          leaf.getSubjectX500Principal());
      return refuse(call, Status.PERMISSION_DENIED.withDescription("client certificate "
          + leaf.getSubjectX500Principal() + " is not issued for TLS client authentication (no clientAuth extended"
          + " key usage)"));
    }
    List<String> names = identity(leaf);
    for (String n : names) {
      if (allowed.contains(n.toLowerCase(Locale.ROOT))) {
        return next.startCall(call, headers);
      }
    }
    log.warn("refused client identity {} (certificate {}): not in --allow-client {}", names,
        leaf.getSubjectX500Principal(), allowedAsGiven);
    return refuse(call, Status.PERMISSION_DENIED.withDescription("client identity " + names
        + " is not allowed by this server-party (--allow-client)"));
  }

  /**
   * The identity of a client certificate: its DNS subject alternative names, or its subject common names if it has
   * no DNS subject alternative name.
   *
   * @param cert the client's leaf certificate
   * @return the names, in certificate order; empty if it has neither
   */
  public static List<String> identity(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() >= 2 && Integer.valueOf(DNS_NAME).equals(san.get(0)) && san.get(1) instanceof String s) {
            names.add(s);
          }
        }
      }
    } catch (CertificateParsingException e) {
      return names; // an unparsable SAN extension identifies nobody
    }
    if (names.isEmpty()) {
      try {
        for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) {
            names.add(String.valueOf(rdn.getValue()));
          }
        }
      } catch (InvalidNameException e) {
        return names;
      }
    }
    return names;
  }

  private static X509Certificate peerLeaf(SSLSession ssl) {
    try {
      Certificate[] chain = ssl.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
