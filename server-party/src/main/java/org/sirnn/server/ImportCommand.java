package org.sirnn.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sirnn.nn.onnx.OnnxImport;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code import --onnx FILE --calibration FILE.npy --name NAME --out DIR [--bits 16]}: the model owner's tool. Reads
 * an ONNX model (the supported ops: docs/models.md, "Bring your own model"), picks power-of-two scales from the
 * ranges the float program reaches on the calibration inputs, and writes {@code DIR/NAME/model.json} (public: the
 * program, shapes and scales), {@code weights.json} (server only) and {@code float-weights.json}. It then loads the
 * result back through the model repository and runs the twin on the first calibration input, so a written model
 * always serves. Prints one line: what was written, node counts and the time taken. Errors (an unsupported op names
 * the node, its type and the supported list) exit with 2.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import an ONNX model: writes DIR/NAME/{model.json, weights.json, float-weights.json}.")
public final class ImportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--onnx", required = true, description = "the ONNX model file")
  Path onnx;

  @Option(names = "--calibration", required = true, description = ".npy of calibration inputs, shape [n, ...the"
      + " ONNX input's dims without the batch]")
  Path calibration;

  @Option(names = "--name", required = true, description = "the model's name (its directory under --out)")
  String name;

  @Option(names = "--out", required = true, description = "the model directory to write into")
  Path out;

  @Option(names = "--bits", description = "activation bitwidth, 8..32 (weights: min(bits, 16)); default"
      + " ${DEFAULT-VALUE}")
  int bits = 16;

  @Override
  public Integer call() throws Exception {
    try {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        throw new IllegalArgumentException("--name '" + name + "': use letters, digits, '.', '_' and '-' (at most"
            + " 64, not starting with a punctuation mark)");
      }
      for (Path p : new Path[] {onnx, calibration}) {
        if (!Files.isRegularFile(p)) {
          throw new IllegalArgumentException(p + ": no such file");
        }
      }
      OnnxImport.Report r = OnnxImport.importModel(onnx, calibration, name, out, bits);
      ServedModel m = ModelRepository.open(out, ModelRepository.Holder.BOTH).get(name);
      double[] calib = OnnxImport.samples(calibration, m.plan().inputShape()).v();
      m.twin(m.encode(java.util.Arrays.copyOf(calib, m.plan().inputCols())), 1);
      spec.commandLine().getOut().printf("imported %s -> %s: %d ONNX nodes, %d plan nodes, %d weight tensors (%d"
          + " values), input %s at scale %d, %d outputs at scale %d, in %.2f s%n", onnx, r.dir(), r.onnxNodes(),
          r.planNodes(), r.tensors(), r.weights(), java.util.Arrays.toString(m.plan().inputShape()),
          m.plan().inputScale(), m.plan().outputCols(), m.plan().outputScale(), r.seconds());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (IllegalArgumentException | java.io.IOException e) {
      spec.commandLine().getErr().println("import: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
  }
}
