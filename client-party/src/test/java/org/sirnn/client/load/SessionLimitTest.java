package org.sirnn.client.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session limit counts running sessions only: a caller that has its answer may always call again. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionLimitTest {
  static final int CALLS = 40;

  @Test
  void backToBackCallsAtTheLimitAreNeverRefused() throws Exception {
    try (PredictStack stack = PredictStack.insecure(1, Duration.ofSeconds(60))) {
      int refused = 0;
      for (int i = 0; i < CALLS; i++) {
        try {
          stack.stub(60).predict(PredictStack.request("sigmoid-q12", i));
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.RESOURCE_EXHAUSTED) {
            throw e;
          }
          refused++;
        }
      }
      assertEquals(0, refused, "sequential calls refused as RESOURCE_EXHAUSTED at maxSessions = 1");
    }
  }
}
