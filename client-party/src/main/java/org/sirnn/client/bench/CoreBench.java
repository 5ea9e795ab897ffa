package org.sirnn.client.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sirnn.mpc.And;
import org.sirnn.mpc.B2A;
import org.sirnn.mpc.Comparisons;
import org.sirnn.mpc.Millionaire;
import org.sirnn.mpc.MsbToWrap;
import org.sirnn.mpc.Mux;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.Relu;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.client.LoopbackLink;
import picocli.CommandLine.Command;
import org.sirnn.nn.runtime.OtOption;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.nn.runtime.WireOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench core}: the CrypTFlow2 layer (millionaires', AND, wrap, MSB, B2A, MUX, MSB-to-wrap, ReLU) over one
 * loopback gRPC session, one JSON line per op and bitwidth with the paper's communication formula beside the
 * measured bits (both parties together), after base-OT setup and one warm-up call.
 */
@Command(name = "core", mixinStandardHelpOptions = true, description = "Core 2PC protocols: bytes, rounds, time.")
public final class CoreBench implements Callable<Integer> {
  @Mixin
  OtOption ot = new OtOption();

  @Mixin
  WireOption wire = new WireOption();

  private static final int LAMBDA = 128;

  @Option(names = "--n", description = "instances per op (default: ${DEFAULT-VALUE})")
  int n = 1 << 16;

  @Option(names = "--bits", split = ",", description = "bitwidths (default: 16,32,64)")
  int[] widths = {16, 32, 64};

  /** One op: its name, width, the paper's bits per instance (formula text and value) and the call on both sides. */
  private record Op(String name, int l, String formula, double formulaBits, OpCall call) {}

  @FunctionalInterface
  private interface OpCall {
    void run(Party p, long[] share, long[] bits, int l);
  }

  private List<Op> ops() {
    List<Op> list = new ArrayList<>();
    for (int l : widths) {
      list.add(new Op("millionaire", l, "< lambda*l + 14*l", LAMBDA * l + 14.0 * l,
          (p, x, b, w) -> Millionaire.lessThan(p, Party.Role.SERVER, x, w)));
      list.add(new Op("wrap", l, "< lambda*l + 14*l", LAMBDA * l + 14.0 * l, (p, x, b, w) -> Comparisons.wrap(p, x, w)));
      list.add(new Op("msb", l, "< lambda*(l-1) + 14*(l-1)", (LAMBDA + 14.0) * (l - 1),
          (p, x, b, w) -> Comparisons.msb(p, x, w)));
      list.add(new Op("b2a", l, "lambda + l", LAMBDA + l, (p, x, b, w) -> B2A.convert(p, b, w)));
      list.add(new Op("mux", l, "2*(lambda + l)", 2.0 * (LAMBDA + l), (p, x, b, w) -> Mux.select(p, b, x, w)));
      list.add(new Op("msb_to_wrap", l, "2*lambda + 4", 2.0 * LAMBDA + 4, (p, x, b, w) -> MsbToWrap.wrap(p, x, b, w)));
      list.add(new Op("relu", l, "msb + mux", (LAMBDA + 14.0) * (l - 1) + 2.0 * (LAMBDA + l),
          (p, x, b, w) -> Relu.relu(p, x, w)));
    }
    list.add(new Op("and", 1, "<= lambda + 20 = 148", LAMBDA + 20, (p, x, b, w) -> And.and(p, b, b)));
    return list;
  }

  @Override
  public Integer call() throws Exception {
    JsonLines out = new JsonLines(System.out);
    List<Op> ops = ops();
    PartyLinkService.SessionHandler serverHalf = (hello, ch) -> {
      Party p = SessionRunner.withGoal(new Party(Party.Role.SERVER, ch, ot.backend()), wire.goal());
      p.setup();
      for (Op op : ops) {
        for (int r = 0; r < 2; r++) {
          op.call().run(p, p.random(n, op.l()), p.randomBits(n), op.l());
        }
      }
    };
    try (LoopbackLink link = new LoopbackLink(serverHalf, FrameChannel.Options.defaults(), 0)) {
      FrameChannel ch = link.open("bench-core");
      Party p = SessionRunner.withGoal(new Party(Party.Role.CLIENT, ch, ot.backend()), wire.goal());
      p.setup();
      for (Op op : ops) {
        long[] x = p.random(n, op.l());
        long[] b = p.randomBits(n);
        op.call().run(p, x, b, op.l()); // warm-up
        long s0 = ch.traffic().bytesSent();
        long r0 = ch.traffic().bytesReceived();
        long rounds0 = ch.traffic().rounds();
        long t0 = System.nanoTime();
        op.call().run(p, x, b, op.l());
        long nanos = System.nanoTime() - t0;
        long bytes = ch.traffic().bytesSent() - s0 + ch.traffic().bytesReceived() - r0;
        ObjectNode row = JsonLines.row("core", op.name(), n, op.l());
        row.put("ot", OtOption.name(ot.backend()));
        row.put("wire", wire.goal().label());
        row.put("bytes", bytes);
        row.put("bytes_per_instance", (double) bytes / n);
        row.put("rounds", ch.traffic().rounds() - rounds0);
        row.put("millis", nanos / 1e6);
        row.put("bits_per_instance", Math.round(bytes * 8.0 / n * 10) / 10.0);
        row.put("formula", op.formula());
        row.put("formula_bits", op.formulaBits());
        row.put("ratio_to_formula", Math.round(bytes * 8.0 / n / op.formulaBits() * 1000) / 1000.0);
        out.print(row);
      }
      ch.close();
    }
    return 0;
  }
}
