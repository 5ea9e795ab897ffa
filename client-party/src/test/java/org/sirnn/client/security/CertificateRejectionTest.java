package org.sirnn.client.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.net.grpc.tls.BrokenCertificates;
import org.sirnn.client.load.PredictStack;
import org.sirnn.net.grpc.tls.DevCertificates;
import org.sirnn.net.grpc.tls.DevCertificates.Issued;
import org.sirnn.net.grpc.tls.DevCertificates.Pki;
import org.sirnn.proto.PredictResponse;

/**
 * The party link's mutual TLS on the product path (client-party's InferenceService and PartyConnector, a PartyLink
 * server running the math sessions, real gRPC on 127.0.0.1): every bad certificate on either side makes Predict
 * fail with UNAVAILABLE, no PartyLink call reaches the server's service and no server half starts, i.e. no
 * protocol data flows. A valid pair works (the control).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CertificateRejectionTest {
  static final long[] X = {0, 4096, -4096, 12345};
  private static Pki pki;
  private static String otherCa;

  @BeforeAll
  static void pki() {
    pki = DevCertificates.generate(Duration.ofDays(1));
    otherCa = DevCertificates.newAuthority("someone else's CA", Duration.ofDays(1)).certificatePem();
  }

  static ServerCredentials server(Issued cert, String caPem) throws IOException {
    return TlsServerCredentials.newBuilder()
        .keyManager(new ByteArrayInputStream(cert.certificateBytes()), new ByteArrayInputStream(cert.privateKeyBytes()))
        .trustManager(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build();
  }

  /** Client-party's link credentials: identity {@code cert} (none if null), trusting {@code caPem}. */
  static ChannelCredentials client(Issued cert, String caPem) throws IOException {
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder()
        .trustManager(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
    if (cert != null) {
      b.keyManager(new ByteArrayInputStream(cert.certificateBytes()), new ByteArrayInputStream(cert.privateKeyBytes()));
    }
    return b.build();
  }

  /** Predict fails with UNAVAILABLE well within the deadline and nothing reached the server's protocol. */
  static void refused(String what, ServerCredentials s, ChannelCredentials c) throws Exception {
    try (PredictStack stack = new PredictStack(s, c, null, 2, Duration.ofSeconds(15))) {
      long t0 = System.nanoTime();
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> stack.stub(30).predict(PredictStack.request("sigmoid-q12", X)), what);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), what + ": " + e.getStatus());
      assertTrue(ms < 10_000, what + ": took " + ms + " ms (a refused handshake, not a timeout)");
      assertEquals(0, stack.partyLinkCalls.get(), what + ": a PartyLink call reached the server's service");
      assertEquals(0, stack.serverHalves.get(), what + ": a server half started");
      String scrape = stack.registry.scrape();
      assertTrue(scrape.lines().noneMatch(l -> l.startsWith("sirnn_protocol_sent_bytes_total{")
          && !l.endsWith(" 0.0")), what + ": protocol bytes were accounted:\n" + scrape);
      assertTrue(scrape.contains("sirnn_sessions_failed_total{"), what + ": failed session not counted");
      System.out.println("refused (" + what + ", " + ms + " ms): " + e.getStatus().getDescription());
    }
  }

  @Test
  void validCertificatesOnBothSides_predictEqualsTheTwin() throws Exception {
    try (PredictStack stack = new PredictStack(server(pki.server(), pki.caPem()), client(pki.client(), pki.caPem()),
        null, 2, Duration.ofSeconds(30))) {
      PredictResponse r = stack.stub(30).predict(PredictStack.request("sigmoid-q12", X));
      assertArrayEquals(PredictStack.sigmoidTwins(X),
          r.getScores().getValuesList().stream().mapToLong(Long::longValue).toArray());
      assertEquals(1, stack.serverHalves.get());
      assertTrue(stack.partyLinkCalls.get() >= 1);
    }
  }

  @Test
  void expiredServerCertificate_isRefused() throws Exception {
    refused("expired server certificate", server(BrokenCertificates.expiredServer(pki), pki.caPem()), client(pki.client(), pki.caPem()));
  }

  @Test
  void serverCertificateFromAnotherCa_isRefused() throws Exception {
    refused("server certificate from another CA", server(BrokenCertificates.foreignServer(), pki.caPem()),
        client(pki.client(), pki.caPem()));
  }

  @Test
  void clientTrustingAnotherCa_refusesTheServer() throws Exception {
    refused("client trusts another CA", server(pki.server(), pki.caPem()), client(pki.client(), otherCa));
  }

  @Test
  void serverCertificateForAnotherHostName_isRefused() throws Exception {
    refused("server certificate for wrong-host.invalid", server(BrokenCertificates.wrongNameServer(pki), pki.caPem()),
        client(pki.client(), pki.caPem()));
  }

  @Test
  void clientWithoutCertificate_isRefused() throws Exception {
    refused("client without certificate", server(pki.server(), pki.caPem()), client(null, pki.caPem()));
  }

  @Test
  void expiredClientCertificate_isRefused() throws Exception {
    refused("expired client certificate", server(pki.server(), pki.caPem()), client(BrokenCertificates.expiredClient(pki), pki.caPem()));
  }

  @Test
  void clientCertificateFromAnotherCa_isRefused() throws Exception {
    refused("client certificate from another CA", server(pki.server(), pki.caPem()),
        client(BrokenCertificates.foreignClient(), pki.caPem()));
  }
}
