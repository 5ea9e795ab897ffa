package org.sirnn.net.grpc.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.EnumSet;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.net.grpc.tls.DevCertificates.Pki;

/** (f) and friends: every configuration mistake fails at startup with a message naming the flag and the file. */
class TlsConfigTest {
  @TempDir Path dir;
  private Path cert;
  private Path key;
  private Path ca;
  private Pki pki;

  @BeforeEach
  void writePki() throws Exception {
    pki = DevCertificates.write(dir, Duration.ofDays(1));
    cert = dir.resolve("server.pem");
    key = dir.resolve("server.key");
    ca = dir.resolve("ca.pem");
  }

  @Test
  void validFiles_giveTlsCredentials() {
    TlsConfig config = TlsConfig.of(cert, key, ca);
    assertEquals(cert, config.certFile());
    TlsServerCredentials server = assertInstanceOf(TlsServerCredentials.class, config.serverCredentials());
    assertEquals(TlsServerCredentials.ClientAuth.REQUIRE, server.getClientAuth());
    // client-certificate checking and our role-checking trust manager (PartyTrustManager) are features the
    // transport must understand; netty does
    assertEquals(EnumSet.of(TlsServerCredentials.Feature.MTLS, TlsServerCredentials.Feature.CUSTOM_MANAGERS),
        server.incomprehensible(EnumSet.noneOf(TlsServerCredentials.Feature.class)));
    assertInstanceOf(PartyTrustManager.class, server.getTrustManagers().get(0));
    TlsChannelCredentials channel = assertInstanceOf(TlsChannelCredentials.class,
        TlsConfig.of(dir.resolve("client.pem"), dir.resolve("client.key"), ca).channelCredentials());
    assertTrue(channel.getPrivateKey() != null);
    assertInstanceOf(PartyTrustManager.class, channel.getTrustManagers().get(0));
  }

  @Test
  void insecure_givesPlaintextCredentials() {
    assertInstanceOf(InsecureServerCredentials.class, TlsConfig.insecureServer());
    assertInstanceOf(InsecureChannelCredentials.class, TlsConfig.insecureChannel());
  }

  @Test
  void missingFile_namesFlagAndPath() {
    Path missing = dir.resolve("nope.pem");
    assertFails(() -> TlsConfig.of(missing, key, ca), "--tls-cert", missing.toString(), "does not exist");
    assertFails(() -> TlsConfig.of(cert, missing, ca), "--tls-key", missing.toString(), "does not exist");
    assertFails(() -> TlsConfig.of(cert, key, missing), "--tls-ca", missing.toString(), "does not exist");
  }

  @Test
  void relativeMissingFile_showsAbsolutePathToo() {
    Path relative = Path.of("no-such-dir", "server.pem");
    assertFails(() -> TlsConfig.of(relative, key, ca), "--tls-cert", relative.toString(),
        relative.toAbsolutePath().toString());
  }

  @Test
  void absentFlag_saysItIsRequired() {
    assertFails(() -> TlsConfig.of(cert, null, ca), "--tls-key is required", "--insecure");
  }

  @Test
  void directory_isRejected() {
    assertFails(() -> TlsConfig.of(cert, key, dir), "--tls-ca", dir.toString(), "not a regular file");
  }

  @Test
  void unreadableFile_isRejected() throws Exception {
    assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(key), "running as root: every file is readable");
    assertFails(() -> TlsConfig.of(cert, key, ca), "--tls-key", key.toString(), "not readable");
  }

  @Test
  void keyOfAnotherCertificate_isRejected() {
    TlsConfig config = TlsConfig.of(cert, dir.resolve("client.key"), ca);
    assertFails(config::serverCredentials, "--tls-key", "does not belong", "CN=server-party", cert.toString());
  }

  @Test
  void traditionalOpenSslKey_isRejectedWithConversionHint() throws Exception {
    Path legacy = dir.resolve("legacy.key");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(generator.generateKeyPair().getPrivate());
    }
    assertTrue(out.toString().contains("BEGIN EC PRIVATE KEY"), out.toString());
    Files.writeString(legacy, out.toString());
    assertFails(() -> TlsConfig.of(cert, legacy, ca).serverCredentials(), "--tls-key", legacy.toString(),
        "openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void encryptedKey_isRejected() throws Exception {
    Path encrypted = dir.resolve("encrypted.key");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(generator.generateKeyPair().getPrivate(),
          new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
              .setPassword("secret".toCharArray()).build()));
    }
    assertTrue(out.toString().contains("BEGIN ENCRYPTED PRIVATE KEY"), out.toString());
    Files.writeString(encrypted, out.toString());
    assertFails(() -> TlsConfig.of(cert, encrypted, ca).channelCredentials(), "--tls-key", encrypted.toString(),
        "encrypted");
  }

  @Test
  void keyInCertificateFile_isRejected() {
    assertFails(() -> TlsConfig.of(key, key, ca).serverCredentials(), "--tls-cert", key.toString(),
        "PRIVATE KEY block");
  }

  @Test
  void caFileWithoutCertificate_isRejected() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
    assertFails(() -> TlsConfig.of(cert, key, empty).serverCredentials(), "--tls-ca", empty.toString(),
        "no PEM CERTIFICATE");
  }

  @Test
  void corruptCertificate_isRejected() throws Exception {
    Path corrupt = Files.writeString(dir.resolve("corrupt.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    assertFails(() -> TlsConfig.of(corrupt, key, ca).serverCredentials(), "--tls-cert", corrupt.toString(),
        "not a valid PEM certificate");
  }

  @Test
  void expiredOwnCertificate_isRejectedAtStartup() throws Exception {
    DevCertificates.Issued expired = BrokenCertificates.expiredServer(pki);
    Path expiredCert = Files.writeString(dir.resolve("expired.pem"), expired.certificatePem());
    Path expiredKey = Files.writeString(dir.resolve("expired.key"), expired.privateKeyPem());
    assertFails(() -> TlsConfig.of(expiredCert, expiredKey, ca).serverCredentials(), "--tls-cert",
        expiredCert.toString(), "expired");
  }

  private static void assertFails(Executable action, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' missing from: " + e.getMessage());
    }
  }
}
