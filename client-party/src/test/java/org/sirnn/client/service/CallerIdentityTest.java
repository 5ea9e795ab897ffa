package org.sirnn.client.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.metrics.SessionMetrics;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.grpc.tls.DevCertificates;
import org.sirnn.net.grpc.tls.TlsConfig;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.proto.InferenceGrpc;
import org.sirnn.proto.PredictRequest;
import org.sirnn.proto.Tensor;

/** With a mutual-TLS API the caller is its client certificate's subject, and the rate limit counts by it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallerIdentityTest {
  @TempDir
  Path tmp;

  @Test
  void mutualTlsCallerIsTheCertificateSubject_inTheRateLimitRefusal() throws Exception {
    DevCertificates.write(tmp);
    Path ca = tmp.resolve(DevCertificates.CA_FILE);
    // the party link is never used: the calls below are refused before any session
    PartyConnector unused = new PartyConnector("127.0.0.1:1", InsecureChannelCredentials.create(), null,
        FrameChannel.Options.defaults());
    InferenceService service = new InferenceService(ModelRepository.open(null, ModelRepository.Holder.CLIENT),
        unused, new SessionMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "client"),
        new InferenceService.Config(1, Duration.ofSeconds(10), 1, 1));
    InferenceServer api = new InferenceServer("127.0.0.1", 0, TlsConfig.of(tmp.resolve(
        DevCertificates.SERVER_CERT_FILE), tmp.resolve(DevCertificates.SERVER_KEY_FILE), ca).serverCredentials(),
        service).start();
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", api.port(), TlsConfig.of(tmp.resolve(
        DevCertificates.CLIENT_CERT_FILE), tmp.resolve(DevCertificates.CLIENT_KEY_FILE), ca).channelCredentials())
        .build();
    try {
      InferenceGrpc.InferenceBlockingStub stub = InferenceGrpc.newBlockingStub(channel);
      PredictRequest outOfRange = PredictRequest.newBuilder().setModel("sigmoid-q12")
          .setInput(Tensor.newBuilder().addValues(1 << 20)).build();
      StatusRuntimeException first = assertThrows(StatusRuntimeException.class,
          () -> stub.withDeadlineAfter(10, TimeUnit.SECONDS).predict(outOfRange));
      assertEquals(Status.Code.INVALID_ARGUMENT, first.getStatus().getCode(), first.toString());
      StatusRuntimeException second = assertThrows(StatusRuntimeException.class,
          () -> stub.withDeadlineAfter(10, TimeUnit.SECONDS).predict(outOfRange));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, second.getStatus().getCode(), second.toString());
      String d = second.getStatus().getDescription();
      assertTrue(d.contains("for caller CN=" + DevCertificates.CLIENT_NAME), d);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      api.stop(Duration.ofSeconds(1));
      unused.close();
    }
  }
}
