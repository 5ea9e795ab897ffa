package org.sirnn.net.grpc.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.net.grpc.tls.DevCertificates.Issued;
import org.sirnn.net.grpc.tls.DevCertificates.Pki;

class DevCertificatesTest {
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final int DNS = 2;
  private static final int IP = 7;

  @Test
  void ca_isSelfSignedWithCaConstraintsAndCertSignUsage() throws Exception {
    X509Certificate ca = DevCertificates.generate().authority().certificate();
    ca.verify(ca.getPublicKey());
    assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
    assertTrue(ca.getBasicConstraints() >= 0, "CA:true");
    boolean[] usage = ca.getKeyUsage();
    assertTrue(usage[5], "keyCertSign");
    assertTrue(usage[6], "cRLSign");
    assertFalse(usage[0], "no digitalSignature on the CA");
    assertTrue(ca.getCriticalExtensionOIDs().containsAll(Set.of(BASIC_CONSTRAINTS, KEY_USAGE)));
    assertP256Ecdsa(ca);
  }

  @Test
  void serverCertificate_hasNamesAndUsagesAndChainsToCa() throws Exception {
    Pki pki = DevCertificates.generate();
    X509Certificate server = pki.server().certificate();
    assertTrue(server.getSubjectX500Principal().getName().contains("CN=server-party"));
    assertEquals(Set.of(List.of(DNS, "server-party"), List.of(DNS, "localhost"), List.of(IP, "127.0.0.1")),
        sans(server));
    assertEquals(List.of(SERVER_AUTH), server.getExtendedKeyUsage(), "serverAuth only: never a client");
    assertEquals(-1, server.getBasicConstraints(), "CA:false");
    assertTrue(server.getKeyUsage()[0], "digitalSignature");
    assertP256Ecdsa(server);
    assertChainsTo(server, pki.authority().certificate());
    assertKeyMatches(pki.server());
  }

  @Test
  void clientCertificate_hasNamesAndUsagesAndChainsToCa() throws Exception {
    Pki pki = DevCertificates.generate();
    X509Certificate client = pki.client().certificate();
    assertTrue(client.getSubjectX500Principal().getName().contains("CN=client-party"));
    assertEquals(Set.of(List.of(DNS, "client-party"), List.of(DNS, "localhost")), sans(client));
    assertEquals(List.of(CLIENT_AUTH), client.getExtendedKeyUsage(), "clientAuth only: never a server");
    assertEquals(-1, client.getBasicConstraints(), "CA:false");
    assertP256Ecdsa(client);
    assertChainsTo(client, pki.authority().certificate());
    assertKeyMatches(pki.client());
  }

  @Test
  void validity_defaultsTo825DaysAndStartsAnHourAgo() {
    Instant now = Instant.now();
    for (X509Certificate cert : all(DevCertificates.generate())) {
      assertClose(now.minus(Duration.ofHours(1)), cert.getNotBefore().toInstant());
      assertClose(now.plus(Duration.ofDays(825)), cert.getNotAfter().toInstant());
    }
  }

  @Test
  void validity_isConfigurable() {
    Instant now = Instant.now();
    for (X509Certificate cert : all(DevCertificates.generate(Duration.ofDays(3)))) {
      assertClose(now.minus(Duration.ofHours(1)), cert.getNotBefore().toInstant());
      assertClose(now.plus(Duration.ofDays(3)), cert.getNotAfter().toInstant());
    }
    assertThrows(IllegalArgumentException.class, () -> DevCertificates.generate(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> DevCertificates.generate(Duration.ofDays(-1)));
  }

  @Test
  void serialNumbers_areFreshAndPositive() {
    Set<BigInteger> serials = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      for (X509Certificate cert : all(DevCertificates.generate())) {
        assertTrue(cert.getSerialNumber().signum() > 0);
        assertTrue(cert.getSerialNumber().bitLength() <= 159, "at most 20 octets");
        assertTrue(serials.add(cert.getSerialNumber()), "duplicate serial");
      }
    }
  }

  @Test
  void keys_arePkcs8PemAndToStringHidesThem() {
    Pki pki = DevCertificates.generate();
    for (Issued issued : List.of(pki.server(), pki.client())) {
      assertTrue(issued.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----"), issued.privateKeyPem());
      assertTrue(issued.certificatePem().startsWith("-----BEGIN CERTIFICATE-----"));
      assertFalse(issued.toString().contains("PRIVATE"));
      assertFalse(pki.toString().contains("PRIVATE"));
    }
  }

  @Test
  void negativeVariants_areBrokenInTheirOwnWayOnly() throws Exception {
    Pki pki = DevCertificates.generate();
    X509Certificate ca = pki.authority().certificate();

    X509Certificate expired = BrokenCertificates.expiredServer(pki).certificate();
    assertThrows(CertificateExpiredException.class, expired::checkValidity);
    expired.verify(ca.getPublicKey());
    assertEquals(sans(pki.server().certificate()), sans(expired));
    assertThrows(CertificateExpiredException.class, BrokenCertificates.expiredClient(pki).certificate()::checkValidity);

    X509Certificate wrongName = BrokenCertificates.wrongNameServer(pki).certificate();
    wrongName.checkValidity();
    assertChainsTo(wrongName, ca);
    assertEquals(Set.of(List.of(DNS, "wrong-host.invalid")), sans(wrongName));

    for (Issued foreign : List.of(BrokenCertificates.foreignServer(), BrokenCertificates.foreignClient())) {
      foreign.certificate().checkValidity();
      assertNotEquals(ca.getIssuerX500Principal().getName(), foreign.certificate().getIssuerX500Principal().getName());
      assertThrows(Exception.class, () -> foreign.certificate().verify(ca.getPublicKey()));
    }
    assertEquals(sans(pki.server().certificate()), sans(BrokenCertificates.foreignServer().certificate()));
  }

  // --- (g) write() ------------------------------------------------------------------------------------------

  @Test
  void write_producesLoadableFilesWithOwnerOnlyKeys(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("nested/pki");
    Pki pki = DevCertificates.write(dir, Duration.ofDays(2));

    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(Set.of("ca.pem", "server.pem", "server.key", "client.pem", "client.key"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()), "no temporary files left");
    }
    assertEquals(pki.caPem(), Files.readString(dir.resolve("ca.pem")));
    assertEquals(pki.server().privateKeyPem(), Files.readString(dir.resolve("server.key")));

    X509Certificate ca = parse(dir.resolve("ca.pem"));
    X509Certificate server = parse(dir.resolve("server.pem"));
    X509Certificate client = parse(dir.resolve("client.pem"));
    assertChainsTo(server, ca);
    assertChainsTo(client, ca);
    assertClose(Instant.now().plus(Duration.ofDays(2)), server.getNotAfter().toInstant());
    assertTrue(matches(readPkcs8(dir.resolve("server.key")), server.getPublicKey()));
    assertTrue(matches(readPkcs8(dir.resolve("client.key")), client.getPublicKey()));

    // the same files through TlsConfig, i.e. what the parties do at startup
    ServerCredentials creds = TlsConfig.of(dir.resolve("server.pem"), dir.resolve("server.key"),
        dir.resolve("ca.pem")).serverCredentials();
    assertEquals(TlsServerCredentials.ClientAuth.REQUIRE, ((TlsServerCredentials) creds).getClientAuth());
    TlsConfig.of(dir.resolve("client.pem"), dir.resolve("client.key"), dir.resolve("ca.pem")).channelCredentials();

    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      for (String key : List.of("server.key", "client.key")) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key))),
            key);
      }
      for (String cert : List.of("ca.pem", "server.pem", "client.pem")) {
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(cert))),
            cert);
      }
    }
  }

  @Test
  void write_replacesAnExistingPki(@TempDir Path dir) throws Exception {
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    Pki first = DevCertificates.write(dir, Duration.ofDays(1));
    if (posix) {
      Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-rw-rw-"));
    }
    Pki second = DevCertificates.write(dir);
    assertNotEquals(first.caPem(), second.caPem());
    assertEquals(second.caPem(), Files.readString(dir.resolve("ca.pem")));
    if (posix) {
      assertEquals("rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.key"))));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(5, files.count());
    }
  }

  @Test
  void main_writesTheFiles(@TempDir Path dir) throws Exception {
    DevCertificates.main(new String[] {dir.toString(), "7"});
    assertClose(Instant.now().plus(Duration.ofDays(7)), parse(dir.resolve("client.pem")).getNotAfter().toInstant());
  }

  // ---------------------------------------------------------------------------------------------------------

  private static List<X509Certificate> all(Pki pki) {
    return List.of(pki.authority().certificate(), pki.server().certificate(), pki.client().certificate());
  }

  private static Set<List<?>> sans(X509Certificate cert) throws Exception {
    Collection<List<?>> names = cert.getSubjectAlternativeNames();
    return names == null ? Set.of() : Set.copyOf(names);
  }

  private static void assertP256Ecdsa(X509Certificate cert) {
    assertEquals("SHA256withECDSA", cert.getSigAlgName());
    assertEquals(256, ((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize());
  }

  /** Full PKIX path validation (extensions included), revocation off. */
  private static void assertChainsTo(X509Certificate leaf, X509Certificate ca) throws Exception {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), params);
  }

  private static void assertKeyMatches(Issued issued) throws Exception {
    String pem = issued.privateKeyPem();
    assertTrue(matches(pkcs8(pem), issued.certificate().getPublicKey()));
  }

  private static void assertClose(Instant expected, Instant actual) {
    assertTrue(Duration.between(expected, actual).abs().compareTo(Duration.ofMinutes(2)) < 0,
        () -> "expected about " + expected + ", got " + actual);
  }

  private static X509Certificate parse(Path pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
  }

  private static PrivateKey readPkcs8(Path file) throws Exception {
    return pkcs8(Files.readString(file, StandardCharsets.US_ASCII));
  }

  private static PrivateKey pkcs8(String pem) throws Exception {
    String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
        .replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static boolean matches(PrivateKey key, PublicKey publicKey) throws Exception {
    byte[] data = "sirnn".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(publicKey);
    verifier.update(data);
    return verifier.verify(signature);
  }
}
