package org.sirnn.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.nn.graph.GraphPlan;
import org.sirnn.nn.graph.PlanNode;
import org.sirnn.nn.model.LabelledSamples;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.ModelSpec;

/**
 * An imported model directory: model.json carries the program (no weight values), reads back to the same
 * fingerprint, the fingerprint covers the program, and samples of the ONNX input's shape read as rows.
 */
class GraphPlanFilesTest {
  @Test
  void programRoundTripsAndIsFingerprinted(@TempDir Path out) throws Exception {
    Path fx = OnnxFixturesTest.FIXTURES.resolve("conv-digits");
    OnnxImport.Report r = OnnxImport.importModel(fx.resolve("model.onnx"), fx.resolve("calibration.npy"), "conv",
        out, 16);
    ModelSpec spec = ModelFiles.readSpec(r.dir());
    GraphPlan p = spec.program();
    assertEquals("none", p.post());
    assertArrayEquals(new int[] {1, 8, 8}, p.inputShape());
    assertEquals(10, p.outputCols());
    ModelFiles.writeSpec(out.resolve("copy"), spec);
    assertArrayEquals(spec.fingerprint(), ModelFiles.readSpec(out.resolve("copy")).fingerprint());
    String json = Files.readString(r.dir().resolve(ModelFiles.SPEC));
    assertFalse(json.contains("\"values\""), "model.json holds no weight values");

    PlanNode first = p.nodes().get(0);
    int[] index = first.ints("index");
    index[0] = index[0] == 0 ? 1 : 0;
    java.util.Map<String, int[]> ints = new java.util.LinkedHashMap<>(first.ints());
    ints.put("index", index);
    List<PlanNode> nodes = new java.util.ArrayList<>(p.nodes());
    nodes.set(0, new PlanNode(first.op(), first.name(), first.inputs(), first.outputs(), ints, first.weights()));
    GraphPlan other = new GraphPlan(p.input(), p.inputShape(), p.output(), p.outputCols(), p.post(), nodes,
        p.tensors());
    ModelSpec changed = new ModelSpec(spec.name(), spec.kind(), spec.description(), spec.dims(), spec.bits(),
        spec.inputScale(), spec.tensors(), spec.opScales(), spec.labels(), other);
    assertFalse(Arrays.equals(spec.fingerprint(), changed.fingerprint()), "the fingerprint covers the program");

    Files.copy(fx.resolve("samples.npy"), r.dir().resolve(ModelFiles.SAMPLES));
    Files.copy(fx.resolve("labels.json"), r.dir().resolve(ModelFiles.LABELS));
    LabelledSamples s = ModelFiles.readSamples(r.dir());
    assertEquals(100, s.n());
    assertEquals(64, s.inputCols());
    assertTrue(ModelFiles.readFloat(r.dir()).program() != null);
  }
}
