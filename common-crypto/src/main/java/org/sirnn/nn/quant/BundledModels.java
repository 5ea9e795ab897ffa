package org.sirnn.nn.quant;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sirnn.nn.model.Architecture;
import org.sirnn.nn.model.FloatModel;
import org.sirnn.nn.model.LabelledSamples;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.ModelSpec;
import org.sirnn.nn.model.SharedDataImport;
import org.sirnn.nn.ops.RealTensor;

/**
 * Builds the bundled model directories from the shared data (run once by a developer; the results are committed
 * under {@code models/}, nothing is fetched at run time): imports google13, usps and the industrial72 stand-in,
 * calibrates each on its bundled samples, quantises ({@link Quantiser}, 16-bit activations and weights, one bit of
 * headroom) and writes {@code model.json}, {@code weights.json}, {@code float-weights.json}, {@code samples.npy} and
 * {@code labels.json}. Usage: {@code BundledModels <shared data folder> <models folder>}.
 */
public final class BundledModels {
  private BundledModels() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: BundledModels <shared data folder> <models folder>");
      System.exit(2);
    }
    Path data = Path.of(args[0]);
    Path out = Path.of(args[1]);
    write(out, SharedDataImport.google13(data.resolve("google13-srnn")));
    write(out, SharedDataImport.usps(data.resolve("usps-fastgrnn")));
    write(out, SharedDataImport.industrial72StandIn(), INDUSTRIAL72_SCALES);
  }

  /**
   * The stand-in uses SiRnn's Industrial-72 math scales (sirnn-protocols.md 6.3: sigmoid 2^8 -> 2^14, tanh
   * 2^8 -> 2^8) instead of the calibrated ones.
   */
  static final Map<String, Integer> INDUSTRIAL72_SCALES = Map.of("zg", 8, "g", 14, "zc", 8, "c", 8);

  /** Quantises one imported model on its own samples and writes its directory. */
  static void write(Path out, SharedDataImport.Imported i) throws IOException {
    write(out, i, Map.of());
  }

  /** As {@link #write(Path, SharedDataImport.Imported)}, with some op scales fixed instead of calibrated. */
  static void write(Path out, SharedDataImport.Imported i, Map<String, Integer> fixedScales) throws IOException {
    FloatModel m = i.model();
    LabelledSamples s = i.samples();
    Architecture a = m.architecture();
    Quantiser.Quantised q = Quantiser.quantise(m, new RealTensor(s.inputs(), s.n(), a.inputCols()),
        Quantiser.Options.defaults());
    if (!fixedScales.isEmpty()) {
      Map<String, Integer> ops = new LinkedHashMap<>(q.spec().opScales());
      ops.putAll(fixedScales);
      ModelSpec sp = q.spec();
      q = new Quantiser.Quantised(new ModelSpec(sp.name(), sp.kind(), sp.description(), sp.dims(), sp.bits(),
          sp.inputScale(), sp.tensors(), ops, sp.labels()), q.weights());
    }
    Path dir = out.resolve(m.name());
    ModelFiles.writeSpec(dir, q.spec());
    ModelFiles.writeWeights(dir, q.spec(), q.weights());
    ModelFiles.writeFloat(dir, m);
    ModelFiles.writeSamples(dir, s);
    System.out.println(dir + ": " + q.spec().tensors().size() + " tensors, " + q.spec().opScales().size()
        + " op scales, input scale " + q.spec().inputScale() + ", " + s.n() + " samples");
  }
}
