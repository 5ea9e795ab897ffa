package org.sirnn.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.client.BenchRun;

/**
 * {@code --wire}: {@code bench model} runs a session with the goal in its header (the in-process server half
 * follows it) and equals the twin, {@code bench core} sets it on both Parties; every row carries {@code wire}; an
 * unknown goal is a usage error.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WireBenchTest {
  private static final String MODELS = Path.of("..", "models").toString();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void benchModelWithWireBytes_equalsTheTwin_andItsRowsCarryTheGoal() throws Exception {
    BenchRun r = BenchRun.of("model", "industrial72-standin", "--models", MODELS, "--wire", "bytes",
        "--no-warmup");
    assertEquals(0, r.code(), r.err());
    assertFalse(r.lines().isEmpty(), r.out());
    JsonNode total = JSON.readTree(r.lines().get(r.lines().size() - 1));
    assertTrue(total.get("matches_twin").asBoolean(), total.toString());
    for (String l : r.lines()) {
      assertEquals("bytes", JSON.readTree(l).get("wire").asText(), l);
    }
  }

  @Test
  void benchCoreRowsCarryTheGoal() throws Exception {
    BenchRun r = BenchRun.of("core", "--n", "64", "--bits", "16", "--wire", "rounds");
    assertEquals(0, r.code(), r.err());
    assertFalse(r.lines().isEmpty(), r.out());
    for (String l : r.lines()) {
      assertEquals("rounds", JSON.readTree(l).get("wire").asText(), l);
    }
  }

  @Test
  void anUnknownGoalIsAUsageError() {
    BenchRun r = BenchRun.of("model", "industrial72-standin", "--models", MODELS, "--wire", "fast");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown wire goal 'fast'"), r.err());
  }
}
