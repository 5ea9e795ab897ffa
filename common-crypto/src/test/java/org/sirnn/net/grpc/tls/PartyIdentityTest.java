package org.sirnn.net.grpc.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sirnn.net.grpc.tls.DevCertificates.Issued;
import org.sirnn.net.grpc.tls.DevCertificates.Pki;
import org.sirnn.net.grpc.tls.DevCertificates.Role;

/**
 * Party identities over real gRPC with mutual TLS on 127.0.0.1: server-party's credentials ({@link TlsConfig}) accept
 * only client certificates issued for TLS clients (clientAuth), its {@link ClientIdentityInterceptor} only the
 * allowed client names ({@code --allow-client}), and client-party's credentials only server certificates issued for
 * TLS servers (serverAuth) that name the host dialled. The server's certificate cannot stand in for the client.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PartyIdentityTest {
  @TempDir
  Path dir;

  private Pki pki;
  private TlsConfig serverFiles;
  private TlsConfig clientFiles;
  private ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void writeSplitPki() throws Exception {
    pki = DevCertificates.write(dir.resolve("server-certs"), dir.resolve("client-certs"), Duration.ofDays(1));
    Path s = dir.resolve("server-certs");
    Path c = dir.resolve("client-certs");
    serverFiles = TlsConfig.of(s.resolve(DevCertificates.SERVER_CERT_FILE), s.resolve(DevCertificates.SERVER_KEY_FILE),
        s.resolve(DevCertificates.CA_FILE));
    clientFiles = TlsConfig.of(c.resolve(DevCertificates.CLIENT_CERT_FILE), c.resolve(DevCertificates.CLIENT_KEY_FILE),
        c.resolve(DevCertificates.CA_FILE));
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(ClientIdentityInterceptor.class)).addAppender(logs);
    ((Logger) LoggerFactory.getLogger(PartyTrustManager.class)).addAppender(logs);
  }

  @AfterEach
  void detachLogs() {
    ((Logger) LoggerFactory.getLogger(ClientIdentityInterceptor.class)).detachAppender(logs);
    ((Logger) LoggerFactory.getLogger(PartyTrustManager.class)).detachAppender(logs);
  }

  /** server-party as it runs: its TLS files and the default allow list. */
  private EchoServer serverParty(String... allowed) throws Exception {
    List<String> names = allowed.length == 0 ? List.of(DevCertificates.CLIENT_NAME) : List.of(allowed);
    return EchoServer.start(serverFiles.serverCredentials(), new ClientIdentityInterceptor(names));
  }

  /** A client presenting {@code cert} (whatever its role), trusting the development CA. */
  private ChannelCredentials clientWith(Issued cert) throws Exception {
    return EchoServer.channelCredentials(cert, pki.caPem());
  }

  private boolean logged(Level level, String text) {
    return logs.list.stream().anyMatch(e -> e.getLevel() == level && e.getFormattedMessage().contains(text));
  }

  // --- the development PKI ------------------------------------------------------------------------------------

  @Test
  void developmentPki_issuesEachPartyForItsRoleOnly_andSplitsTheFilesByParty() throws Exception {
    assertEquals(List.of(PartyTrustManager.SERVER_AUTH), pki.server().certificate().getExtendedKeyUsage());
    assertEquals(List.of(PartyTrustManager.CLIENT_AUTH), pki.client().certificate().getExtendedKeyUsage());
    Path s = dir.resolve("server-certs");
    Path c = dir.resolve("client-certs");
    assertTrue(Files.isRegularFile(s.resolve("server.key")) && Files.isRegularFile(c.resolve("client.key")));
    assertFalse(Files.exists(s.resolve("client.key")) || Files.exists(s.resolve("client.pem")), "server dir");
    assertFalse(Files.exists(c.resolve("server.key")) || Files.exists(c.resolve("server.pem")), "client dir");
    assertEquals(Files.readString(s.resolve("ca.pem")), Files.readString(c.resolve("ca.pem")));
    assertThrows(IllegalArgumentException.class, () -> DevCertificates.write(s, s, Duration.ofDays(1)));
  }

  // --- accepted -----------------------------------------------------------------------------------------------

  @Test
  void theClientPartyCertificate_isAccepted() throws Exception {
    try (EchoServer echo = serverParty()) {
      assertEquals("tls-test", echo.echo(clientFiles.channelCredentials(), "localhost").getHello().getSessionId());
      assertTrue(echo.lastPeer().contains("CN=client-party"), echo.lastPeer());
    }
  }

  @Test
  void allowedNames_areConfigurable_andCompareIgnoringCase() throws Exception {
    Issued other = BrokenCertificates.otherClient(pki, "analytics.example");
    try (EchoServer echo = serverParty("Analytics.EXAMPLE")) {
      assertEquals("tls-test", echo.echo(clientWith(other), "localhost").getHello().getSessionId());
      // the default client is no longer allowed once the list is given
      assertRefusedByName(() -> echo.echo(clientFiles.channelCredentials(), "localhost"), "client-party");
    }
  }

  // --- refused by role (extended key usage) -------------------------------------------------------------------

  @Test
  void theServerCertificatePresentedByAClient_isRefused_evenWithItsNameAllowed() throws Exception {
    try (EchoServer echo = serverParty(DevCertificates.CLIENT_NAME, DevCertificates.SERVER_NAME)) {
      assertRefusedInHandshake(echo, () -> echo.echo(clientWith(pki.server()), "localhost"));
      assertTrue(logged(Level.WARN, "CN=server-party"), () -> "no WARN log of the refusal: " + logs.list);
    }
  }

  @Test
  void aClientNamedCertificateIssuedForServersOnly_isRefused() throws Exception {
    try (EchoServer echo = serverParty()) {
      assertRefusedInHandshake(echo, () -> echo.echo(clientWith(BrokenCertificates.clientNamedServerOnly(pki)),
          "localhost"));
    }
  }

  @Test
  void aClientCertificateWithoutExtendedKeyUsage_isRefused() throws Exception {
    // the JDK's own check reads a missing extension as "any use"
    try (EchoServer echo = serverParty()) {
      assertRefusedInHandshake(echo, () -> echo.echo(clientWith(BrokenCertificates.clientWithoutExtendedKeyUsage(pki)),
          "localhost"));
      assertTrue(logged(Level.WARN, "lacks clientAuth"), () -> "refusal not logged: " + logs.list);
    }
  }

  // --- refused by name ----------------------------------------------------------------------------------------

  @Test
  void aClientWithANameNotAllowed_isRefusedWithPermissionDenied_andTheServerLogsTheName() throws Exception {
    try (EchoServer echo = serverParty()) {
      assertRefusedByName(() -> echo.echo(clientWith(BrokenCertificates.otherClient(pki, "mallory.example")),
          "localhost"), "mallory.example");
      assertNull(echo.lastPeer(), "the service ran for a refused client");
      assertTrue(logged(Level.WARN, "mallory.example"), () -> "refused name not logged: " + logs.list);
    }
  }

  @Test
  void aPlaintextCall_isUnauthenticated() throws Exception {
    try (EchoServer echo = EchoServer.start(TlsConfig.insecureServer(),
        new ClientIdentityInterceptor(List.of(DevCertificates.CLIENT_NAME)))) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> echo.echo(TlsConfig.insecureChannel(), "localhost"));
      assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), e.getStatus().toString());
      assertNull(echo.lastPeer());
    }
  }

  @Test
  void identity_isTheDnsNames_orTheCommonNameOfACertificateWithoutAny() {
    assertEquals(List.of("client-party", "localhost"), ClientIdentityInterceptor.identity(pki.client().certificate()));
    Instant now = Instant.now();
    Issued ipOnly = pki.authority().issue("cn-only", List.of(), List.of("10.0.0.1"), now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)), Set.of(Role.CLIENT));
    assertEquals(List.of("cn-only"), ClientIdentityInterceptor.identity(ipOnly.certificate()));
    assertThrows(IllegalArgumentException.class, () -> new ClientIdentityInterceptor(List.of()));
    assertThrows(IllegalArgumentException.class, () -> new ClientIdentityInterceptor(List.of(" ")));
  }

  // --- the client's checks of the server ----------------------------------------------------------------------

  @Test
  void theClient_refusesAServerCertificateNotIssuedForServers() throws Exception {
    for (Issued bad : List.of(BrokenCertificates.serverNamedClientOnly(pki),
        BrokenCertificates.serverWithoutExtendedKeyUsage(pki))) {
      ServerCredentials creds = EchoServer.serverCredentials(bad, pki.caPem());
      try (EchoServer echo = EchoServer.start(creds)) {
        assertUnavailable(() -> echo.echo(clientFiles.channelCredentials(), "localhost"));
        assertNull(echo.lastPeer());
      }
    }
  }

  @Test
  void theClient_stillChecksTheServerName() throws Exception {
    try (EchoServer echo = EchoServer.start(EchoServer.serverCredentials(BrokenCertificates.wrongNameServer(pki),
        pki.caPem()))) {
      assertUnavailable(() -> echo.echo(clientFiles.channelCredentials(), "localhost"));
    }
    try (EchoServer echo = serverParty()) {
      assertUnavailable(() -> echo.echo(clientFiles.channelCredentials(), "127.0.0.1", "client-party"));
      assertEquals("tls-test", echo.echo(clientFiles.channelCredentials(), "127.0.0.1", "server-party")
          .getHello().getSessionId());
    }
  }

  @Test
  void eachPartyRefusesToStartWithTheOtherPartysCertificate() {
    Path s = dir.resolve("server-certs");
    Path c = dir.resolve("client-certs");
    TlsConfig clientAsServer = TlsConfig.of(c.resolve("client.pem"), c.resolve("client.key"), c.resolve("ca.pem"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, clientAsServer::serverCredentials);
    assertTrue(e.getMessage().contains("--tls-cert") && e.getMessage().contains("serverAuth"), e.getMessage());
    TlsConfig serverAsClient = TlsConfig.of(s.resolve("server.pem"), s.resolve("server.key"), s.resolve("ca.pem"));
    e = assertThrows(IllegalArgumentException.class, serverAsClient::channelCredentials);
    assertTrue(e.getMessage().contains("--tls-cert") && e.getMessage().contains("clientAuth"), e.getMessage());
  }

  // ------------------------------------------------------------------------------------------------------------

  /** The handshake fails (UNAVAILABLE, promptly) and the service never runs. */
  private static void assertRefusedInHandshake(EchoServer echo, Executable rpc) {
    assertUnavailable(rpc);
    assertNull(echo.lastPeer(), "the service ran for a refused client");
  }

  private static void assertUnavailable(Executable rpc) {
    long start = System.nanoTime();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, rpc);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), () -> "status " + e.getStatus());
    assertTrue(millis < EchoServer.DEADLINE_SECONDS * 1000 / 2, () -> "took " + millis + " ms: " + e.getStatus());
  }

  /** PERMISSION_DENIED naming the client's identity and saying it is not allowed. */
  private static void assertRefusedByName(Executable rpc, String name) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, rpc);
    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), () -> "status " + e.getStatus());
    String d = e.getStatus().getDescription();
    assertTrue(d != null && d.contains(name) && d.contains("not allowed"), d);
  }
}
