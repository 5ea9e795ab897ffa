package org.sirnn.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the import refuses, and how it says so: the node (index and name), its op type, and what is supported. */
class OnnxImportErrorsTest {
  @TempDir
  Path dir;

  private String error(OnnxBuilder b) throws Exception {
    Path f = dir.resolve("m.onnx");
    Files.write(f, b.bytes());
    return assertThrows(IllegalArgumentException.class, () -> OnnxImport.floatModel(f, "m")).getMessage();
  }

  private static void contains(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "'" + message + "' lacks '" + p + "'");
    }
  }

  @Test
  void unsupportedOpNamesNodeOpAndSupportedList() throws Exception {
    String m = error(new OnnxBuilder(1).input(4).node("Relu", "x", "r").node("LeakyRelu", "r", "y").output("y"));
    contains(m, "m.onnx: node 1 'leakyrelu_1' (LeakyRelu): op type LeakyRelu is not supported (supported ops: ",
        "GRU", "Gemm", "MatMul", "Conv", "MaxPool", "Softmax");
  }

  @Test
  void unsupportedAttributesAreNamed() throws Exception {
    int h = 2;
    OnnxBuilder gru = new OnnxBuilder(2).input(3, 2).node("Transpose", "x", "xt", "perm", new long[] {1, 0, 2})
        .random("W", 1, 2, 3 * h, 2).random("R", 1, 2, 3 * h, h)
        .node("GRU", new String[] {"xt", "W", "R"}, new String[] {"Y", "Yh"}, "hidden_size", (long) h,
            "direction", "bidirectional").output("Yh");
    contains(error(gru), "node 1 'gru_1' (GRU): direction 'bidirectional' is not supported (forward only)");
    OnnxBuilder conv = new OnnxBuilder(3).input(2, 4, 4).random("K", 1, 2, 1, 3, 3)
        .node("Conv", new String[] {"x", "K"}, new String[] {"y"}, "group", 2L).output("y");
    contains(error(conv), "node 0 'conv_0' (Conv): group 2 is not supported (group 1 only)");
  }

  @Test
  void softmaxOnlyAsTheFinalNode() throws Exception {
    OnnxBuilder b = new OnnxBuilder(4).input(4).node("Softmax", "x", "s", "axis", 1L).node("Relu", "s", "y")
        .output("y");
    contains(error(b), "node 0 'softmax_0' (Softmax): Softmax is supported only as the graph's final node");
  }

  @Test
  void nonLinearUsesOfTheBatchAreRefused() throws Exception {
    OnnxBuilder div = new OnnxBuilder(5).input(4).node("Sigmoid", "x", "s")
        .node("Div", new String[] {"x", "s"}, new String[] {"y"}).output("y");
    contains(error(div), "node 1 'div_1' (Div): Div of two activations is not supported");
    OnnxBuilder mix = new OnnxBuilder(6).input(4).ints("shape", new long[] {-1}, 1)
        .node("Reshape", new String[] {"x", "shape"}, new String[] {"y"}).output("y");
    contains(error(mix), "node 0 'reshape_0' (Reshape): the op moves values across samples");
  }
}
