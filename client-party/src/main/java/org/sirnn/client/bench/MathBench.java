package org.sirnn.client.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import org.sirnn.client.LoopbackLink;
import org.sirnn.math.MathFunction;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Sharing;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.ring.Ring;
import picocli.CommandLine.Command;
import org.sirnn.nn.runtime.OtOption;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.nn.runtime.WireOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench math}: exp, sigmoid, tanh and rsqrt at 16 bits over one loopback gRPC session, one JSON line per
 * function with bytes per instance (both parties), rounds, time, and the max ULP error of the opened outputs against
 * double precision (|y - f(x) 2^s_out|; for rsqrt over inputs x &gt;= 0.1, the paper's epsilon), next to the paper's
 * and SCI's figures for the same setting.
 */
@Command(name = "math", mixinStandardHelpOptions = true, description = "Math functions: bytes, rounds, time, ULP.")
public final class MathBench implements Callable<Integer> {
  @Mixin
  OtOption ot = new OtOption();

  @Mixin
  WireOption wire = new WireOption();


  @Option(names = "--n", description = "instances per function (default: ${DEFAULT-VALUE})")
  int n = 1 << 16;

  @Option(names = "--bits", description = "bitwidth (default: ${DEFAULT-VALUE})")
  int bits = 16;

  @Option(names = "--scale", description = "input and output scale (default: ${DEFAULT-VALUE})")
  int scale = 12;

  /**
   * Function, paper KB per instance (SiRnn Tables I-II, scale 12), SCI yardstick seconds and KB per instance, and
   * the instance count the yardstick was measured at.
   */
  private record Row(MathFunction f, double paperKb, double sciSeconds, double sciKb, int sciN) {}

  private static final List<Row> ROWS = List.of(new Row(MathFunction.EXP, 2.12, 1.60, 2.0, 1 << 16),
      new Row(MathFunction.SIGMOID, 4.88, 2.86, 4.4, 1 << 16), new Row(MathFunction.TANH, 4.88, 2.99, 4.4, 1 << 16),
      new Row(MathFunction.RSQRT, 6.0, 6.1, 5.9, 100_000));

  /** rsqrt's smallest input, the paper's epsilon = 0.1. */
  private static final double RSQRT_EPSILON = 0.1;

  private long[] inputs(MathFunction f) {
    long[] x = new long[n];
    long mask = Ring.mask(bits);
    for (int i = 0; i < n; i++) {
      long v = i % (1L << bits);
      x[i] = f == MathFunction.EXP ? (-(v >> 1)) & mask : v & mask; // exp takes x <= 0
    }
    if (f == MathFunction.RSQRT) { // x in [0.1 2^scale, 2^(bits-1)), spread evenly
      long lo = (long) Math.ceil(RSQRT_EPSILON * Math.pow(2, scale));
      long hi = 1L << (bits - 1);
      for (int i = 0; i < n; i++) {
        x[i] = lo + (long) ((double) (hi - lo) * i / n);
      }
    }
    return x;
  }

  @Override
  public Integer call() throws Exception {
    JsonLines out = new JsonLines(System.out);
    PartyLinkService.SessionHandler serverHalf = (hello, ch) -> {
      Party p = SessionRunner.withGoal(new Party(Party.Role.SERVER, ch, ot.backend()), wire.goal());
      p.setup();
      for (Row row : ROWS) {
        for (int r = 0; r < 2; r++) {
          long[] s = Sharing.share(p, Party.Role.CLIENT, null, n, bits);
          Sharing.openTo(p, Party.Role.CLIENT, row.f().evaluate(p, s, bits, scale, scale), bits);
        }
      }
    };
    try (LoopbackLink link = new LoopbackLink(serverHalf, FrameChannel.Options.defaults(), 0)) {
      FrameChannel ch = link.open("bench-math");
      Party p = SessionRunner.withGoal(new Party(Party.Role.CLIENT, ch, ot.backend()), wire.goal());
      p.setup();
      for (Row row : ROWS) {
        long[] x = inputs(row.f());
        long[] y = null;
        long bytes = 0;
        long rounds = 0;
        long nanos = 0;
        for (int r = 0; r < 2; r++) { // the first run warms up the JIT; the second is measured
          long[] s = Sharing.share(p, Party.Role.CLIENT, x, n, bits);
          long s0 = ch.traffic().bytesSent();
          long r0 = ch.traffic().bytesReceived();
          long rounds0 = ch.traffic().rounds();
          long t0 = System.nanoTime();
          long[] ys = row.f().evaluate(p, s, bits, scale, scale);
          nanos = System.nanoTime() - t0;
          bytes = ch.traffic().bytesSent() - s0 + ch.traffic().bytesReceived() - r0;
          rounds = ch.traffic().rounds() - rounds0;
          y = Sharing.openTo(p, Party.Role.CLIENT, ys, bits);
        }
        double maxUlp = 0;
        for (int i = 0; i < n; i++) {
          double xv = Ring.signed(x[i], bits) / Math.pow(2, scale);
          if (row.f() == MathFunction.RSQRT && xv < RSQRT_EPSILON) {
            continue;
          }
          double want = switch (row.f()) {
            case EXP -> Math.exp(xv);
            case SIGMOID -> 1 / (1 + Math.exp(-xv));
            case TANH -> Math.tanh(xv);
            case RSQRT -> 1 / Math.sqrt(xv);
          };
          long yv = row.f() == MathFunction.TANH ? Ring.signed(y[i], bits) : y[i];
          maxUlp = Math.max(maxUlp, Math.abs(yv - want * Math.pow(2, scale)));
        }
        ObjectNode o = JsonLines.row("math", row.f().name().toLowerCase(), n, bits);
        o.put("ot", OtOption.name(ot.backend()));
        o.put("wire", wire.goal().label());
        o.put("scale_in", scale);
        o.put("scale_out", scale);
        o.put("scale", scale);
        o.put("bytes", bytes);
        o.put("bytes_per_instance", Math.round((double) bytes / n * 10) / 10.0);
        o.put("kb_per_instance", Math.round((double) bytes / n / 1000 * 1000) / 1000.0);
        o.put("rounds", rounds);
        o.put("millis", Math.round(nanos / 1e5) / 10.0);
        o.put("max_ulp", Math.round(maxUlp * 1000) / 1000.0);
        o.put("paper_kb_per_instance", row.paperKb());
        o.put("sci_yardstick_seconds", row.sciSeconds());
        o.put("sci_yardstick_kb_per_instance", row.sciKb());
        o.put("sci_yardstick_n", row.sciN());
        out.print(o);
      }
      ch.close();
    }
    return 0;
  }
}
