package org.sirnn.client;

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
import org.sirnn.ring.Ring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: starts a server party in this process on loopback gRPC and evaluates the math library securely on
 * sample inputs, printing each secure result next to the cleartext twin and double precision, and the bytes,
 * rounds and time per operator. (Whole-model inference joins the demo with the networks issue.)
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Secure sigmoid, tanh, exp and rsqrt on sample inputs with an in-process server party; prints agreement"
        + " with cleartext and per-operator cost.")
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--n", description = "instances per function (default: ${DEFAULT-VALUE})")
  int n = 1000;

  @Override
  public Integer call() throws Exception {
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
