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
import org.sirnn.mpc.Party;
import org.sirnn.nn.Google30Model;
import org.sirnn.nn.Google30Plain;
import org.sirnn.nn.Google30Secure;
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
    Google30Model.Weights w = Google30Model.loadWeights(MODEL.resolve("weights.txt"));
    long[] input = Google30Model.loadInput(MODEL.resolve("input.txt"));
    Google30Plain.Result plain = Google30Plain.infer(w, input);
    try (InferenceServiceTest.Stack stack = new InferenceServiceTest.Stack((hello, ch) -> {
      Party p = new Party(Party.Role.SERVER, ch);
      p.setup();
      Google30Secure.infer(p, w, null);
    }, -1, 2, Duration.ofSeconds(150))) {
      Tensor.Builder t = Tensor.newBuilder();
      for (long v : input) {
        t.addValues(v);
      }
      PredictResponse r = stack.stub(170).predict(PredictRequest.newBuilder().setModel(Google30Model.NAME)
          .setInput(t).build());
      assertEquals(plain.label(), r.getLabel());
      for (int i = 0; i < plain.scores().length; i++) {
        assertEquals(plain.scores()[i], r.getScores().getValues(i), "score " + i);
      }
      assertTrue(r.getStatsList().stream().anyMatch(s -> s.getScope().equals("sigmoid") && s.getBytesSent() > 0));
      StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
          () -> stack.stub(10).predict(PredictRequest.newBuilder().setModel(Google30Model.NAME)
              .setInput(Tensor.newBuilder().addValues(1)).build()));
      assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().contains("3168"), e.getStatus().getDescription());
    }
  }
}
