package org.sirnn.net.grpc.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A throw-away development PKI for the party link: one self-signed CA and a certificate for each party, ECDSA P-256
 * keys signed with SHA256withECDSA. Each party's certificate is issued for its role only: the server's carries the
 * serverAuth extended key usage, the client's clientAuth, so neither can stand in for the other
 * ({@link PartyTrustManager}). For development, demos and tests only; production deployments bring their own
 * PKI and pass its files through {@link TlsConfig}.
 *
 * <p>{@link #write(Path, Duration)} writes {@value #CA_FILE}, {@value #SERVER_CERT_FILE}, {@value #SERVER_KEY_FILE},
 * {@value #CLIENT_CERT_FILE} and {@value #CLIENT_KEY_FILE} as PEM ({@link #write(Path, Path, Duration)} puts each
 * party's files, with the CA certificate, in a directory of its own): certificates as {@code CERTIFICATE} blocks and
 * keys as unencrypted PKCS#8 {@code PRIVATE KEY} blocks, the formats gRPC's {@code TlsServerCredentials} and
 * {@code TlsChannelCredentials} read. The CA's private key is never written, so no further certificate can be
 * issued under that CA once the generating process ends. {@link #generate()} keeps everything in memory for tests,
 * and its {@link Authority} issues any certificate (the broken variants negative tests need live with the tests:
 * {@code BrokenCertificates}).
 *
 * <p>Certificates follow the CA/Browser-style defaults clients check: not-before one hour in the past (tolerates
 * clock skew between the parties), a random 127-bit serial number from {@link SecureRandom}, critical basic
 * constraints and key usage, subject and authority key identifiers.
 */
public final class DevCertificates {
  /** Validity used when none is given: 825 days, the longest leaf lifetime common TLS clients still accept. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(825);
  /** Name of the CA certificate file written by {@link #write(Path, Duration)}. */
  public static final String CA_FILE = "ca.pem";
  /** Name of the server-party certificate file written by {@link #write(Path, Duration)}. */
  public static final String SERVER_CERT_FILE = "server.pem";
  /** Name of the server-party private key file written by {@link #write(Path, Duration)}. */
  public static final String SERVER_KEY_FILE = "server.key";
  /** Name of the client-party certificate file written by {@link #write(Path, Duration)}. */
  public static final String CLIENT_CERT_FILE = "client.pem";
  /** Name of the client-party private key file written by {@link #write(Path, Duration)}. */
  public static final String CLIENT_KEY_FILE = "client.key";

  /** Host name and common name of the server party's certificate. */
  public static final String SERVER_NAME = "server-party";
  /** Host name and common name of the client party's certificate. */
  public static final String CLIENT_NAME = "client-party";

  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private DevCertificates() {}

  /**
   * Generates a CA and the two party certificates in memory with {@link #DEFAULT_VALIDITY}.
   *
   * @return the new PKI
   */
  public static Pki generate() {
    return generate(DEFAULT_VALIDITY);
  }

  /**
   * Generates a CA and the two party certificates in memory.
   *
   * @param validity how long the certificates are valid from now (they are also valid from one hour ago)
   * @return the new PKI
   * @throws IllegalArgumentException if {@code validity} is not positive
   */
  public static Pki generate(Duration validity) {
    requirePositive(validity);
    Authority ca = newAuthority("sirnn-java development CA", validity);
    return new Pki(ca, ca.issueServer(validity), ca.issueClient(validity));
  }

  /**
   * Generates a new PKI with {@link #DEFAULT_VALIDITY} and writes it to {@code dir}; see
   * {@link #write(Path, Duration)}.
   *
   * @param dir directory to write to, created if missing
   * @return the PKI that was written
   * @throws IOException if a file cannot be written
   */
  public static Pki write(Path dir) throws IOException {
    return write(dir, DEFAULT_VALIDITY);
  }

  /**
   * Generates a new PKI and writes it to {@code dir} as {@value #CA_FILE}, {@value #SERVER_CERT_FILE},
   * {@value #SERVER_KEY_FILE}, {@value #CLIENT_CERT_FILE} and {@value #CLIENT_KEY_FILE}, replacing files of those
   * names. Where the file system supports POSIX permissions the key files are created {@code rw-------} (they never
   * exist with wider permissions, not even briefly) and the certificates {@code rw-r--r--}. Each file is written to a
   * temporary file first and then moved into place, so a reader never sees half a file.
   *
   * @param dir directory to write to, created if missing
   * @param validity how long the certificates are valid from now
   * @return the PKI that was written (its CA can issue further certificates while this process runs)
   * @throws IOException if a file cannot be written
   * @throws IllegalArgumentException if {@code validity} is not positive
   */
  public static Pki write(Path dir, Duration validity) throws IOException {
    Pki pki = generate(validity);
    Files.createDirectories(dir);
    writeFile(dir, CA_FILE, pki.caPem(), false);
    writeFile(dir, SERVER_CERT_FILE, pki.server().certificatePem(), false);
    writeFile(dir, SERVER_KEY_FILE, pki.server().privateKeyPem(), true);
    writeFile(dir, CLIENT_CERT_FILE, pki.client().certificatePem(), false);
    writeFile(dir, CLIENT_KEY_FILE, pki.client().privateKeyPem(), true);
    return pki;
  }

  /**
   * Generates a new PKI and writes each party's files to a directory of its own, so that each party can be given
   * only its own key: {@code serverDir} gets {@value #CA_FILE}, {@value #SERVER_CERT_FILE} and
   * {@value #SERVER_KEY_FILE}; {@code clientDir} gets {@value #CA_FILE}, {@value #CLIENT_CERT_FILE} and
   * {@value #CLIENT_KEY_FILE}. Permissions and atomic replacement as in {@link #write(Path, Duration)}.
   *
   * @param serverDir directory of server-party's files, created if missing
   * @param clientDir directory of client-party's files, created if missing; must differ from {@code serverDir}
   * @param validity how long the certificates are valid from now
   * @return the PKI that was written
   * @throws IOException if a file cannot be written
   * @throws IllegalArgumentException if {@code validity} is not positive or the directories are the same
   */
  public static Pki write(Path serverDir, Path clientDir, Duration validity) throws IOException {
    if (serverDir.toAbsolutePath().normalize().equals(clientDir.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("the server's and the client's directories must differ, got " + serverDir
          + " twice");
    }
    Pki pki = generate(validity);
    Files.createDirectories(serverDir);
    Files.createDirectories(clientDir);
    writeFile(serverDir, CA_FILE, pki.caPem(), false);
    writeFile(serverDir, SERVER_CERT_FILE, pki.server().certificatePem(), false);
    writeFile(serverDir, SERVER_KEY_FILE, pki.server().privateKeyPem(), true);
    writeFile(clientDir, CA_FILE, pki.caPem(), false);
    writeFile(clientDir, CLIENT_CERT_FILE, pki.client().certificatePem(), false);
    writeFile(clientDir, CLIENT_KEY_FILE, pki.client().privateKeyPem(), true);
    return pki;
  }

  /**
   * Command-line entry point: {@code DevCertificates DIR [DAYS]} writes a development PKI to {@code DIR} valid for
   * {@code DAYS} days (default 825).
   *
   * @param args the directory and, optionally, the validity in days
   * @throws IOException if a file cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: DevCertificates DIR [DAYS]   (writes " + CA_FILE + ", " + SERVER_CERT_FILE + ", "
          + SERVER_KEY_FILE + ", " + CLIENT_CERT_FILE + ", " + CLIENT_KEY_FILE + ")");
      System.exit(2);
    }
    Duration validity = args.length == 2 ? Duration.ofDays(Long.parseLong(args[1])) : DEFAULT_VALIDITY;
    Path dir = Path.of(args[0]);
    Pki pki = write(dir, validity);
    System.out.println("wrote development PKI to " + dir.toAbsolutePath() + ", valid until "
        + pki.server().certificate().getNotAfter().toInstant());
  }

  /**
   * Creates a new self-signed CA (basic constraints CA:true, key usage keyCertSign and cRLSign), valid from one hour
   * ago for {@code validity}. Negative tests use a second authority for "signed by another CA".
   *
   * @param commonName the CA's common name
   * @param validity how long the CA is valid from now
   * @return the new authority
   */
  public static Authority newAuthority(String commonName, Duration validity) {
    requirePositive(validity);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    KeyPair keys = newKeyPair();
    X500Name name = name(commonName);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(BACKDATE)),
          Date.from(now.plus(validity)), name, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new Authority(keys, sign(builder, keys.getPrivate()));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create CA certificate", e);
    }
  }

  /** The role a leaf certificate is issued for: its extended key usage. */
  public enum Role {
    /** TLS server (server-party): extended key usage serverAuth. */
    SERVER(KeyPurposeId.id_kp_serverAuth),
    /** TLS client (client-party): extended key usage clientAuth. */
    CLIENT(KeyPurposeId.id_kp_clientAuth);

    private final KeyPurposeId purpose;

    Role(KeyPurposeId purpose) {
      this.purpose = purpose;
    }
  }

  /** A certificate authority whose private key lives only in memory; issues leaf certificates. */
  public static final class Authority {
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final String certificatePem;

    private Authority(KeyPair keys, X509Certificate certificate) {
      this.keys = keys;
      this.certificate = certificate;
      this.certificatePem = pem("CERTIFICATE", encoded(certificate));
    }

    /**
     * Returns the CA certificate.
     *
     * @return the self-signed CA certificate
     */
    public X509Certificate certificate() {
      return certificate;
    }

    /**
     * Returns the CA certificate as PEM, the content of a trust file ({@code ca.pem}).
     *
     * @return one PEM {@code CERTIFICATE} block
     */
    public String certificatePem() {
      return certificatePem;
    }

    /**
     * Issues the standard server-party certificate: CN={@value DevCertificates#SERVER_NAME}, subject alternative
     * names DNS:server-party, DNS:localhost and IP:127.0.0.1, extended key usage serverAuth only. It never outlives
     * the CA.
     *
     * @param validity how long the certificate is valid from now
     * @return the certificate and its key
     */
    public Issued issueServer(Duration validity) {
      requirePositive(validity);
      Instant now = Instant.now();
      return issue(SERVER_NAME, List.of(SERVER_NAME, "localhost"), List.of("127.0.0.1"), now.minus(BACKDATE),
          notAfter(now, validity), Set.of(Role.SERVER));
    }

    /**
     * Issues the standard client-party certificate: CN={@value DevCertificates#CLIENT_NAME}, subject alternative
     * names DNS:client-party and DNS:localhost, extended key usage clientAuth only. It never outlives the CA.
     *
     * @param validity how long the certificate is valid from now
     * @return the certificate and its key
     */
    public Issued issueClient(Duration validity) {
      requirePositive(validity);
      Instant now = Instant.now();
      return issue(CLIENT_NAME, List.of(CLIENT_NAME, "localhost"), List.of(), now.minus(BACKDATE),
          notAfter(now, validity), Set.of(Role.CLIENT));
    }

    /** End of a standard leaf's validity: {@code now + validity}, but never after the CA's own end. */
    private Instant notAfter(Instant now, Duration validity) {
      Instant end = now.plus(validity);
      Instant caEnd = certificate.getNotAfter().toInstant();
      return end.isAfter(caEnd) ? caEnd : end;
    }

    /**
     * Issues a leaf certificate for both roles (extended key usage serverAuth and clientAuth); see
     * {@link #issue(String, List, List, Instant, Instant, Set)}. The party certificates are issued for one role
     * each; this is for tests.
     *
     * @param commonName the subject's common name
     * @param dnsNames DNS subject alternative names
     * @param ipAddresses IP address subject alternative names (literal IPv4 or IPv6 addresses)
     * @param notBefore start of validity
     * @param notAfter end of validity; may lie in the past, for tests of expired certificates
     * @return the certificate and its key
     * @throws IllegalArgumentException if {@code notAfter} is not after {@code notBefore}, or no name is given
     */
    public Issued issue(String commonName, List<String> dnsNames, List<String> ipAddresses, Instant notBefore,
        Instant notAfter) {
      return issue(commonName, dnsNames, ipAddresses, notBefore, notAfter, Set.of(Role.SERVER, Role.CLIENT));
    }

    /**
     * Issues a leaf certificate with a fresh P-256 key: basic constraints CA:false, key usage digitalSignature,
     * extended key usage serverAuth and/or clientAuth as {@code roles} say.
     *
     * @param commonName the subject's common name
     * @param dnsNames DNS subject alternative names
     * @param ipAddresses IP address subject alternative names (literal IPv4 or IPv6 addresses)
     * @param notBefore start of validity
     * @param notAfter end of validity; may lie in the past, for tests of expired certificates
     * @param roles the roles the certificate is for; empty for a certificate without the extended key usage
     *     extension (which the party link refuses; for tests)
     * @return the certificate and its key
     * @throws IllegalArgumentException if {@code notAfter} is not after {@code notBefore}, or no name is given
     */
    public Issued issue(String commonName, List<String> dnsNames, List<String> ipAddresses, Instant notBefore,
        Instant notAfter, Set<Role> roles) {
      if (!notAfter.isAfter(notBefore)) {
        throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore " + notBefore);
      }
      List<GeneralName> names = new ArrayList<>();
      dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
      ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
      if (names.isEmpty()) {
        throw new IllegalArgumentException("a leaf certificate needs at least one subject alternative name");
      }
      KeyPair leaf = newKeyPair();
      try {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
            X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), serial(),
            Date.from(notBefore.truncatedTo(ChronoUnit.SECONDS)), Date.from(notAfter.truncatedTo(ChronoUnit.SECONDS)),
            name(commonName), leaf.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
            .addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(names.toArray(GeneralName[]::new)))
            .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(leaf.getPublic()))
            .addExtension(Extension.authorityKeyIdentifier, false,
                ext.createAuthorityKeyIdentifier(certificate));
        if (!roles.isEmpty()) {
          builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
              Arrays.stream(Role.values()).filter(roles::contains).map(r -> r.purpose).toArray(KeyPurposeId[]::new)));
        }
        X509Certificate cert = sign(builder, keys.getPrivate());
        return new Issued(cert, pem("CERTIFICATE", encoded(cert)), pkcs8Pem(leaf.getPrivate()));
      } catch (GeneralSecurityException | CertIOException e) {
        throw new IllegalStateException("cannot issue certificate for " + commonName, e);
      }
    }
  }

  /**
   * A leaf certificate and its private key.
   *
   * @param certificate the certificate
   * @param certificatePem the certificate as one PEM {@code CERTIFICATE} block (the content of a cert file)
   * @param privateKeyPem the private key as an unencrypted PKCS#8 PEM {@code PRIVATE KEY} block (a key file)
   */
  public record Issued(X509Certificate certificate, String certificatePem, String privateKeyPem) {
    /**
     * Checks that no component is null.
     *
     * @param certificate the certificate
     * @param certificatePem the certificate as PEM
     * @param privateKeyPem the private key as PKCS#8 PEM
     */
    public Issued {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(certificatePem, "certificatePem");
      Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    /**
     * Returns the certificate PEM as bytes, for {@code keyManager(InputStream, InputStream)}.
     *
     * @return ASCII bytes of {@link #certificatePem()}
     */
    public byte[] certificateBytes() {
      return certificatePem.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Returns the private key PEM as bytes, for {@code keyManager(InputStream, InputStream)}.
     *
     * @return ASCII bytes of {@link #privateKeyPem()}
     */
    public byte[] privateKeyBytes() {
      return privateKeyPem.getBytes(StandardCharsets.US_ASCII);
    }

    /** Keeps the private key out of logs and assertion messages. */
    @Override
    public String toString() {
      return "Issued[" + certificate.getSubjectX500Principal() + ", serial " + certificate.getSerialNumber().toString(16)
          + ", until " + certificate.getNotAfter().toInstant() + "]";
    }
  }

  /**
   * A development PKI: the CA and one certificate per party. Also produces the broken certificates negative tests
   * need; each call issues a new one.
   *
   * @param authority the CA (its key in memory only)
   * @param server the server party's certificate and key
   * @param client the client party's certificate and key
   */
  public record Pki(Authority authority, Issued server, Issued client) {
    /**
     * Checks that no component is null.
     *
     * @param authority the CA
     * @param server the server party's certificate and key
     * @param client the client party's certificate and key
     */
    public Pki {
      Objects.requireNonNull(authority, "authority");
      Objects.requireNonNull(server, "server");
      Objects.requireNonNull(client, "client");
    }

    /**
     * Returns the CA certificate as PEM (the content of {@code ca.pem}).
     *
     * @return one PEM {@code CERTIFICATE} block
     */
    public String caPem() {
      return authority.certificatePem();
    }

    /**
     * Returns the CA certificate PEM as bytes, for {@code trustManager(InputStream)}.
     *
     * @return ASCII bytes of {@link #caPem()}
     */
    public byte[] caBytes() {
      return caPem().getBytes(StandardCharsets.US_ASCII);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "sirnn-java development")
        .addRDN(BCStyle.CN, commonName).build();
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate P-256 keys", e);
    }
  }

  /** A positive serial number of at most 127 bits, never zero (RFC 5280 allows up to 20 octets). */
  private static BigInteger serial() {
    return new BigInteger(126, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setSecureRandom(RANDOM)
          .build(issuerKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot create " + SIGNATURE_ALGORITHM + " signer", e);
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode certificate", e);
    }
  }

  private static String pkcs8Pem(PrivateKey key) {
    try {
      PemObject object = new JcaPKCS8Generator(key, null).generate();
      return pem(object);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode private key as PKCS#8", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return pem(new PemObject(type, der));
  }

  private static String pem(PemObject object) {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void requirePositive(Duration validity) {
    if (validity == null || validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive, got " + validity);
    }
  }

  private static void writeFile(Path dir, String name, String content, boolean secret) throws IOException {
    Path target = dir.resolve(name);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        && Files.getFileStore(dir).supportsFileAttributeView("posix");
    Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--");
    // createTempFile creates the file owner-only on POSIX, so a key is never readable by others, not even briefly.
    Path temp = Files.createTempFile(dir, "." + name + ".", ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.US_ASCII);
      if (posix) {
        Files.setPosixFilePermissions(temp, permissions);
      } else if (secret) {
        var file = temp.toFile();
        file.setReadable(false, false);
        file.setReadable(true, true);
        file.setWritable(false, false);
        file.setWritable(true, true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
