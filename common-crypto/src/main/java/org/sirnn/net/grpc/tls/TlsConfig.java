package org.sirnn.net.grpc.tls;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The TLS files of one party, as given on the command line, and the gRPC credentials made from them. The link
 * between the parties is mutual TLS: each side presents its certificate ({@value #CERT_FLAG}, {@value #KEY_FLAG}) and
 * accepts only a peer whose certificate chains to the CA in {@value #CA_FLAG} and is issued for the peer's role
 * ({@link PartyTrustManager}): the server requires a client certificate with the clientAuth extended key usage, and
 * the client requires the serverAuth extended key usage on the server's certificate and checks it against the host
 * name it dials (or the channel's authority override). Which client names server-party accepts is checked per call
 * by {@link ClientIdentityInterceptor} ({@code --allow-client}).
 *
 * <p>File formats (what gRPC's {@link TlsServerCredentials} and {@link TlsChannelCredentials} read):
 * <ul>
 *   <li>{@value #CERT_FLAG}: PEM {@code CERTIFICATE} blocks, the party's own certificate first, then any
 *       intermediates;</li>
 *   <li>{@value #KEY_FLAG}: the matching private key as one unencrypted PKCS#8 PEM {@code PRIVATE KEY} block
 *       (RSA or EC). Traditional OpenSSL keys ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}) and encrypted keys
 *       are refused with a hint: convert them with {@code openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key};</li>
 *   <li>{@value #CA_FLAG}: one or more PEM {@code CERTIFICATE} blocks, the roots trusted to vouch for the peer.</li>
 * </ul>
 *
 * <p>The constructor checks that the three files exist and are readable; {@link #serverCredentials()} and
 * {@link #channelCredentials()} also read and check their content (parsable PEM, key matching the certificate, own
 * certificate currently valid), so a misconfiguration fails at startup with an {@link IllegalArgumentException}
 * naming the flag and the file, not later as an opaque handshake failure on the peer. Only the public
 * {@code io.grpc} API is used; the transport (grpc-netty-shaded) picks the TLS implementation.
 *
 * <p>{@link #insecureServer()} and {@link #insecureChannel()} give plaintext credentials for {@code --insecure}.
 *
 * @param certFile the party's PEM certificate chain ({@value #CERT_FLAG})
 * @param keyFile the party's PEM PKCS#8 private key ({@value #KEY_FLAG})
 * @param caFile the PEM CA certificates trusted for the peer ({@value #CA_FLAG})
 */
public record TlsConfig(Path certFile, Path keyFile, Path caFile) {
  /** Command-line flag naming the certificate chain file; used in error messages. */
  public static final String CERT_FLAG = "--tls-cert";
  /** Command-line flag naming the private key file; used in error messages. */
  public static final String KEY_FLAG = "--tls-key";
  /** Command-line flag naming the trusted CA file; used in error messages. */
  public static final String CA_FLAG = "--tls-ca";

  /**
   * Checks that each file is given, exists, is a regular file and is readable.
   *
   * @param certFile the party's PEM certificate chain ({@value #CERT_FLAG})
   * @param keyFile the party's PEM PKCS#8 private key ({@value #KEY_FLAG})
   * @param caFile the PEM CA certificates trusted for the peer ({@value #CA_FLAG})
   * @throws IllegalArgumentException naming the flag and the path of the first file that fails a check
   */
  public TlsConfig {
    checkFile(CERT_FLAG, certFile);
    checkFile(KEY_FLAG, keyFile);
    checkFile(CA_FLAG, caFile);
  }

  /**
   * Same as the constructor; reads better at call sites.
   *
   * @param certFile the party's PEM certificate chain ({@value #CERT_FLAG})
   * @param keyFile the party's PEM PKCS#8 private key ({@value #KEY_FLAG})
   * @param caFile the PEM CA certificates trusted for the peer ({@value #CA_FLAG})
   * @return the checked configuration
   * @throws IllegalArgumentException naming the flag and the path of the first file that fails a check
   */
  public static TlsConfig of(Path certFile, Path keyFile, Path caFile) {
    return new TlsConfig(certFile, keyFile, caFile);
  }

  /**
   * Credentials for the server party: presents this configuration's certificate and requires every client to
   * present a certificate that chains to the CA and carries the clientAuth extended key usage
   * ({@link TlsServerCredentials.ClientAuth#REQUIRE}, {@link PartyTrustManager}); other certificates fail the
   * handshake.
   *
   * @return credentials for {@code Grpc.newServerBuilderForPort(port, credentials)}
   * @throws IllegalArgumentException naming the flag and file if a file cannot be read or its content is unusable
   */
  public ServerCredentials serverCredentials() {
    Material m = load();
    requireOwnUsage(m.own, PartyTrustManager.SERVER_AUTH, "serverAuth", "a server");
    try {
      return TlsServerCredentials.newBuilder()
          .keyManager(new ByteArrayInputStream(m.certChain), new ByteArrayInputStream(m.privateKey))
          .trustManager(PartyTrustManager.of(m.rootCertificates, PartyTrustManager.Peer.CLIENT))
          .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
          .build();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot use TLS files " + this + ": " + e.getMessage(), e);
    }
  }

  /**
   * Credentials for the client party: presents this configuration's certificate and trusts only servers whose
   * certificate chains to the CA, carries the serverAuth extended key usage ({@link PartyTrustManager}) and names
   * the host dialled (the transport's endpoint identification, which the JDK trust manager performs).
   *
   * @return credentials for {@code Grpc.newChannelBuilder(target, credentials)}
   * @throws IllegalArgumentException naming the flag and file if a file cannot be read or its content is unusable
   */
  public ChannelCredentials channelCredentials() {
    Material m = load();
    requireOwnUsage(m.own, PartyTrustManager.CLIENT_AUTH, "clientAuth", "a client");
    try {
      return TlsChannelCredentials.newBuilder()
          .keyManager(new ByteArrayInputStream(m.certChain), new ByteArrayInputStream(m.privateKey))
          .trustManager(PartyTrustManager.of(m.rootCertificates, PartyTrustManager.Peer.SERVER))
          .build();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot use TLS files " + this + ": " + e.getMessage(), e);
    }
  }

  /**
   * Plaintext server credentials: no encryption and no authentication of the peer. Use only with
   * {@code --insecure}, i.e. when the operator has explicitly opted out of TLS (local development, or a link already
   * protected by other means).
   *
   * @return {@link InsecureServerCredentials}
   */
  public static ServerCredentials insecureServer() {
    return InsecureServerCredentials.create();
  }

  /**
   * Plaintext channel credentials: no encryption and no authentication of the peer. Use only with
   * {@code --insecure}, i.e. when the operator has explicitly opted out of TLS (local development, or a link already
   * protected by other means).
   *
   * @return {@link InsecureChannelCredentials}
   */
  public static ChannelCredentials insecureChannel() {
    return InsecureChannelCredentials.create();
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** The bytes handed to gRPC, read once and checked. */
  private record Material(byte[] certChain, byte[] privateKey, List<X509Certificate> rootCertificates,
      X509Certificate own) {}

  private Material load() {
    byte[] chainBytes = read(CERT_FLAG, certFile);
    byte[] keyBytes = read(KEY_FLAG, keyFile);
    byte[] rootBytes = read(CA_FLAG, caFile);
    List<X509Certificate> chain = certificates(CERT_FLAG, certFile, chainBytes);
    List<X509Certificate> roots = certificates(CA_FLAG, caFile, rootBytes);
    X509Certificate own = chain.get(0);
    try {
      own.checkValidity();
    } catch (CertificateExpiredException e) {
      throw new IllegalArgumentException(CERT_FLAG + " " + describe(certFile) + ": certificate "
          + own.getSubjectX500Principal() + " expired on " + own.getNotAfter().toInstant(), e);
    } catch (CertificateNotYetValidException e) {
      throw new IllegalArgumentException(CERT_FLAG + " " + describe(certFile) + ": certificate "
          + own.getSubjectX500Principal() + " is not valid before " + own.getNotBefore().toInstant(), e);
    }
    PrivateKey key = privateKey(keyBytes);
    checkKeyMatches(key, own);
    return new Material(chainBytes, keyBytes, roots, own);
  }

  /** This party's certificate must be issued for its role, or the peer refuses the handshake. */
  private void requireOwnUsage(X509Certificate own, String oid, String usage, String role) {
    if (!PartyTrustManager.hasExtendedKeyUsage(own, oid)) {
      throw new IllegalArgumentException(CERT_FLAG + " " + describe(certFile) + ": certificate "
          + own.getSubjectX500Principal() + " has no " + usage + " extended key usage, so the peer would refuse it as "
          + role + " of the party link; issue this party a certificate for its role");
    }
  }

  private static void checkFile(String flag, Path file) {
    if (file == null) {
      throw new IllegalArgumentException(flag + " is required for TLS (or pass --insecure to run without TLS)");
    }
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(flag + " " + describe(file) + ": file does not exist");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(flag + " " + describe(file) + ": not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(flag + " " + describe(file) + ": file is not readable by this process");
    }
  }

  private static String describe(Path file) {
    return file.isAbsolute() ? file.toString() : file + " (" + file.toAbsolutePath() + ")";
  }

  private static byte[] read(String flag, Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(flag + " " + describe(file) + ": cannot read file: " + e, e);
    }
  }

  private static List<X509Certificate> certificates(String flag, Path file, byte[] pem) {
    List<X509Certificate> result = new ArrayList<>();
    try (PemReader reader = new PemReader(new InputStreamReader(new ByteArrayInputStream(pem),
        StandardCharsets.US_ASCII))) {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (PemObject object = reader.readPemObject(); object != null; object = reader.readPemObject()) {
        if (!object.getType().equals("CERTIFICATE")) {
          throw new IllegalArgumentException(flag + " " + describe(file) + ": expected PEM CERTIFICATE blocks only, "
              + "found a " + object.getType() + " block");
        }
        result.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(object.getContent())));
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(flag + " " + describe(file) + ": not a valid PEM certificate file: "
          + e.getMessage(), e);
    }
    if (result.isEmpty()) {
      throw new IllegalArgumentException(flag + " " + describe(file) + ": no PEM CERTIFICATE block found");
    }
    return result;
  }

  private PrivateKey privateKey(byte[] pem) {
    String where = KEY_FLAG + " " + describe(keyFile) + ": ";
    Object parsed;
    try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(pem),
        StandardCharsets.US_ASCII))) {
      parsed = parser.readObject();
      // "openssl ecparam -genkey" puts an EC PARAMETERS block before the key; skip such parameter blocks.
      while (parsed instanceof ASN1ObjectIdentifier || parsed instanceof X9ECParameters) {
        parsed = parser.readObject();
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(where + "not a valid PEM private key: " + e.getMessage(), e);
    }
    if (parsed == null) {
      throw new IllegalArgumentException(where + "no PEM PRIVATE KEY block found");
    }
    if (parsed instanceof PKCS8EncryptedPrivateKeyInfo || parsed instanceof PEMEncryptedKeyPair) {
      throw new IllegalArgumentException(where + "the private key is encrypted; an unencrypted PKCS#8 key is required"
          + " (openssl pkcs8 -topk8 -nocrypt -in " + keyFile.getFileName() + " -out <new file>), readable by this"
          + " user only");
    }
    if (parsed instanceof PEMKeyPair) {
      throw new IllegalArgumentException(where + "traditional OpenSSL key format (RSA/EC PRIVATE KEY); convert it"
          + " to unencrypted PKCS#8 PRIVATE KEY with: openssl pkcs8 -topk8 -nocrypt -in " + keyFile.getFileName()
          + " -out <new file>");
    }
    if (!(parsed instanceof PrivateKeyInfo info)) {
      throw new IllegalArgumentException(where + "expected a PEM PRIVATE KEY block, found "
          + parsed.getClass().getSimpleName());
    }
    try {
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + "unsupported private key: " + e.getMessage(), e);
    }
  }

  private void checkKeyMatches(PrivateKey key, X509Certificate own) {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (algorithm == null) {
      return; // unknown key type: let the TLS stack judge it
    }
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(own.getPublicKey());
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new IllegalArgumentException(KEY_FLAG + " " + describe(keyFile) + ": the private key does not belong to"
          + " the certificate " + own.getSubjectX500Principal() + " in " + CERT_FLAG + " " + describe(certFile));
    }
  }
}
