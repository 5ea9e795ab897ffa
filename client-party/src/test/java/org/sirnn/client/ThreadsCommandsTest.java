package org.sirnn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --threads N} end to end with each party in its own process: server-party (the real jar) with
 * {@code --threads 2}, {@code bench model --server-party HOST:PORT --threads N} as the client: a batch whose
 * element-wise steps split in two equals the twin and its rows carry the threads; asking for more threads than the
 * server allows is refused with a message naming both counts. Run with client-party/ as working directory.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ThreadsCommandsTest {
  private static final String MODELS = Path.of("..", "models").toString();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BenchRun bench(String... args) {
    return BenchRun.of(args);
  }

  @Test
  void benchAgainstASeparateServerParty_withTwoThreads_equalsTheTwin_moreThreadsAreRefused(@TempDir Path tmp)
      throws Exception {
    // industrial72-standin (7 steps x 6 features, hidden 64): 32 samples make 2048-value steps, split in two
    int batch = 32;
    Random rnd = new Random(3);
    String input = IntStream.range(0, batch * 42).mapToObj(i -> Integer.toString(rnd.nextInt(16384) - 8192))
        .collect(Collectors.joining("\n"));
    Path file = tmp.resolve("batch.txt");
    Files.writeString(file, input + "\n");
    try (ServerPartyProcess server = ServerPartyProcess.start(tmp.resolve("server.log"), List.of("-Xmx1g"),
        "--host", "127.0.0.1", "--port", "0", "--insecure", "--metrics-port", "-1", "--models", MODELS,
        "--threads", "2")) {
      String target = "127.0.0.1:" + server.port;
      BenchRun r = bench("model", "industrial72-standin", "--models", MODELS, "--input", file.toString(),
          "--server-party", target, "--threads", "2");
      assertEquals(0, r.code(), r.err());
      JsonNode total = JSON.readTree(r.lines().get(r.lines().size() - 1));
      assertTrue(total.get("matches_twin").asBoolean(), total.toString());
      assertEquals(batch, total.get("n").asInt());
      assertEquals(2, total.get("threads").asInt());
      assertEquals(target, total.get("server_party").asText());
      for (String l : r.lines()) {
        assertEquals(2, JSON.readTree(l).get("threads").asInt(), l);
      }

      BenchRun refused = bench("model", "industrial72-standin", "--models", MODELS, "--input", file.toString(),
          "--server-party", target, "--threads", "3");
      assertNotEquals(0, refused.code());
      assertTrue(refused.err().contains("asked for 3 threads per party, this server allows at most 2 (--threads)"),
          refused.err());
      assertTrue(server.log().contains("this server allows at most 2"), server.log());
    }
  }

  @Test
  void threadsOutsideTheRangeAreAUsageError() {
    BenchRun r = bench("model", "industrial72-standin", "--models", MODELS, "--threads", "0");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("threads must be 1..64"), r.err());
  }
}
