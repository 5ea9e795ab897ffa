package org.sirnn.client.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.nn.Google30Model;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.proto.PredictRequest;
import org.sirnn.proto.PredictResponse;
import org.sirnn.proto.Tensor;

/**
 * A client application's Predict on the Google-30 model returns the same prediction as plain fixed-point
 * inference; a wrong input size is refused with INVALID_ARGUMENT before any session opens.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class Google30PredictTest {
  private static final Path MODEL = Path.of("..", "models", "google30");

  @Test
  void predict_equalsPlainInference() throws Exception {
    assumeTrue(Files.exists(MODEL.resolve("weights.txt")), "models/google30 not found from " + Path.of("").toAbsolutePath());
    long[] input = Google30Model.loadInput(MODEL.resolve("input.txt"));
    ModelRepository server = ModelRepository.open(MODEL.getParent(), ModelRepository.Holder.SERVER);
    long[] plain = server.get(Google30Model.NAME).twin(input, 1);
    try (InferenceServiceTest.Stack stack = new InferenceServiceTest.Stack(SessionRunner.server(server), -1, 2,
        Duration.ofSeconds(150))) {
      Tensor.Builder t = Tensor.newBuilder();
      for (long v : input) {
        t.addValues(v);
      }
      PredictResponse r = stack.stub(170).predict(PredictRequest.newBuilder().setModel(Google30Model.NAME)
          .setInput(t).build());
      assertEquals(org.sirnn.nn.model.Inference.argmax(plain, 30)[0], r.getLabel());
      for (int i = 0; i < plain.length; i++) {
        assertEquals(plain[i], r.getScores().getValues(i), "score " + i);
      }
      assertTrue(r.getStatsList().stream().anyMatch(s -> s.getScope().equals("cell/sigmoid")
          && s.getBytesSent() > 0));
      // layers at the top: input, cell, fc, open (and setup)
      assertTrue(r.getStatsList().stream().map(s -> s.getScope()).toList().containsAll(java.util.List.of("setup",
          "input", "cell", "fc", "open")), r.getStatsList().toString());
      StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
          () -> stack.stub(10).predict(PredictRequest.newBuilder().setModel(Google30Model.NAME)
              .setInput(Tensor.newBuilder().addValues(1)).build()));
      assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().contains("3168"), e.getStatus().getDescription());
    }
  }
}
