package org.sirnn.nn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.Traffic;
import org.sirnn.nn.Google30Model;
import org.sirnn.nn.model.Architecture;
import org.sirnn.nn.model.ArchitecturesSecureTest;
import org.sirnn.nn.model.FloatModel;
import org.sirnn.nn.model.GruNet;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.ModelSpec;
import org.sirnn.nn.ops.RealTensor;
import org.sirnn.nn.quant.Quantiser;
import org.sirnn.test.LoopbackGrpc;

/**
 * {@code "reveal": "label"}: the session opens only each sample's label, found by a secure argmax; the plan's
 * fingerprint covers the mode (a client and a server disagreeing on it are refused); the twin gives the same labels,
 * the argmax of its scores; the repository reads the mode from model.json for layer programs and Google-30, and
 * refuses it where the outputs are not class scores.
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LabelRevealTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A small GRU classifier with 12 classes (not a power of two), quantised. */
  private static Quantiser.Quantised gru12() {
    FloatModel m = ArchitecturesSecureTest.randomModel("gru12", GruNet.KIND, Map.of("steps", 2, "features", 3,
        "hidden", 4, "classes", 12));
    Architecture a = m.architecture();
    return Quantiser.quantise(m, new RealTensor(ArchitecturesSecureTest.randomInputs(16, a.inputCols(), 1), 16,
        a.inputCols()), Quantiser.Options.defaults());
  }

  @Test
  void labelOnlySessionOverGrpc_returnsOnlyTheLabels_equalToTheTwinsArgmax() throws Exception {
    Quantiser.Quantised q = gru12();
    LayerProgramModel scores = new LayerProgramModel(q.spec(), q.weights(), null);
    LayerProgramModel server = new LayerProgramModel(q.spec(), q.weights(), null, ModelPlan.Reveal.LABEL);
    LayerProgramModel client = new LayerProgramModel(q.spec(), null, null, ModelPlan.Reveal.LABEL);
    int batch = 5;
    long[] x = scores.encode(ArchitecturesSecureTest.randomInputs(batch, scores.plan().inputCols(), 7));
    ModelPlan plan = client.plan();
    assertTrue(plan.revealsLabel());
    assertEquals(1, plan.outputCols());
    assertEquals(12, plan.classes());
    assertEquals(0, plan.outputScale());
    assertNull(client.probabilities(new long[batch]));
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(ModelRepository.of(server)),
        FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open(plan.name(), SessionRunner.header(client, batch));
      long[] y = SessionRunner.runClient(ch, client, x, batch);
      ch.close();
      assertEquals(batch, y.length, "one label per sample, no scores");
      long[] twinScores = scores.twin(x, batch);
      int[] want = Inference.argmax(twinScores, 12);
      assertArrayEquals(Arrays.stream(want).asLongStream().toArray(), y);
      assertArrayEquals(server.twin(x, batch), y, "the label-only twin");
      assertArrayEquals(want, plan.labelsOf(y));
      Map<String, Traffic.Stats> layers = ch.traffic().snapshot();
      assertTrue(layers.containsKey("argmax"), layers.keySet().toString());
      assertTrue(layers.get("argmax").rounds() > 0 && layers.get("argmax").bytes() > 0);
      // the opening carries 4-bit labels only, not 12 scores of 16 bits per sample
      assertTrue(layers.get("open").bytes() < 12 * 2 * batch, "open: " + layers.get("open"));
    }
  }

  @Test
  void theRevealModeIsInTheFingerprint_aScoresClientIsRefusedByALabelServer() throws Exception {
    Quantiser.Quantised q = gru12();
    LayerProgramModel server = new LayerProgramModel(q.spec(), q.weights(), null, ModelPlan.Reveal.LABEL);
    LayerProgramModel scoresClient = new LayerProgramModel(q.spec(), null, null);
    assertFalse(Arrays.equals(server.plan().fingerprint(), scoresClient.plan().fingerprint()));
    assertArrayEquals(server.plan().fingerprint(),
        new LayerProgramModel(q.spec(), null, null, ModelPlan.Reveal.LABEL).plan().fingerprint());
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(ModelRepository.of(server)),
        FrameChannel.Options.defaults())) {
      ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
          () -> link.open(server.plan().name(), SessionRunner.header(scoresClient, 1)));
      assertTrue(e.getMessage().contains("plan differs"), e.getMessage());
    }
    Google30Program g = new Google30Program(null, false);
    Google30Program gl = new Google30Program(null, false, "google30-label", ModelPlan.Reveal.LABEL);
    assertFalse(Arrays.equals(g.plan().fingerprint(), gl.plan().fingerprint()));
    assertEquals("google30-label", gl.plan().name());
    assertThrows(IllegalStateException.class, () -> gl.plan().revealingLabel());
  }

  @Test
  void repositoryReadsRevealForLayerProgramsAndRefusesBadValues(@TempDir Path dir) throws Exception {
    Quantiser.Quantised q = gru12();
    ModelSpec s = q.spec();
    for (String name : List.of("scores-model", "label-model", "bad-model", "heads-label")) {
      ModelSpec named = new ModelSpec(name, s.kind(), s.description(), s.dims(), s.bits(), s.inputScale(),
          s.tensors(), s.opScales(), s.labels());
      Path d = Files.createDirectories(dir.resolve(name));
      ModelFiles.writeSpec(d, named);
      ModelFiles.writeWeights(d, named, q.weights());
    }
    setField(dir.resolve("label-model"), "reveal", "label");
    setField(dir.resolve("bad-model"), "reveal", "probabilities");
    setField(dir.resolve("heads-label"), "reveal", "label");
    setField(dir.resolve("heads-label"), "kind", "heads");
    for (ModelRepository.Holder h : ModelRepository.Holder.values()) {
      ModelRepository repo = ModelRepository.open(dir, h);
      assertFalse(repo.get("scores-model").plan().revealsLabel());
      ModelPlan label = repo.get("label-model").plan();
      assertTrue(label.revealsLabel());
      assertEquals(12, label.classes());
      IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> repo.get("bad-model"));
      assertTrue(bad.getMessage().contains("reveal 'probabilities' is not one of \"scores\", \"label\"")
          && bad.getMessage().contains("model.json"), bad.getMessage());
      IllegalArgumentException heads = assertThrows(IllegalArgumentException.class, () -> repo.get("heads-label"));
      assertTrue(heads.getMessage().contains("heads outputs detection maps"), heads.getMessage());
    }
  }

  private static void setField(Path d, String key, String value) throws Exception {
    Path f = d.resolve(ModelFiles.SPEC);
    ObjectNode o = (ObjectNode) JSON.readTree(f.toFile());
    o.put(key, value);
    JSON.writeValue(f.toFile(), o);
  }

  @Test
  void bundledGoogle30Label_twinGivesLabel24_theArgmaxOfGoogle30sScores() throws Exception {
    Path models = Path.of("..", "models");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(models.resolve("google30-label")
        .resolve(ModelFiles.SPEC)), "bundled models not found");
    ModelRepository repo = ModelRepository.open(models, ModelRepository.Holder.BOTH);
    ServedModel label = repo.get("google30-label");
    ServedModel scores = repo.get("google30");
    assertTrue(label.plan().revealsLabel());
    assertEquals("google30-label", label.plan().name());
    assertEquals(Google30Model.CLASSES, label.plan().classes());
    long[] x = Google30Model.loadInput(models.resolve("google30").resolve("input.txt"));
    long[] s = scores.twin(x, 1);
    assertEquals(24, Inference.argmax(s, Google30Model.CLASSES)[0]);
    assertArrayEquals(new long[] {24}, label.twin(x, 1));
    // the client's copy (metadata only) builds the same plan
    ModelPlan client = ModelRepository.open(models, ModelRepository.Holder.CLIENT).get("google30-label").plan();
    assertArrayEquals(label.plan().fingerprint(), client.fingerprint());
  }
}
