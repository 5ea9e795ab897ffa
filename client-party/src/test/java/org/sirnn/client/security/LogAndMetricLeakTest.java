package org.sirnn.client.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.client.load.PredictStack;
import org.sirnn.proto.PredictResponse;
import org.slf4j.LoggerFactory;

/**
 * No cleartext input or result in the logs (root logger at DEBUG, both parties' code in this JVM) or in any
 * Prometheus label value of client-party. Metric values are counts and may coincide with a number; only label values
 * are checked.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogAndMetricLeakTest {
  /** Distinctive inputs (16-bit, scale 12); their sigmoid outputs are 3905, 13, 2812, 1329, 3037, 1217. */
  static final long[] INPUTS = {12345, -23456, 3210, -2999, 4321, -3517};
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private Logger root;
  private Level rootLevel;
  private ListAppender<ILoggingEvent> appender;

  @BeforeEach
  void capture() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.DEBUG); // io.grpc and io.netty stay at WARN (logback-test.xml)
    appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void release() {
    root.detachAppender(appender);
    root.setLevel(rootLevel);
  }

  /** Everything a log line says: message, arguments as formatted, MDC values and the throwable chain's messages. */
  static String text(ILoggingEvent ev) {
    StringBuilder sb = new StringBuilder(ev.getFormattedMessage());
    ev.getMDCPropertyMap().values().forEach(v -> sb.append(' ').append(v));
    for (IThrowableProxy t = ev.getThrowableProxy(); t != null; t = t.getCause()) {
      sb.append(' ').append(t.getMessage());
    }
    return sb.toString();
  }

  /** The numbers that must not show: every input, and every output of at least 4 digits (shorter ones collide). */
  static Set<Long> secrets(long[] outputs) {
    Set<Long> s = new LinkedHashSet<>();
    for (long x : INPUTS) {
      s.add(x);
    }
    for (long y : outputs) {
      if (Math.abs(y) >= 1000) {
        s.add(y);
      }
    }
    return s;
  }

  /** {@code v} as a whole number in {@code text} (not part of a longer digit string). */
  static boolean mentions(String text, long v) {
    return Pattern.compile("(?<![0-9])" + Pattern.quote(Long.toString(v)) + "(?![0-9])").matcher(text).find();
  }

  /** Label values of every sample line of a Prometheus text scrape. */
  static List<String> labelValues(String scrape) {
    List<String> out = new ArrayList<>();
    for (String line : scrape.split("\n")) {
      int open = line.indexOf('{');
      if (line.startsWith("#") || open < 0) {
        continue;
      }
      Matcher m = LABEL.matcher(line.substring(open, line.lastIndexOf('}') + 1));
      while (m.find()) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  /** Runs one Predict and waits for the session's "done" line and the server half's end. */
  private PredictResponse predictAndSettle(PredictStack stack, long[] x) throws InterruptedException {
    PredictResponse r = stack.stub(60).predict(PredictStack.request("sigmoid-q12", x));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < until && snapshot().stream().noneMatch(e -> e.getFormattedMessage().contains(" done:"))) {
      Thread.sleep(10);
    }
    Thread.sleep(300); // the server half may log its end just after the answer
    return r;
  }

  private List<ILoggingEvent> snapshot() {
    synchronized (appender.list) {
      return new ArrayList<>(appender.list);
    }
  }

  @Test
  void noInputOrOutputInLogLinesOrMetricLabels() throws Exception {
    try (PredictStack stack = PredictStack.insecure(2, Duration.ofSeconds(60))) {
      PredictResponse r = predictAndSettle(stack, INPUTS);
      long[] y = r.getScores().getValuesList().stream().mapToLong(Long::longValue).toArray();
      assertArrayEquals(PredictStack.sigmoidTwins(INPUTS), y);
      Set<Long> secrets = secrets(y);
      assertTrue(secrets.size() >= INPUTS.length + 4, "too few distinctive outputs: " + secrets);

      List<ILoggingEvent> events = snapshot();
      assertFalse(events.isEmpty(), "no log lines captured");
      assertTrue(events.stream().anyMatch(e -> e.getLevel() == Level.DEBUG), "DEBUG lines captured too");
      for (ILoggingEvent ev : events) {
        String t = text(ev);
        for (long s : secrets) {
          assertFalse(mentions(t, s), "log line of " + ev.getLoggerName() + " mentions " + s + ": " + t);
        }
      }

      String scrape = stack.registry.scrape();
      List<String> labels = labelValues(scrape);
      assertTrue(labels.contains("sigmoid-q12") && labels.contains("sigmoid"), "the scrape has the session's labels");
      for (String v : labels) {
        for (long s : secrets) {
          assertFalse(mentions(v, s), "metric label value '" + v + "' mentions " + s);
        }
      }
      System.out.println("leak check: " + events.size() + " log lines, " + labels.size() + " label values, none"
          + " mentions any of " + secrets);
    }
  }

  @Test
  void refusedInputValuesAreNotEchoedIntoMetricLabels() throws Exception {
    // the INVALID_ARGUMENT description names the offending value to the caller; labels must still not carry it
    try (PredictStack stack = PredictStack.insecure(2, Duration.ofSeconds(60))) {
      io.grpc.StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
          io.grpc.StatusRuntimeException.class,
          () -> stack.stub(10).predict(PredictStack.request("sigmoid-q12", 12345, 98765)));
      assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      for (String v : labelValues(stack.registry.scrape())) {
        assertFalse(mentions(v, 98765) || mentions(v, 12345), "label value " + v);
      }
    }
  }

  @Test
  void theResultLabelIsNotLogged() throws Exception {
    long[] x = new long[50];
    for (int i = 0; i < x.length; i++) {
      x[i] = -20000 + 10 * i;
    }
    x[37] = 30000; // the argmax: label 37
    try (PredictStack stack = PredictStack.insecure(2, Duration.ofSeconds(60))) {
      PredictResponse r = predictAndSettle(stack, x);
      assertEquals(37, r.getLabel());
      for (ILoggingEvent ev : snapshot()) {
        assertFalse(Pattern.compile("label\\W{0,3}37(?![0-9])").matcher(text(ev)).find(),
            "log line of " + ev.getLoggerName() + " carries the result label: " + text(ev));
      }
    }
  }
}
