package org.sirnn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.client.bench.BenchCommand;
import org.sirnn.nn.model.LabelledSamples;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.Npy;
import picocli.CommandLine;

/**
 * {@code infer} without {@code --server}, {@code accuracy} and {@code bench model} on the bundled USPS model (one
 * secure session each over loopback gRPC), and their errors. Run with client-party/ as working directory.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalModelCommandsTest {
  private static final Path MODELS = Path.of("..", "models");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private record Result(int code, String out, String err) {}

  private static Result run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void inferLocallyFromAOneSampleNpyAndFromARowOfABatch() throws Exception {
    LabelledSamples s = ModelFiles.readSamples(MODELS.resolve("usps"));
    assertEquals(9, s.labels()[0]);
    assertEquals(6, s.labels()[1]);
    // sample 0 as a 1-D float .npy of 16 x 16 pixels (3-D would do as well: trailing dims flatten)
    Path one = tmp.resolve("zero.npy");
    Npy.writeFloat32(one, s.row(0), 1, 16, 16);
    Result r = run(new InferCommand(), "--model", "usps", "--input", one.toString(), "--models", MODELS.toString(),
        "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = JSON.readTree(r.out());
    assertEquals("usps", j.get("model").asText());
    assertEquals(9, j.get("label").asInt());
    assertEquals("9", j.get("label_name").asText());
    assertEquals(10, j.get("scores").size());
    assertEquals(9, j.get("scale").asInt());
    assertTrue(j.get("bytes").asLong() > 0 && j.get("rounds").asLong() > 0 && j.get("millis").asDouble() > 0);
    assertTrue(j.get("layers").size() >= 3, j.toString());
    boolean cell = false;
    for (JsonNode l : j.get("layers")) {
      cell |= l.get("scope").asText().equals("cell");
      assertTrue(l.has("bytes") && l.has("rounds") && l.has("millis"), l.toString());
    }
    assertTrue(cell, "per-layer rows include the recurrent cell: " + j.get("layers"));
    // offline (the setup scope) + online = the session
    assertEquals(j.get("bytes").asLong(), j.get("offline").get("bytes").asLong() + j.get("online").get("bytes")
        .asLong());
    assertEquals(j.get("rounds").asLong(), j.get("offline").get("rounds").asLong() + j.get("online").get("rounds")
        .asLong());
    assertEquals(j.get("layers").get(0).get("bytes").asLong(), j.get("offline").get("bytes").asLong(),
        "offline is the setup scope");

    // row 1 of the bundled [10, 256] batch, text output
    Result r1 = run(new InferCommand(), "--model", "usps", "--input", MODELS.resolve("usps/samples.npy").toString(),
        "--sample", "1", "--models", MODELS.toString());
    assertEquals(0, r1.code(), r1.err());
    assertTrue(r1.out().startsWith("model usps: label 6 '6'"), r1.out());
  }

  @Test
  void accuracyOnFourSamplesAgreesWithTwinAndLabels() throws Exception {
    Result r = run(new AccuracyCommand(), "usps", "--limit", "4", "--models", MODELS.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("4/4 score vectors equal the twin"), r.err());
    String[] lines = r.out().strip().split("\n");
    assertEquals(1, lines.length, r.out());
    JsonNode j = JSON.readTree(lines[0]);
    assertEquals("usps", j.get("model").asText());
    assertEquals(4, j.get("n").asInt());
    assertEquals(4, j.get("correct").asInt());
    assertEquals(4, j.get("agree_with_fixed_point_twin").asInt());
    assertEquals(4, j.get("agree_with_float").asInt());
    assertEquals(4, j.get("accuracy_fixed_point").asInt());
    assertEquals(4, j.get("accuracy_float").asInt());
    assertTrue(j.get("bytes").asLong() > 0 && j.get("rounds").asLong() > 0, j.toString());
  }

  @Test
  void benchModelUspsTotalMatchesTwin() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int code;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      code = new CommandLine(new BenchCommand()).execute("model", "usps", "--models", MODELS.toString());
    } finally {
      System.setOut(old);
    }
    String all = buf.toString(StandardCharsets.UTF_8);
    // the JSON lines; a log line of the in-process parties may land on the same stream
    String[] lines = all.lines().filter(l -> l.startsWith("{")).toArray(String[]::new);
    assertEquals(0, code, all);
    assertTrue(lines.length >= 4, String.join("\n", lines));
    JsonNode total = JSON.readTree(lines[lines.length - 1]);
    assertEquals("usps/total", total.get("op").asText());
    assertTrue(total.get("matches_twin").asBoolean(), total.toString());
    assertEquals(9, total.get("label").asInt());
    double projected = total.get("millis").asDouble() / 1000 + total.get("rounds").asLong() * 0.0004
        + total.get("bytes").asLong() / 377e6;
    assertEquals(projected, total.get("lan_projected_s").asDouble(), 0.002);
    assertFalse(total.has("paper_lan_s"));
    JsonNode layer = JSON.readTree(lines[0]);
    assertTrue(layer.has("scope") && layer.has("bytes") && layer.has("rounds") && layer.has("millis"),
        layer.toString());
  }

  @Test
  void errorsAreClearWithExitCode2() throws Exception {
    Result unknown = run(new InferCommand(), "--model", "nope", "--input", MODELS.resolve("usps/samples.npy")
        .toString(), "--models", MODELS.toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("no model named 'nope'") && unknown.err().contains("usps"), unknown.err());

    Path three = Files.writeString(tmp.resolve("three.txt"), "1\n2\n3\n");
    Result shortText = run(new InferCommand(), "--model", "usps", "--input", three.toString(), "--models",
        MODELS.toString());
    assertEquals(2, shortText.code());
    assertTrue(shortText.err().contains("3 input values; model usps takes 256"), shortText.err());

    Path wrongNpy = tmp.resolve("wrong.npy");
    Npy.writeFloat32(wrongNpy, new double[100], 100);
    Result shortNpy = run(new InferCommand(), "--model", "usps", "--input", wrongNpy.toString(), "--models",
        MODELS.toString());
    assertEquals(2, shortNpy.code());
    assertTrue(shortNpy.err().contains("shape [100] does not end in dimensions of 256 values"), shortNpy.err());

    Result badSample = run(new InferCommand(), "--model", "usps", "--input", MODELS.resolve("usps/samples.npy")
        .toString(), "--sample", "10", "--models", MODELS.toString());
    assertEquals(2, badSample.code());
    assertTrue(badSample.err().contains("has 10 samples"), badSample.err());

    Path notNpy = Files.writeString(tmp.resolve("junk.npy"), "not numpy");
    Result junk = run(new InferCommand(), "--model", "usps", "--input", notNpy.toString(), "--models",
        MODELS.toString());
    assertEquals(2, junk.code());
    assertTrue(junk.err().contains("not a .npy file"), junk.err());

    Result acc = run(new AccuracyCommand(), "nope", "--models", MODELS.toString());
    assertEquals(2, acc.code());
    assertTrue(acc.err().contains("no model named 'nope'"), acc.err());
    assertEquals("", acc.out());
  }
}
