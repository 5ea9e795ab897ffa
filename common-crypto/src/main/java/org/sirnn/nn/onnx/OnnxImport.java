package org.sirnn.nn.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sirnn.nn.graph.GraphProgram;
import org.sirnn.nn.model.FloatModel;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.Npy;
import org.sirnn.nn.ops.RealTensor;
import org.sirnn.nn.quant.Quantiser;

/**
 * The model owner's import: an ONNX file and calibration inputs become one of our model directories
 * ({@code out/name/}: public {@code model.json} with the program, server-only {@code weights.json}, and
 * {@code float-weights.json}), which the generic pipeline runs as float reference, fixed-point twin and secure
 * inference. Steps: {@link OnnxReader} -> {@link GraphLowering} (fold, lower) -> {@link Quantiser} (power-of-two
 * scales from the ranges the float program reaches on the calibration inputs) -> {@link ModelFiles}.
 */
public final class OnnxImport {
  /** What an import did. */
  public record Report(Path dir, int onnxNodes, int planNodes, int tensors, long weights, double seconds) {}

  private OnnxImport() {}

  /**
   * Imports {@code onnx} with calibration inputs {@code calibrationNpy} (shape [n, ...the ONNX input's dims
   * without the batch]) at {@code bits}-bit activations (8..32) and min(bits, 16)-bit weights (so a matVec's exact
   * product fits the 64-bit ring).
   */
  public static Report importModel(Path onnx, Path calibrationNpy, String name, Path outDir, int bits)
      throws IOException {
    long t0 = System.nanoTime();
    FloatModel m = floatModel(onnx, name);
    GraphProgram program = (GraphProgram) m.architecture();
    RealTensor calib = samples(calibrationNpy, program.plan().inputShape());
    Quantiser.Quantised q = Quantiser.quantise(m, calib, new Quantiser.Options(bits, Math.min(bits, 16), 1));
    Path dir = outDir.resolve(name);
    ModelFiles.writeSpec(dir, q.spec());
    ModelFiles.writeWeights(dir, q.spec(), q.weights());
    ModelFiles.writeFloat(dir, m);
    long count = m.weights().values().stream().mapToLong(v -> v.length).sum();
    return new Report(dir, m.dims().get("onnxNodes"), program.plan().nodes().size(), m.weights().size(), count,
        (System.nanoTime() - t0) / 1e9);
  }

  /** The float model of an ONNX file: its program and float weights (no quantisation). */
  public static FloatModel floatModel(Path onnx, String name) throws IOException {
    GraphLowering.Lowered l = GraphLowering.lower(OnnxReader.read(onnx), onnx.toString());
    Map<String, Integer> dims = new LinkedHashMap<>();
    dims.put("onnxNodes", l.onnxNodes());
    dims.put("inputCols", l.plan().inputCols());
    dims.put("classes", l.plan().outputCols());
    return new FloatModel(name, GraphProgram.KIND, "imported from " + onnx.getFileName() + " (post-processing "
        + l.plan().post() + ")", dims, l.weights(), List.of(), l.plan());
  }

  /** Inputs from a .npy of shape [n, ...inputShape] as n rows. */
  public static RealTensor samples(Path npy, int[] inputShape) throws IOException {
    Npy.Array a = Npy.read(npy);
    int[] s = a.shape();
    if (s.length != inputShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), inputShape)) {
      throw new IllegalArgumentException(npy + ": shape " + Arrays.toString(s) + ", expected [n, "
          + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "") + "] (the model input without the batch)");
    }
    return new RealTensor(a.values(), s[0], OnnxTensor.size(inputShape));
  }
}
