package org.sirnn.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code bench model NAME --link RTT_MS:MBIT}: the session runs through the emulated link (it takes at least one
 * one-way latency per round), the rows carry the link, and the total puts measured next to projected. Run with
 * client-party/ as working directory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModelBenchLinkTest {
  private static final String MODELS = Path.of("..", "models").toString();
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Run(int code, String[] lines, String err) {}

  private static Run bench(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = new CommandLine(new BenchCommand()).execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    // the JSON lines; a log line of the in-process parties may land on the same stream
    String[] lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{"))
        .toArray(String[]::new);
    return new Run(code, lines, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void linkedRunIsMeasuredNextToItsProjection() throws Exception {
    Run r = bench("model", "industrial72-standin", "--models", MODELS, "--link", "2:1000", "--no-warmup");
    assertEquals(0, r.code(), r.err());
    JsonNode total = JSON.readTree(r.lines()[r.lines().length - 1]);
    assertTrue(total.get("matches_twin").asBoolean(), total.toString());
    JsonNode link = total.get("link");
    assertEquals(2.0, link.get("rtt_ms").asDouble());
    assertEquals(1000.0, link.get("mbit").asDouble());
    long rounds = total.get("rounds").asLong();
    long bytes = total.get("bytes").asLong();
    double measured = link.get("measured_s").asDouble();
    assertEquals(total.get("millis").asDouble() / 1000, measured, 0.001);
    assertTrue(measured >= rounds * 0.001, "each round waits one one-way latency (1 ms): " + total);
    double projected = link.get("loopback_s").asDouble() + rounds * 0.001 + bytes * 8 / 1e9;
    assertEquals(projected, link.get("projected_s").asDouble(), 0.002);
    JsonNode layer = JSON.readTree(r.lines()[0]);
    assertEquals(2.0, layer.get("link").get("rtt_ms").asDouble(), layer.toString());
  }

  @Test
  void badLinkIsRefusedWithExitCode2() {
    Run r = bench("model", "industrial72-standin", "--models", MODELS, "--link", "40");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("RTT_MS:MBIT"), r.err());
  }
}
