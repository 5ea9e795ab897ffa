package org.sirnn.client.bench;

import org.sirnn.client.BenchRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code bench model NAME --link RTT_MS:MBIT}: the session runs through the emulated link (it takes at least one
 * one-way latency per round), the rows carry the link, and the total puts measured next to projected. Run with
 * client-party/ as working directory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModelBenchLinkTest {
  private static final String MODELS = Path.of("..", "models").toString();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BenchRun bench(String... args) {
    return BenchRun.of(args);
  }

  @Test
  void linkedRunIsMeasuredNextToItsProjection() throws Exception {
    BenchRun r = bench("model", "industrial72-standin", "--models", MODELS, "--link", "2:1000",
        "--no-warmup");
    assertEquals(0, r.code(), r.err());
    JsonNode total = JSON.readTree(r.lines().get(r.lines().size() - 1));
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
    JsonNode layer = JSON.readTree(r.lines().get(0));
    assertEquals(2.0, layer.get("link").get("rtt_ms").asDouble(), layer.toString());
  }

  @Test
  void badLinkIsRefusedWithExitCode2() {
    BenchRun r = bench("model", "industrial72-standin", "--models", MODELS, "--link", "40");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("RTT_MS:MBIT"), r.err());
  }
}
