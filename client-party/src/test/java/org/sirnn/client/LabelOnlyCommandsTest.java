package org.sirnn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.nn.model.LabelledSamples;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.Npy;
import org.sirnn.proto.LayerStats;
import org.sirnn.proto.PredictResponse;
import picocli.CommandLine;

/**
 * A model published with {@code "reveal": "label"} (the bundled USPS model, copied as {@code usps-label}): {@code
 * infer --json} prints the label and its name but no scores, the text output likewise; {@code accuracy} still
 * agrees with the twin; an Inference API answer without scores prints as label only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LabelOnlyCommandsTest {
  private static final Path MODELS = Path.of("..", "models");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  /** DIR/usps-label: the bundled USPS files, named usps-label, revealing only the label. */
  static Path labelModels(Path dir) throws IOException {
    Path d = Files.createDirectories(dir.resolve("usps-label"));
    for (String f : List.of(ModelFiles.SPEC, ModelFiles.WEIGHTS, ModelFiles.FLOAT, ModelFiles.SAMPLES,
        ModelFiles.LABELS)) {
      Files.copy(MODELS.resolve("usps").resolve(f), d.resolve(f));
    }
    ObjectNode spec = (ObjectNode) JSON.readTree(d.resolve(ModelFiles.SPEC).toFile());
    spec.put("name", "usps-label");
    spec.put("reveal", "label");
    JSON.writeValue(d.resolve(ModelFiles.SPEC).toFile(), spec);
    return dir;
  }

  private record Result(int code, String out, String err) {}

  private static Result run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void inferJsonPrintsOnlyTheLabel() throws Exception {
    Path models = labelModels(tmp.resolve("models"));
    LabelledSamples s = ModelFiles.readSamples(MODELS.resolve("usps"));
    Path one = tmp.resolve("nine.npy");
    Npy.writeFloat32(one, s.row(0), 1, 16, 16);
    Result r = run(new InferCommand(), "--model", "usps-label", "--input", one.toString(), "--models",
        models.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = JSON.readTree(r.out());
    assertEquals("usps-label", j.get("model").asText());
    assertEquals(9, j.get("label").asInt(), "the same label as usps's scores give");
    assertEquals("9", j.get("label_name").asText());
    assertEquals("label", j.get("reveal").asText());
    for (String absent : List.of("scores", "scale", "probabilities", "outputs", "error_vs_expected")) {
      assertFalse(j.has(absent), absent + " must not be printed: " + j);
    }
    boolean argmax = false;
    for (JsonNode l : j.get("layers")) {
      argmax |= l.get("scope").asText().equals("argmax");
    }
    assertTrue(argmax, "the secure argmax is a layer: " + j.get("layers"));
    assertTrue(j.get("bytes").asLong() > 0 && j.get("rounds").asLong() > 0);

    Result text = run(new InferCommand(), "--model", "usps-label", "--input", MODELS.resolve("usps/samples.npy")
        .toString(), "--sample", "1", "--models", models.toString());
    assertEquals(0, text.code(), text.err());
    assertTrue(text.out().startsWith("model usps-label: label 6 '6' (label only"), text.out());
    assertFalse(text.out().contains("scores:"), text.out());
  }

  @Test
  void accuracyOfALabelOnlyModelAgreesWithTheTwin() throws Exception {
    Path models = labelModels(tmp.resolve("models"));
    Result r = run(new AccuracyCommand(), "usps-label", "--limit", "3", "--models", models.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode j = JSON.readTree(r.out().strip());
    assertEquals(3, j.get("correct").asInt(), j.toString());
    assertEquals(3, j.get("agree_with_fixed_point_twin").asInt(), j.toString());
    assertEquals(3, j.get("agree_with_float").asInt(), j.toString());
  }

  @Test
  void anApiAnswerWithoutScoresPrintsTheLabelOnly() throws Exception {
    PredictResponse r = PredictResponse.newBuilder().setLabel(24).setLabelName("yes").addLabels(24)
        .setSessionId("s-2").addStats(LayerStats.newBuilder().setScope("argmax").setBytesSent(100)
            .setBytesReceived(50).setRounds(30).setMillis(2)).build();
    JsonNode j = JSON.readTree(InferCommand.toJson("google30-label", r));
    assertEquals(24, j.get("label").asInt());
    assertEquals("yes", j.get("label_name").asText());
    assertEquals("label", j.get("reveal").asText());
    assertFalse(j.has("scores") || j.has("scale"), j.toString());
    String text = InferCommand.toText("google30-label", r);
    assertTrue(text.startsWith("model google30-label: label 24 'yes' (label only"), text);
    assertFalse(text.contains("scores:"), text);
  }
}
