package org.sirnn.client.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.metrics.SessionMetrics;
import org.sirnn.net.FrameChannel;
import org.sirnn.nn.model.LabelledSamples;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.proto.InferenceGrpc;
import org.sirnn.proto.LayerStats;
import org.sirnn.proto.PredictRequest;
import org.sirnn.proto.PredictResponse;
import org.sirnn.proto.Tensor;
import org.sirnn.test.LoopbackGrpc;

/**
 * Predict on a model published with {@code "reveal": "label"}: the answer carries each sample's label and the
 * first one's name, and no scores (they were never opened); the label equals the twin's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LabelOnlyPredictTest {
  private static final Path MODELS = Path.of("..", "models");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void predictAnswersTheLabelsWithoutScores() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("usps-label"));
    for (String f : List.of(ModelFiles.SPEC, ModelFiles.WEIGHTS)) {
      Files.copy(MODELS.resolve("usps").resolve(f), d.resolve(f));
    }
    ObjectNode spec = (ObjectNode) JSON.readTree(d.resolve(ModelFiles.SPEC).toFile());
    spec.put("name", "usps-label");
    spec.put("reveal", "label");
    JSON.writeValue(d.resolve(ModelFiles.SPEC).toFile(), spec);

    ModelRepository serverModels = ModelRepository.open(tmp, ModelRepository.Holder.SERVER);
    ServedModel m = serverModels.get("usps-label");
    LabelledSamples s = ModelFiles.readSamples(MODELS.resolve("usps"));
    double[] rows = new double[3 * 256];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(s.row(i), 0, rows, i * 256, 256);
    }
    long[] x = m.encode(rows);
    long[] twin = m.twin(x, 3);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (LoopbackGrpc partyLink = new LoopbackGrpc(SessionRunner.server(serverModels),
        FrameChannel.Options.defaults());
        PartyConnector connector = new PartyConnector("127.0.0.1:" + partyLink.server.getPort(),
            InsecureChannelCredentials.create(), null, FrameChannel.Options.defaults())) {
      InferenceService service = new InferenceService(ModelRepository.open(tmp, ModelRepository.Holder.CLIENT),
          connector, new SessionMetrics(registry, "client"), new InferenceService.Config(2, Duration.ofSeconds(60)));
      InferenceServer api = new InferenceServer("127.0.0.1", 0, InsecureServerCredentials.create(), service).start();
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", api.port()).usePlaintext().build();
      try {
        Tensor.Builder t = Tensor.newBuilder().addShape(3).addShape(256);
        for (long v : x) {
          t.addValues(v);
        }
        PredictResponse r = InferenceGrpc.newBlockingStub(channel).withDeadlineAfter(90, TimeUnit.SECONDS)
            .predict(PredictRequest.newBuilder().setModel("usps-label").setInput(t).build());
        assertFalse(r.hasScores(), "no scores: " + r.getScores());
        assertEquals(List.of((int) twin[0], (int) twin[1], (int) twin[2]), r.getLabelsList());
        assertEquals(List.of(9, 6, 3), r.getLabelsList(), "the samples' true labels");
        assertEquals(9, r.getLabel());
        assertEquals("9", r.getLabelName());
        assertTrue(r.getStatsList().stream().map(LayerStats::getScope).anyMatch("argmax"::equals),
            r.getStatsList().toString());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        api.stop(Duration.ofSeconds(1));
      }
    }
  }
}
