package org.sirnn.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.ExpParams;
import org.sirnn.clear.math.RsqrtParams;
import org.sirnn.clear.math.SigmoidParams;
import org.sirnn.clear.math.TanhParams;
import org.sirnn.math.MathFunction;
import org.sirnn.math.MathSession;
import org.sirnn.mpc.Party;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.Traffic;
import org.sirnn.nn.Google30Model;
import org.sirnn.nn.Google30Plain;
import org.sirnn.nn.Google30Secure;
import org.sirnn.ring.Ring;
import picocli.CommandLine.Command;
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

  @Option(names = "--n", description = "instances per function for --math (default: ${DEFAULT-VALUE})")
  int n = 1000;

  @Option(names = "--models", description = "model directory with google30/ (default: ${DEFAULT-VALUE})")
  Path models = Path.of("models");

  @Option(names = "--math", description = "demonstrate the math functions instead of the Google-30 model")
  boolean math;

  @Override
  public Integer call() throws Exception {
    if (!math) {
      return google30();
    }
    return mathDemo();
  }

  /**
   * Google-30 (SiRnn's keyword-spotting FastGRNN) on its bundled utterance: one secure inference with an in-process
   * server party on loopback gRPC, a progress line per time step, the prediction next to plain fixed-point
   * inference, and bytes, rounds and time per layer.
   */
  private int google30() throws Exception {
    Path dir = models.resolve(Google30Model.NAME);
    if (!Files.isRegularFile(dir.resolve("weights.txt")) || !Files.isRegularFile(dir.resolve("input.txt"))) {
      throw new IllegalArgumentException("demo: " + dir.toAbsolutePath() + " must hold weights.txt and input.txt"
          + " (run from the repository root, or pass --models DIR; --math runs the math demo)");
    }
    Google30Model.Weights w = Google30Model.loadWeights(dir.resolve("weights.txt"));
    long[] input = Google30Model.loadInput(dir.resolve("input.txt"));
    System.out.println("sirnn-java demo: Google-30 keyword spotting (FastGRNN, 99 steps x 32 features, hidden 100),"
        + " secure two-party inference over loopback gRPC");
    Google30Plain.Result plain = Google30Plain.infer(w, input);
    long t0 = System.nanoTime();
    Google30Plain.Result secure;
    Traffic traffic;
    try (LoopbackLink link = new LoopbackLink((hello, ch) -> {
      Party p = new Party(Party.Role.SERVER, ch);
      p.setup();
      Google30Secure.infer(p, w, null);
    }, FrameChannel.Options.defaults(), 0)) {
      FrameChannel ch = link.open(Google30Model.NAME);
      int[] step = {0};
      ch.traffic().addListener((path, name, stats) -> {
        if (path.equals("update")) {
          step[0]++;
          if (step[0] % 11 == 0 || step[0] == Google30Model.STEPS) {
            System.out.printf("  step %2d/%d  %7.1f MB so far  %6d rounds  %6.1f s%n", step[0], Google30Model.STEPS,
                ch.traffic().bytesSent() / 1e6 + ch.traffic().bytesReceived() / 1e6, ch.traffic().rounds(),
                (System.nanoTime() - t0) / 1e9);
          }
        }
      });
      Party p = new Party(Party.Role.CLIENT, ch);
      p.setup();
      secure = Google30Secure.infer(p, null, input);
      traffic = ch.traffic();
      ch.close();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    boolean same = java.util.Arrays.equals(plain.scores(), secure.scores()) && plain.label() == secure.label();
    System.out.println("prediction (secure): label " + secure.label() + ", scores "
        + java.util.Arrays.toString(secure.scores()));
    System.out.println("plain fixed-point inference: label " + plain.label() + (same ? ", scores identical"
        : ", scores DIFFER: " + java.util.Arrays.toString(plain.scores())));
    System.out.printf("%-10s %12s %8s %10s%n", "layer", "bytes", "rounds", "ms");
    for (Map.Entry<String, Traffic.Stats> e : traffic.snapshot().entrySet()) {
      String k = e.getKey();
      if (!k.isEmpty() && k.indexOf('/') < 0) {
        System.out.printf("%-10s %12d %8d %10.1f%n", k, e.getValue().bytes(), e.getValue().rounds(),
            e.getValue().millis());
      }
    }
    System.out.printf("%-10s %12d %8d %10.1f  (wall %.1f s)%n", "total", traffic.bytesSent() + traffic.bytesReceived(),
        traffic.rounds(), seconds * 1000, seconds);
    return same ? 0 : 1;
  }

  private int mathDemo() throws Exception {
    int bits = 16;
    int scale = 12;
    long[] x = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = Ring.reduce(Math.round((-8.0 + 16.0 * i / Math.max(1, n - 1)) * (1 << scale)), bits);
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
          in[i] = (-Math.abs(Ring.signed(x[i], bits))) & Ring.mask(bits);
        }
      }
      long[] y;
      Traffic traffic;
      long t0 = System.nanoTime();
      try (LoopbackLink link = new LoopbackLink((hello, ch) -> MathSession.serve(new Party(Party.Role.SERVER, ch)),
          FrameChannel.Options.defaults(), 0)) {
        FrameChannel ch = link.open(MathSession.MODEL);
        y = MathSession.evaluate(new Party(Party.Role.CLIENT, ch), f, in, bits, scale, scale);
        traffic = ch.traffic();
        ch.close();
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      int agree = 0;
      for (int i = 0; i < n; i++) {
        if (twin(f, in[i], bits, scale) == y[i]) {
          agree++;
        }
      }
      allAgree &= agree == n;
      Traffic.Stats op = traffic.stats(f.name().toLowerCase());
      int show = n / 2 + n / 8;
      double xv = Ring.signed(in[show], bits) / (double) (1 << scale);
      double exact = switch (f) {
        case EXP -> Math.exp(xv);
        case SIGMOID -> 1 / (1 + Math.exp(-xv));
        case TANH -> Math.tanh(xv);
        case RSQRT -> 1 / Math.sqrt(xv);
      };
      System.out.printf("%-8s %9.4f %9.4f %9.4f %9.4f %8s %8.2f %10.1f%n", f.name().toLowerCase(), xv,
          Ring.signed(y[show], bits) / (double) (1 << scale), Ring.signed(twin(f, in[show], bits, scale), bits)
              / (double) (1 << scale), exact, agree + "/" + n, op.bytes() / 1000.0 / n, ms);
      for (Map.Entry<String, Traffic.Stats> e : traffic.snapshot().entrySet()) {
        if (e.getKey().startsWith(f.name().toLowerCase() + "/") && e.getKey().chars().filter(c -> c == '/').count() == 1) {
          System.out.printf("    %-24s %10d bytes %4d rounds %8.1f ms%n", e.getKey(), e.getValue().bytes(),
              e.getValue().rounds(), e.getValue().millis());
        }
      }
    }
    System.out.println(allAgree ? "all secure outputs equal the cleartext twin" : "MISMATCH against the twin");
    return allAgree ? 0 : 1;
  }

  private static long twin(MathFunction f, long x, int bits, int scale) {
    return switch (f) {
      case EXP -> ClearMath.expNeg(x, new ExpParams(bits, scale, bits, scale));
      case SIGMOID -> ClearMath.sigmoid(x, new SigmoidParams(bits, scale, bits, scale));
      case TANH -> ClearMath.tanh(x, new TanhParams(bits, scale, bits, scale));
      case RSQRT -> ClearMath.rsqrt(x, new RsqrtParams(bits, scale, bits, scale));
    };
  }
}
