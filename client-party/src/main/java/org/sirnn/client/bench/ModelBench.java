package org.sirnn.client.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sirnn.client.JsonOutput;
import org.sirnn.client.LocalRun;
import org.sirnn.client.ModelInputs;
import org.sirnn.net.Traffic;
import org.sirnn.nn.runtime.ModelPlan;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import org.sirnn.nn.runtime.OtOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench model NAME [--models DIR] [--input FILE [--sample K]]}: one secure inference of any model of the
 * repository over loopback gRPC ({@link LocalRun}: the whole session counted, header, setup, layers, opening). One
 * JSON line per layer scope (bytes of both directions, rounds, millis, calls), then a total line with bytes, rounds,
 * millis, {@code lan_projected_s = millis/1000 + rounds*0.0004 + bytes/377e6}, the outputs (or their count), label,
 * {@code matches_twin} and {@code equal_to_twin} (outputs equal to the cleartext twin's), and
 * {@code error_vs_expected} where the input file carries expected outputs (Heads: p95 |output/4096 - float|).
 *
 * <p>The input defaults to the model's example input ({@link ModelRepository#sampleInput}: google30's utterance,
 * Heads' classroom image, sample 0 of a model's samples.npy). A model whose plan needs a large heap (Heads: about
 * 12 GB, {@code java -Xmx14g -jar ...}) refuses to start with less unless {@code --force}.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = "End-to-end secure inference of a model of --models: per-layer and total cost.")
public final class ModelBench implements Callable<Integer> {
  @Mixin
  OtOption ot = new OtOption();


  @Parameters(index = "0", description = "model name (a directory under --models: google30, google30-fused,"
      + " google13, usps, industrial72-standin, heads, any imported model)")
  String model;

  @Option(names = "--models", description = "model directory (default: ${DEFAULT-VALUE})")
  Path models = Path.of("models");

  @Option(names = {"--input", "--image"}, description = "input file (default: the model's example input)")
  String input;

  @Option(names = "--sample", description = "row K of a .npy input (default: 0)")
  Integer sample;

  @Option(names = "--force", description = "run even if the heap looks too small for the model")
  boolean force;

  @Override
  public Integer call() throws Exception {
    ModelRepository repo;
    ServedModel m;
    ServedModel.SampleInput in;
    String file;
    try {
      repo = ModelRepository.open(models, ModelRepository.Holder.BOTH);
      m = repo.get(model);
      Path example = repo.sampleInput(model);
      if (input == null && example == null) {
        throw new IllegalArgumentException("model " + model + " has no example input: pass --input FILE");
      }
      file = input != null ? input : example.toString();
      in = ModelInputs.read(m, file, sample);
      m.plan().checkInput(in.input());
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("bench model: " + e.getMessage());
      return 2;
    }
    ModelPlan plan = m.plan();
    String heap = LocalRun.heapProblem(plan);
    if (heap != null && !force) {
      System.err.println("bench model: " + heap);
      return 2;
    }
    int batch = in.input().length / plan.inputCols();
    long[] twin = m.twin(in.input(), batch);
    LocalRun.Result r;
    try (LocalRun run = LocalRun.start(repo, model, ot.backend())) {
      r = run.run(in.input());
    }
    JsonLines out = new JsonLines(System.out);
    for (Map.Entry<String, Traffic.Stats> e : r.layers().entrySet()) {
      Traffic.Stats s = e.getValue();
      ObjectNode row = JsonOutput.putScope(JsonLines.row("model", model + "/" + e.getKey(), s.calls(), 0), e.getKey(),
          s);
      row.put("ot", OtOption.name(ot.backend()));
      out.print(row);
    }
    long[] y = r.outputs();
    int equal = 0;
    for (int i = 0; i < y.length; i++) {
      equal += y[i] == twin[i] ? 1 : 0;
    }
    ObjectNode o = JsonLines.row("model", model + "/total", batch, 0);
    o.put("ot", OtOption.name(ot.backend()));
    o.put("input", file);
    o.put("bytes", r.bytes());
    o.put("rounds", r.rounds());
    o.put("millis", JsonOutput.round1(r.millis()));
    o.put("lan_projected_s", JsonOutput.lanSeconds(r.millis(), r.rounds(), r.bytes()));
    JsonOutput.putSplit(o, r.bytes(), r.rounds(), r.millis(), r.offline());
    o.put("mb", Math.round(r.bytes() / 1e5) / 10.0);
    if (y.length <= 64) {
      o.put("scores", Arrays.toString(y));
    }
    o.put("outputs", y.length);
    o.put("scale", plan.outputScale());
    o.put("label", plan.labelsOf(y)[0]);
    o.put("matches_twin", equal == y.length);
    o.put("equal_to_twin", equal);
    double error = m.errorVsExpected(y, in.expected());
    if (!Double.isNaN(error)) {
      o.put("error_vs_expected", Math.round(error * 1e6) / 1e6);
    }
    o.put("max_heap_gb", Math.round(Runtime.getRuntime().maxMemory() / 1e8) / 10.0);
    out.print(o);
    return equal == y.length ? 0 : 1;
  }
}
