package org.sirnn.client.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.client.load.PredictStack;
import org.sirnn.client.service.InferenceService;
import org.slf4j.LoggerFactory;

/**
 * What a refused Predict leaves in client-party's log: the caller may be told its own rejected value, the log says
 * only where it was; a caller-chosen model name reaches the log cut and without control characters.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PredictLogBoundaryTest {
  /** A distinctive out-of-range sigmoid-q12 input (16 bits). */
  static final long REJECTED = 987_654;

  private static PredictStack stack;
  private Logger logger;
  private ListAppender<ILoggingEvent> appender;

  @BeforeAll
  static void start() throws Exception {
    stack = PredictStack.insecure(2, Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void capture() {
    logger = (Logger) LoggerFactory.getLogger(InferenceService.class);
    appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
  }

  private List<String> lines() {
    List<String> out = new ArrayList<>();
    for (ILoggingEvent ev : new ArrayList<>(appender.list)) {
      out.add(LogAndMetricLeakTest.text(ev));
    }
    return out;
  }

  @Test
  void outOfRangeInputValueIsToldToTheCaller_butNeverLogged() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stack.stub(10).predict(PredictStack.request("sigmoid-q12", 5, REJECTED, 7)));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains(REJECTED + " at index 1"), e.getStatus().getDescription());
    List<String> lines = lines();
    assertTrue(lines.stream().anyMatch(l -> l.contains("refused") && l.contains("at index 1")),
        "the refusal is logged with the index: " + lines);
    for (String l : lines) {
      assertFalse(l.contains(String.valueOf(REJECTED)), "the rejected value reached the log: " + l);
    }
  }

  @Test
  void callerModelNameIsSanitisedInTheLog() {
    String evil = "no-such-model\nINFO forged line\u0000\u202e" + "x".repeat(5_000);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> stack.stub(10).predict(PredictStack.request(evil, 1)));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    List<String> lines = lines();
    assertTrue(lines.stream().anyMatch(l -> l.contains("no-such-model")), "the refusal is logged: " + lines);
    for (String l : lines) {
      assertFalse(l.contains("\n") || l.contains("\u0000") || l.contains("\u202e"), "control characters logged: "
          + l);
      assertTrue(l.length() < 1_500, "caller string not bounded in the log (" + l.length() + " chars)");
    }
  }
}
