package org.sirnn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.proto.LayerStats;
import org.sirnn.proto.PredictResponse;
import org.sirnn.proto.Tensor;
import picocli.CommandLine;

/** The command-line side of {@code infer} and {@code serve}: input files, output formats, clear errors. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InferCommandTest {

  @TempDir
  Path tmp;

  @Test
  void readsOneIntegerPerLineOrAJsonArray() throws Exception {
    Path lines = Files.writeString(tmp.resolve("a.txt"), "# header\n1\n  -2  \n\n3 # three\r\n");
    assertArrayEquals(new long[] {1, -2, 3}, ModelInputs.readValues(lines.toString()));
    Path json = Files.writeString(tmp.resolve("a.json"), "  [1, -2,\n 3]\n");
    assertArrayEquals(new long[] {1, -2, 3}, ModelInputs.readValues(json.toString()));
  }

  @Test
  void unreadableInputIsAClearErrorWithExitCode2() throws Exception {
    record Case(String content, String mentions) {}
    for (Case c : new Case[] {new Case("1\nabc\n", "line 2: not an integer: 'abc'"),
        new Case("[1, 2.5]", "element 1 is not a 64-bit integer"), new Case("[1, 2", "not a valid JSON array"),
        new Case("# nothing\n", "no input integers"), new Case("[]", "empty JSON array")}) {
      Path f = Files.writeString(tmp.resolve("bad.txt"), c.content());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ModelInputs.readValues(f.toString()));
      assertTrue(e.getMessage().contains(c.mentions()), e.getMessage());
    }
    StringWriter err = new StringWriter();
    int code = new CommandLine(new InferCommand()).setErr(new PrintWriter(err)).execute("--model", "tanh-q12",
        "--input", tmp.resolve("missing.txt").toString());
    assertEquals(2, code);
    assertTrue(err.toString().contains("no such file"), err.toString());
  }

  @Test
  void noServiceListeningIsUnavailableWithExitCode1() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path f = Files.writeString(tmp.resolve("x.txt"), "1\n");
    StringWriter err = new StringWriter();
    int code = new CommandLine(new InferCommand()).setErr(new PrintWriter(err)).execute("--model", "tanh-q12",
        "--input", f.toString(), "--server", "127.0.0.1:" + port, "--deadline", "5");
    assertEquals(1, code);
    assertTrue(err.toString().startsWith("infer: UNAVAILABLE"), err.toString());
    assertTrue(err.toString().contains("serve"), "hints at the service: " + err);
  }

  @Test
  void jsonHasModelScoresLabelAndLayers() throws Exception {
    PredictResponse r = PredictResponse.newBuilder()
        .setScores(Tensor.newBuilder().addShape(3).addValues(5).addValues(-7).addValues(9).setScale(12))
        .setLabel(2).setSessionId("s-1")
        .addStats(LayerStats.newBuilder().setScope("session").setBytesSent(10).setBytesReceived(20).setRounds(3)
            .setMillis(1.5))
        .addStats(LayerStats.newBuilder().setScope("tanh/exp").setBytesSent(1).setBytesReceived(2).setRounds(1)
            .setMillis(0.25))
        .build();
    JsonNode j = new ObjectMapper().readTree(InferCommand.toJson("tanh-q12", r));
    assertEquals("tanh-q12", j.get("model").asText());
    assertEquals("[5,-7,9]", j.get("scores").toString());
    assertEquals(2, j.get("label").asInt());
    assertEquals(2, j.get("layers").size());
    JsonNode l = j.get("layers").get(1);
    assertEquals("tanh/exp", l.get("scope").asText());
    assertEquals(3, l.get("bytes").asLong());
    assertEquals(1, l.get("rounds").asLong());
    assertEquals(0.25, l.get("millis").asDouble());
    String text = InferCommand.toText("tanh-q12", r);
    assertTrue(text.contains("label 2") && text.contains("5 -7 9") && text.contains("tanh/exp"), text);
  }

  @Test
  void serveRefusesIncompleteTlsFlagsWithAUsageError() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new ServeCommand()).setErr(new PrintWriter(err)).execute("--port", "0",
        "--metrics-port", "-1", "--tls-cert", tmp.resolve("c.pem").toString());
    assertEquals(2, code);
    assertTrue(err.toString().contains("mutual TLS needs --tls-cert, --tls-key and --tls-ca"), err.toString());

    StringWriter err2 = new StringWriter();
    assertEquals(2, new CommandLine(new ServeCommand()).setErr(new PrintWriter(err2)).execute("--insecure",
        "--server", "nohostport", "--metrics-port", "-1"));
    assertTrue(err2.toString().contains("--server must be HOST:PORT"), err2.toString());
  }
}
