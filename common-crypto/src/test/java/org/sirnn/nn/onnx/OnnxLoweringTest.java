package org.sirnn.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.nn.graph.GraphProgram;
import org.sirnn.nn.graph.PlanNode;
import org.sirnn.nn.model.FloatModel;

/**
 * Each lowering on graphs built in Java, against onnxruntime (float within 1e-4), and secure == twin bit for bit
 * where a graph mixes several lowerings.
 */
class OnnxLoweringTest {
  @TempDir
  Path dir;

  private static String[] in(String... s) {
    return s;
  }

  private static List<String> ops(FloatModel m) {
    return ((GraphProgram) m.architecture()).plan().nodes().stream().map(PlanNode::op).toList();
  }

  @Test
  void transposeSliceGatherSqueezeConcatFlattenMatMul() throws Exception {
    OnnxBuilder b = new OnnxBuilder(1).input(3, 4)
        .node("Transpose", "x", "t", "perm", new long[] {0, 2, 1})
        .ints("starts", new long[] {1}, 1).ints("ends", new long[] {3}, 1).ints("axes", new long[] {1}, 1)
        .node("Slice", in("t", "starts", "ends", "axes"), in("s"))
        .ints("idx", new long[] {2, 0}, 2)
        .node("Gather", in("x", "idx"), in("g"), "axis", 1L)
        .ints("ax1", new long[] {1}, 1)
        .node("Unsqueeze", in("s", "ax1"), in("u"))
        .node("Squeeze", in("u", "ax1"), in("q"))
        .node("Concat", in("q", "g"), in("c"), "axis", 2L)
        .node("Flatten", "c", "f", "axis", 1L)
        .random("W", 0.5, 14, 5).random("bias", 0.5, 5)
        .node("MatMul", in("f", "W"), in("m"))
        .node("Add", in("m", "bias"), in("a"))
        .node("Tanh", "a", "y").output("y");
    FloatModel m = ImportCheck.check(dir, "layout", b.bytes(), true);
    assertTrue(ops(m).contains("gather") && ops(m).contains("concat"), ops(m).toString());
  }

  @Test
  void elementwiseWithConstantsAndBroadcast() throws Exception {
    OnnxBuilder b = new OnnxBuilder(2).input(6)
        .init("two", new float[] {2}).init("four", new float[] {4}).init("one", new float[] {1})
        .random("vec", 1, 6).init("half", new float[] {0.5f}, 1)
        .node("Sigmoid", "x", "a")
        .node("Mul", in("a", "x"), in("m"))
        .node("Sub", in("two", "m"), in("c"))
        .node("Div", in("c", "four"), in("d"))
        .node("Sub", in("d", "vec"), in("e"))
        .node("Mul", in("x", "half"), in("xh"))
        .node("Add", in("e", "xh"), in("f"))
        .ints("s0", new long[] {0}, 1).ints("s1", new long[] {1}, 1).ints("ax", new long[] {1}, 1)
        .node("Slice", in("x", "s0", "s1", "ax"), in("col"))
        .node("Mul", in("f", "col"), in("bc"))
        .node("Neg", "bc", "n")
        .node("Relu", "n", "r")
        .node("Sub", in("one", "r"), in("y")).output("y");
    FloatModel m = ImportCheck.check(dir, "elementwise", b.bytes(), true);
    assertTrue(ops(m).containsAll(List.of("addConst", "mulConst", "neg", "oneMinus", "mul", "relu")), ops(m)
        .toString());
  }

  @Test
  void batchAxisMovesAreRelabelsAndGemmAttributes() throws Exception {
    OnnxBuilder b = new OnnxBuilder(3).input(3, 4)
        .node("Transpose", "x", "t", "perm", new long[] {1, 0, 2})
        .random("W", 0.5, 4, 5)
        .node("MatMul", in("t", "W"), in("m"))
        .node("Transpose", "m", "back", "perm", new long[] {1, 0, 2})
        .ints("shape", new long[] {0, -1}, 2)
        .node("Reshape", in("back", "shape"), in("flat"))
        .random("G", 0.5, 6, 15).random("C", 0.5, 1, 6)
        .node("Gemm", in("flat", "G", "C"), in("y"), "transB", 1L, "alpha", 0.5, "beta", 2.0).output("y");
    FloatModel m = ImportCheck.check(dir, "gemm", b.bytes(), true);
    assertEquals(List.of("dense", "dense"), ops(m), "transposes of the batch axis and reshapes are free");
  }

  @Test
  void gruResetFirstWithGivenStateAndSequenceOutput() throws Exception {
    int h = 5;
    OnnxBuilder b = new OnnxBuilder(4).input(4, 3)
        .node("Transpose", "x", "xt", "perm", new long[] {1, 0, 2})
        .ints("s0", new long[] {0}, 1).ints("s1", new long[] {1}, 1).ints("ax", new long[] {1}, 1)
        .node("Slice", in("x", "s0", "s1", "ax"), in("first"))
        .random("H0", 0.5, 3, h)
        .node("MatMul", in("first", "H0"), in("h0b"))
        .node("Tanh", "h0b", "h0t")
        .node("Transpose", "h0t", "h0", "perm", new long[] {1, 0, 2})
        .random("W", 0.6, 1, 3 * h, 3).random("R", 0.6, 1, 3 * h, h).random("B", 0.5, 1, 6 * h)
        .node("GRU", in("xt", "W", "R", "B", "", "h0"), in("Y", "Yh"), "hidden_size", (long) h)
        .ints("ax1", new long[] {1}, 1)
        .node("Squeeze", in("Y", "ax1"), in("ys"))
        .node("Transpose", "ys", "yb", "perm", new long[] {1, 0, 2})
        .node("Flatten", "yb", "y", "axis", 1L).output("y");
    ImportCheck.check(dir, "gru-lbr0", b.bytes(), true);
  }

  @Test
  void lstmAndRnnWithStateOutputs() throws Exception {
    int h = 4;
    OnnxBuilder b = new OnnxBuilder(5).input(3, 2)
        .node("Transpose", "x", "xt", "perm", new long[] {1, 0, 2})
        .random("W", 0.6, 1, 4 * h, 2).random("R", 0.6, 1, 4 * h, h).random("B", 0.5, 1, 8 * h)
        .node("LSTM", in("xt", "W", "R", "B"), in("Y", "Yh", "Yc"), "hidden_size", (long) h)
        .random("W2", 0.6, 1, h, 2).random("R2", 0.6, 1, h, h)
        .node("RNN", in("xt", "W2", "R2"), in("", "Zh"), "hidden_size", (long) h)
        .node("Concat", in("Yh", "Yc", "Zh"), in("c"), "axis", 2L)
        .ints("ax0", new long[] {0}, 1)
        .node("Squeeze", in("c", "ax0"), in("y")).output("y");
    ImportCheck.check(dir, "lstm-rnn", b.bytes(), true);
  }

  @Test
  void conv1dWithFoldedBatchNormAndGlobalPool() throws Exception {
    OnnxBuilder b = new OnnxBuilder(6).input(2, 9)
        .random("K", 0.5, 3, 2, 3).random("kb", 0.2, 3)
        .node("Conv", in("x", "K", "kb"), in("c"), "pads", new long[] {2, 1}, "strides", new long[] {2},
            "dilations", new long[] {2})
        .init("gamma", new float[] {1.5f, 0.5f, 1f}, 3).init("beta", new float[] {0.1f, -0.2f, 0.3f}, 3)
        .init("mean", new float[] {0.2f, 0f, -0.1f}, 3).init("var", new float[] {0.5f, 2f, 1f}, 3)
        .node("BatchNormalization", in("c", "gamma", "beta", "mean", "var"), in("bn"))
        .node("Relu", "bn", "r")
        .node("GlobalAveragePool", "r", "g")
        .node("Flatten", "g", "y", "axis", 1L).output("y");
    FloatModel m = ImportCheck.check(dir, "conv1d", b.bytes(), true);
    assertTrue(!ops(m).contains("mulConst") || ops(m).indexOf("mulConst") > ops(m).indexOf("sumpool"),
        "the BatchNormalization is folded into the Conv: " + ops(m));
  }

  @Test
  void conv2dWithStandaloneBatchNormAndPools() throws Exception {
    OnnxBuilder b = new OnnxBuilder(7).input(1, 6, 6)
        .random("K", 0.5, 2, 1, 3, 3)
        .node("Conv", in("x", "K"), in("c"), "pads", new long[] {1, 1, 1, 1})
        .init("gamma", new float[] {1.5f, 0.5f}, 2).init("beta", new float[] {0.1f, -0.2f}, 2)
        .init("mean", new float[] {0.2f, 0f}, 2).init("var", new float[] {0.5f, 2f}, 2)
        .node("BatchNormalization", in("c", "gamma", "beta", "mean", "var"), in("bn"))
        .node("Add", in("bn", "c"), in("s"))
        .node("MaxPool", "s", "mp", "kernel_shape", new long[] {3, 3}, "strides", new long[] {1, 1})
        .node("AveragePool", "mp", "ap", "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2})
        .node("Flatten", "ap", "y", "axis", 1L).output("y");
    FloatModel m = ImportCheck.check(dir, "conv2d", b.bytes(), true);
    assertTrue(ops(m).containsAll(List.of("maxpool", "sumpool", "mulConst", "addConst")), ops(m).toString());
  }

  @Test
  void finalArgMaxRunsOnTheClient() throws Exception {
    OnnxBuilder b = new OnnxBuilder(9).input(6).random("W", 1, 4, 6).random("bias", 1, 4)
        .node("Gemm", in("x", "W", "bias"), in("s"), "transB", 1L)
        .node("ArgMax", "s", "y", "axis", 1L, "keepdims", 1L).output("y", 7);
    java.nio.file.Files.write(dir.resolve("argmax.onnx"), b.bytes());
    FloatModel m = OnnxImport.floatModel(dir.resolve("argmax.onnx"), "argmax");
    GraphProgram p = (GraphProgram) m.architecture();
    assertEquals("argmax", p.plan().post());
    assertEquals(4, p.plan().outputCols(), "the plan outputs the scores; the client takes their argmax");
    int n = 20;
    double[] x = ImportCheck.gaussian(n * 6, 3);
    int[] ours = org.sirnn.nn.model.Inference.argmax(org.sirnn.nn.model.Inference.real(m, x, n), 4);
    float[] ort = OrtOracle.run(b.bytes(), x, new long[] {n, 6});
    for (int i = 0; i < n; i++) {
      assertEquals(ort[i], ours[i], "sample " + i);
    }
  }

  @Test
  void shapeSubgraphFoldsWithASymbolicBatch() throws Exception {
    OnnxBuilder b = new OnnxBuilder(8).input(2, 3)
        .node("Shape", "x", "shp")
        .ints("i0", new long[] {0}, 1)
        .node("Gather", in("shp", "i0"), in("bsz"), "axis", 0L)
        .ints("rest", new long[] {6}, 1)
        .node("Concat", in("bsz", "rest"), in("target"), "axis", 0L)
        .node("Reshape", in("x", "target"), in("flat"))
        .node("ConstantOfShape", "target", "zeros")
        .init("three", new float[] {3}, 1)
        .node("Expand", in("three", "target"), in("threes"))
        .node("Add", in("flat", "zeros"), in("a"))
        .node("Mul", in("a", "threes"), in("y")).output("y");
    FloatModel m = ImportCheck.check(dir, "shape-fold", b.bytes(), true);
    assertEquals(List.of("zeros", "zeros", "addConst", "add", "mul"), ops(m),
        "Shape/Gather/Concat fold to [B, 6]; the Reshape is free; ConstantOfShape/Expand are batch constants");
  }
}
