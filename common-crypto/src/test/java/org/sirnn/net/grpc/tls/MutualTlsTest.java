package org.sirnn.net.grpc.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ChannelCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.net.grpc.tls.DevCertificates.Pki;
import org.sirnn.proto.Frame;

/**
 * Mutual TLS over real gRPC (grpc-netty-shaded) on 127.0.0.1: the handshake succeeds with the development PKI and
 * fails, promptly and with UNAVAILABLE, for every kind of bad certificate on either side. Every RPC has a deadline.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MutualTlsTest {
  private static Pki pki;

  @BeforeAll
  static void pki() {
    pki = DevCertificates.generate(Duration.ofDays(1));
  }

  // --- (a) success --------------------------------------------------------------------------------------------

  @Test
  void mutualTls_succeedsWithFilesThroughTlsConfig(@TempDir Path dir) throws Exception {
    DevCertificates.write(dir, Duration.ofDays(1));
    TlsConfig server = TlsConfig.of(dir.resolve("server.pem"), dir.resolve("server.key"), dir.resolve("ca.pem"));
    TlsConfig client = TlsConfig.of(dir.resolve("client.pem"), dir.resolve("client.key"), dir.resolve("ca.pem"));
    try (EchoServer echo = EchoServer.start(server.serverCredentials())) {
      Frame reply = echo.echo(client.channelCredentials(), "localhost");
      assertEquals("tls-test", reply.getHello().getSessionId());
      assertTrue(echo.lastPeer().contains("CN=client-party"), echo.lastPeer());
    }
  }

  @Test
  void mutualTls_succeedsWithInMemoryPem_byNameByIpAndByAuthorityOverride() throws Exception {
    try (EchoServer echo = EchoServer.start(EchoServer.serverCredentials(pki.server(), pki.caPem()))) {
      ChannelCredentials client = EchoServer.channelCredentials(pki.client(), pki.caPem());
      assertEquals("tls-test", echo.echo(client, "localhost").getHello().getSessionId());
      assertTrue(echo.lastPeer().contains("CN=client-party"), echo.lastPeer());
      // IP:127.0.0.1 is in the server certificate's subject alternative names
      assertEquals("tls-test", echo.echo(client, "127.0.0.1").getHello().getSessionId());
      // dialling an address but checking the certificate against the party's name
      assertEquals("tls-test", echo.echo(client, "127.0.0.1", "server-party").getHello().getSessionId());
    }
  }

  // --- (b) client without certificate -------------------------------------------------------------------------

  @Test
  void clientWithoutCertificate_isRejected() throws Exception {
    try (EchoServer echo = EchoServer.start(EchoServer.serverCredentials(pki.server(), pki.caPem()))) {
      assertUnavailable(() -> echo.echo(EchoServer.channelCredentials(null, pki.caPem()), "localhost"));
    }
  }

  // --- (c) wrong trust, both directions ------------------------------------------------------------------------

  @Test
  void clientTrustingAnotherCa_rejectsServer() throws Exception {
    String otherCa = DevCertificates.newAuthority("other CA", Duration.ofDays(1)).certificatePem();
    try (EchoServer echo = EchoServer.start(EchoServer.serverCredentials(pki.server(), pki.caPem()))) {
      assertUnavailable(() -> echo.echo(EchoServer.channelCredentials(pki.client(), otherCa), "localhost"));
    }
  }

  @Test
  void serverCertificateFromAnotherCa_isRejected() throws Exception {
    try (EchoServer echo = EchoServer.start(EchoServer.serverCredentials(BrokenCertificates.foreignServer(), pki.caPem()))) {
      assertUnavailable(() -> echo.echo(EchoServer.channelCredentials(pki.client(), pki.caPem()), "localhost"));
    }
  }

  @Test
  void clientCertificateFromAnotherCa_isRejected() throws Exception {
    try (EchoServer echo = EchoServer.start(EchoServer.serverCredentials(pki.server(), pki.caPem()))) {
      assertUnavailable(() -> echo.echo(EchoServer.channelCredentials(BrokenCertificates.foreignClient(), pki.caPem()),
          "localhost"));
    }
  }

  // --- (d) expired certificates --------------------------------------------------------------------------------

  @Test
  void expiredServerCertificate_isRejected() throws Exception {
    try (EchoServer echo = EchoServer.start(EchoServer.serverCredentials(BrokenCertificates.expiredServer(pki), pki.caPem()))) {
      assertUnavailable(() -> echo.echo(EchoServer.channelCredentials(pki.client(), pki.caPem()), "localhost"));
    }
  }

  @Test
  void expiredClientCertificate_isRejected() throws Exception {
    try (EchoServer echo = EchoServer.start(EchoServer.serverCredentials(pki.server(), pki.caPem()))) {
      assertUnavailable(() -> echo.echo(EchoServer.channelCredentials(BrokenCertificates.expiredClient(pki), pki.caPem()),
          "localhost"));
    }
  }

  // --- (e) host name checks ------------------------------------------------------------------------------------

  @Test
  void serverCertificateForWrongHost_isRejected() throws Exception {
    try (EchoServer echo = EchoServer.start(EchoServer.serverCredentials(BrokenCertificates.wrongNameServer(pki), pki.caPem()))) {
      ChannelCredentials client = EchoServer.channelCredentials(pki.client(), pki.caPem());
      assertUnavailable(() -> echo.echo(client, "localhost"));
      assertUnavailable(() -> echo.echo(client, "127.0.0.1"));
    }
  }

  @Test
  void validServerCertificate_isRejectedForAnotherAuthority() throws Exception {
    try (EchoServer echo = EchoServer.start(EchoServer.serverCredentials(pki.server(), pki.caPem()))) {
      // the client-party certificate would match this name, the server-party one does not
      assertUnavailable(() -> echo.echo(EchoServer.channelCredentials(pki.client(), pki.caPem()), "127.0.0.1",
          "client-party"));
    }
  }

  // --- plaintext ---------------------------------------------------------------------------------------------

  @Test
  void insecureCredentials_workOnlyWithEachOther() throws Exception {
    try (EchoServer plain = EchoServer.start(TlsConfig.insecureServer())) {
      assertEquals("tls-test", plain.echo(TlsConfig.insecureChannel(), "localhost").getHello().getSessionId());
      assertEquals("plaintext", plain.lastPeer());
      // a TLS client never falls back to plaintext
      assertUnavailable(() -> plain.echo(EchoServer.channelCredentials(pki.client(), pki.caPem()), "localhost"));
    }
    try (EchoServer tls = EchoServer.start(EchoServer.serverCredentials(pki.server(), pki.caPem()))) {
      assertUnavailable(() -> tls.echo(TlsConfig.insecureChannel(), "localhost"));
    }
  }

  /** The RPC fails with UNAVAILABLE well before its deadline: a refused handshake, not a hang. */
  private static void assertUnavailable(Executable rpc) {
    long start = System.nanoTime();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, rpc);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), () -> "status " + e.getStatus());
    assertTrue(millis < EchoServer.DEADLINE_SECONDS * 1000 / 2, () -> "took " + millis + " ms: " + e.getStatus());
  }
}
