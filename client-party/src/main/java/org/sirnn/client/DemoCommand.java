package org.sirnn.client;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sirnn.math.MathFunction;
import org.sirnn.net.Traffic;
import org.sirnn.nn.runtime.MathFunctionModel;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import org.sirnn.nn.runtime.OtOption;
import org.sirnn.nn.runtime.ThreadsOption;
import org.sirnn.nn.runtime.WireOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: starts a server party in this process on loopback gRPC and runs the bundled Google-30 model on its
 * bundled utterance (progress per time step, prediction, agreement with plain inference, bytes/rounds/time per
 * layer); {@code --math} instead evaluates the math library on sample inputs next to the cleartext twin.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Secure inference of the bundled Google-30 model (or, with --math, the math functions) with an"
        + " in-process server party; prints the prediction, agreement with plain inference and cost per layer.")
public final class DemoCommand implements Callable<Integer> {
  @Mixin
  OtOption ot = new OtOption();

  @Mixin
  ThreadsOption threads = new ThreadsOption();

  @Mixin
  WireOption wire = new WireOption();


  @Option(names = "--n", description = "instances per function for --math (default: ${DEFAULT-VALUE})")
  int n = 1000;

  @Option(names = "--models", description = "model directory with google30/ (default: ${DEFAULT-VALUE})")
  Path models = Path.of("models");

  @Option(names = "--math", description = "demonstrate the math functions instead of the Google-30 model")
  boolean math;

  @Override
  public Integer call() throws Exception {
    if (!math) {
      return model();
    }
    return mathDemo();
  }

  @Option(names = "--model", description = "the model to demonstrate, on its example input (default:"
      + " ${DEFAULT-VALUE})")
  String model = "google30";

  /**
   * One secure inference of {@code --model} (default Google-30, SiRnn's keyword-spotting FastGRNN) on its example
   * input ({@link ModelRepository#sampleInput}) with an in-process server party on loopback gRPC
   * ({@link LocalRun}): a progress line every few recurrent steps, the prediction next to plain fixed-point
   * inference (the twin), and bytes, rounds and time per layer.
   */
  private int model() throws Exception {
    ModelRepository repo = ModelRepository.open(models, ModelRepository.Holder.BOTH);
    Path example = repo.contains(model) ? repo.sampleInput(model) : null;
    if (example == null) {
      throw new IllegalArgumentException("demo: " + models.toAbsolutePath() + " has no model '" + model + "' with an"
          + " example input (run from the repository root, or pass --models DIR; --math runs the math demo)");
    }
    ServedModel m = repo.get(model);
    long[] input = ModelInputs.read(m, example.toString(), 0).input();
    System.out.println("sirnn-java demo: " + model + " (" + m.plan().description() + "), secure two-party inference"
        + " over loopback gRPC, input " + example);
    long t0 = System.nanoTime();
    LocalRun.Result secure;
    long[] plain;
    try (LocalRun run = LocalRun.start(repo, model, ot.backend(), threads.threads(), wire.goal(), null)) {
      plain = m.twin(input, 1);
      int[] step = {0};
      secure = run.run(input, (path, name, stats) -> {
        if (path.equals("cell")) {
          step[0]++;
          if (step[0] % 11 == 0) {
            System.out.printf("  step %3d  %6.1f s%n", step[0], (System.nanoTime() - t0) / 1e9);
          }
        }
      });
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    int label = m.plan().labelsOf(secure.outputs())[0];
    boolean same = java.util.Arrays.equals(plain, secure.outputs());
    System.out.println("prediction (secure): label " + label + (secure.outputs().length <= 64 ? ", scores "
        + java.util.Arrays.toString(secure.outputs()) : ""));
    System.out.println("plain fixed-point inference: label " + m.plan().labelsOf(plain)[0] + (same
        ? ", outputs identical" : ", outputs DIFFER"));
    System.out.printf("%-10s %12s %8s %10s%n", "layer", "bytes", "rounds", "ms");
    for (Map.Entry<String, Traffic.Stats> e : secure.layers().entrySet()) {
      System.out.printf("%-10s %12d %8d %10.1f%n", e.getKey(), e.getValue().bytes(), e.getValue().rounds(),
          e.getValue().millis());
    }
    System.out.printf("%-10s %12d %8d %10.1f  (wall %.1f s)%n", "total", secure.bytes(), secure.rounds(),
        secure.millis(), seconds);
    return same ? 0 : 1;
  }

  private int mathDemo() throws Exception {
    int bits = 16;
    int scale = 12;
    long[] x = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.round((-8.0 + 16.0 * i / Math.max(1, n - 1)) * (1 << scale));
    }
    System.out.printf("sirnn-java demo: %d inputs in [-8, 8], %d-bit fixed point, scale %d%n", n, bits, scale);
    System.out.printf("%-8s %9s %9s %9s %9s %8s %8s %10s%n", "function", "x", "secure", "twin", "double",
        "agree", "KB/inst", "millis");
    boolean allAgree = true;
    for (MathFunction f : MathFunction.values()) {
      long[] in = x.clone();
      if (f == MathFunction.RSQRT) { // 1/sqrt(x) on [0.1, 8]
        for (int i = 0; i < n; i++) {
          in[i] = Math.round((0.1 + 7.9 * i / Math.max(1, n - 1)) * (1 << scale));
        }
      }
      if (f == MathFunction.EXP) {
        for (int i = 0; i < n; i++) {
          in[i] = -Math.abs(x[i]);
        }
      }
      MathFunctionModel model = MathFunctionModel.of(f, bits, scale, scale, n);
      LocalRun.Result r;
      try (LocalRun run = LocalRun.start(ModelRepository.of(model), model.plan().name(), ot.backend(),
          threads.threads(), wire.goal(), null)) {
        r = run.run(in);
      }
      long[] y = r.outputs();
      long[] twin = model.twin(in, n);
      int agree = 0;
      for (int i = 0; i < n; i++) {
        agree += twin[i] == y[i] ? 1 : 0;
      }
      allAgree &= agree == n;
      String fn = f.name().toLowerCase(java.util.Locale.ROOT);
      Traffic.Stats op = r.scopes().getOrDefault(fn, new Traffic.Stats(0, 0, 0, 0, 0));
      int show = n / 2 + n / 8;
      double xv = in[show] / (double) (1 << scale);
      double exact = model.reference(new double[] {xv}, 1)[0];
      System.out.printf("%-8s %9.4f %9.4f %9.4f %9.4f %8s %8.2f %10.1f%n", fn, xv, y[show] / (double) (1 << scale),
          twin[show] / (double) (1 << scale), exact, agree + "/" + n, op.bytes() / 1000.0 / n, r.millis());
      for (Map.Entry<String, Traffic.Stats> e : r.scopes().entrySet()) {
        if (e.getKey().startsWith(fn + "/") && e.getKey().chars().filter(c -> c == '/').count() == 1) {
          System.out.printf("    %-24s %10d bytes %4d rounds %8.1f ms%n", e.getKey(), e.getValue().bytes(),
              e.getValue().rounds(), e.getValue().millis());
        }
      }
    }
    System.out.println(allAgree ? "all secure outputs equal the cleartext twin" : "MISMATCH against the twin");
    return allAgree ? 0 : 1;
  }
}
