package org.sirnn.client.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.sirnn.client.LoopbackLink;
import org.sirnn.fixed.DigitDecomposition;
import org.sirnn.fixed.Extension;
import org.sirnn.fixed.LookupTable;
import org.sirnn.fixed.Msnzb;
import org.sirnn.fixed.Multiplication;
import org.sirnn.fixed.Truncation;
import org.sirnn.fixed.WeightMatMul;
import org.sirnn.mpc.Party;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.grpc.PartyLinkService;
import picocli.CommandLine.Command;
import org.sirnn.nn.runtime.OtOption;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.nn.runtime.WireOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench fixed}: the SiRnn building blocks (extension, truncations, multiplication, digit decomposition,
 * MSNZB, LUT, server-weights matmul) over one loopback gRPC session, one JSON line per op with the paper's Table V
 * formula (lambda = 128) for the op's parameters beside the measured bits (both parties together), after base-OT
 * setup and one warm-up call of the op. Inputs are random shares (random values).
 */
@Command(name = "fixed", mixinStandardHelpOptions = true,
    description = "SiRnn fixed-point building blocks: bytes, rounds, time vs Table V.")
public final class FixedBench implements Callable<Integer> {
  @Mixin
  OtOption ot = new OtOption();

  @Mixin
  WireOption wire = new WireOption();

  private static final int LAMBDA = 128;

  @Option(names = "--n", description = "instances per op (default: ${DEFAULT-VALUE}); the matmul is always one")
  int n = 1 << 16;

  /** Input of one op on one side: this party's shares x (xBits wide) and y (yBits wide). */
  @FunctionalInterface
  private interface OpCall {
    void run(Party p, long[] x, long[] y);
  }

  /**
   * One op: name, bitwidth field, number of inputs per side, instances (the divisor of bits_per_instance), input
   * widths, Table V formula (text and bits per instance), extra JSON fields, and the call on both sides.
   */
  private record Op(String name, int bitwidth, int inputs, int instances, int xBits, int yBits, String formula,
      double formulaBits, Consumer<ObjectNode> extra, OpCall call) {}

  private static Op op(String name, int bitwidth, int n, int xBits, String formula, double bits, OpCall call) {
    return new Op(name, bitwidth, n, n, xBits, 16, formula, bits, o -> {}, call);
  }

  /** Table V, ZExt/SExt^{m,n}: lambda (m + 1) + 13 m + n. */
  static double ext(int m, int n) {
    return LAMBDA * (m + 1) + 13.0 * m + n;
  }

  /** Table V, TR^{l,s}: lambda (s + 1) + l + 13 s. */
  static double tr(int l, int s) {
    return LAMBDA * (s + 1) + l + 13.0 * s;
  }

  /** Table V, LRS/ARS^{l,s}: lambda (l + 3) + 15 l + s + 20. */
  static double shift(int l, int s) {
    return LAMBDA * (l + 3) + 15.0 * l + s + 20;
  }

  /** Table V, DivPow2^{l,s}: lambda (l + 7s/4 + 4) + 16 l + 23 s - 5. */
  static double divPow2(int l, int s) {
    return LAMBDA * (l + 7.0 * s / 4 + 4) + 16.0 * l + 23.0 * s - 5;
  }

  /** Table V, UMult/SMult^{m,n}: lambda (3 mu + nu + 4) + 2 mu nu + mu^2 + 17 mu + 16 nu. */
  static double mult(int m, int n) {
    double mu = Math.min(m, n);
    double nu = Math.max(m, n);
    return LAMBDA * (3 * mu + nu + 4) + 2 * mu * nu + mu * mu + 17 * mu + 16 * nu;
  }

  /** Table V, DigDec^{l,d}: (l/d - 1)(lambda (d + 2) + 15 d + 20). */
  static double digDec(int l, int d) {
    return (l / (double) d - 1) * (LAMBDA * (d + 2) + 15.0 * d + 20);
  }

  /**
   * Table V, MSNZB^{l,d} with the LUT term read as 2^d (iota + 1) (the doc prints "2d(iota+1)"; the LUT of
   * SiRnn costs 2 lambda + 2^m n):
   * (l/d - 1)(lambda (d + 8) + 2^d (iota + 1) + 15 d + 2 iota + 60) + 6 lambda + 2^d (iota + 1) + l^2 + 2 iota.
   */
  static double msnzb(int l, int d) {
    int iota = Msnzb.indexBits(l);
    double lut = Math.pow(2, d) * (iota + 1);
    return (l / (double) d - 1) * (LAMBDA * (d + 8) + lut + 15.0 * d + 2 * iota + 60) + 6 * LAMBDA + lut
        + (double) l * l + 2 * iota;
  }

  /** The same with "2d" read literally, as printed in the doc's copy of Table V. */
  static double msnzbLiteral(int l, int d) {
    int iota = Msnzb.indexBits(l);
    double lut = 2.0 * d * (iota + 1);
    return (l / (double) d - 1) * (LAMBDA * (d + 8) + lut + 15.0 * d + 2 * iota + 60) + 6 * LAMBDA + lut
        + (double) l * l + 2 * iota;
  }

  /** F_LUT^{m,n}: 2 lambda + 2^m n. */
  static double lut(int m, int n) {
    return 2.0 * LAMBDA + Math.pow(2, m) * n;
  }

  /**
   * WeightMatMul (server knows W, d1 x d2, X shared d2 x d3 of xBits, output l bits), from its javadoc: one wrap
   * per element of X (millionaires' budget lambda xBits + 14 xBits) plus one cross term,
   * d2 d3 (xBits (lambda + d1 (l - xBits/2)) + lambda + d1 (l - xBits)).
   */
  static double weightMatMul(int d1, int d2, int d3, int xBits, int l) {
    double perElem = xBits * (LAMBDA + d1 * (l - xBits / 2.0)) + LAMBDA + d1 * (double) (l - xBits);
    return (double) d2 * d3 * (perElem + LAMBDA * xBits + 14.0 * xBits);
  }

  /**
   * The paper's matmul with both operands shared (Section IV-C / App. D2, m &lt;= n, e = ceil(log2 d2)):
   * d1 d2 d3 ((2m + 4)(n + e) + m^2 + 5m) + d1 d2 (lambda (3m + 6) + 14 m + e - 6) + d2 d3 (lambda (n + 2) + 14 n).
   */
  static double sharedMatMul(int d1, int d2, int d3, int m, int n) {
    int e = 32 - Integer.numberOfLeadingZeros(d2 - 1);
    return (double) d1 * d2 * d3 * ((2.0 * m + 4) * (n + e) + (double) m * m + 5.0 * m)
        + (double) d1 * d2 * (LAMBDA * (3.0 * m + 6) + 14.0 * m + e - 6)
        + (double) d2 * d3 * (LAMBDA * (n + 2.0) + 14.0 * n);
  }

  private List<Op> ops() {
    List<Op> list = new ArrayList<>();
    list.add(op("zext", 32, n, 16, "lambda(m+1) + 13m + n, m=16 n=32", ext(16, 32),
        (p, x, y) -> Extension.zext(p, x, 16, 32)));
    list.add(op("sext", 32, n, 16, "lambda(m+1) + 13m + n, m=16 n=32", ext(16, 32),
        (p, x, y) -> Extension.sext(p, x, 16, 32)));
    list.add(op("tr", 32, n, 32, "lambda(s+1) + l + 13s, l=32 s=12", tr(32, 12),
        (p, x, y) -> Truncation.truncateReduce(p, x, 32, 12)));
    list.add(op("lrs", 32, n, 32, "lambda(l+3) + 15l + s + 20, l=32 s=12", shift(32, 12),
        (p, x, y) -> Truncation.logicalShift(p, x, 32, 12)));
    list.add(op("ars", 32, n, 32, "lambda(l+3) + 15l + s + 20, l=32 s=12", shift(32, 12),
        (p, x, y) -> Truncation.arithmeticShift(p, x, 32, 12)));
    list.add(op("divpow2", 32, n, 32, "lambda(l + 7s/4 + 4) + 16l + 23s - 5, l=32 s=12", divPow2(32, 12),
        (p, x, y) -> Truncation.divPow2(p, x, 32, 12)));
    String multText = "lambda(3mu + nu + 4) + 2 mu nu + mu^2 + 17mu + 16nu, mu=nu=16";
    list.add(op("umult", 32, n, 16, multText, mult(16, 16), (p, x, y) -> Multiplication.umult(p, x, 16, y, 16, 32)));
    list.add(op("smult", 32, n, 16, multText, mult(16, 16), (p, x, y) -> Multiplication.smult(p, x, 16, y, 16, 32)));
    list.add(op("digdec", 16, n, 16, "(l/d - 1)(lambda(d+2) + 15d + 20), l=16 d=8", digDec(16, 8),
        (p, x, y) -> DigitDecomposition.decompose(p, x, 16, 8)));
    double hot = msnzb(16, 8);
    double hotLiteral = msnzbLiteral(16, 8);
    list.add(new Op("msnzb_index", 16, n, n, 16, 16,
        "Table V MSNZB^{l,d} less its final one-hot LUT (2 lambda + l^2), l=16 d=8 iota=4", hot - lut(4, 16),
        o -> o.put("formula_literal_doc_bits", hotLiteral - lut(4, 16)), (p, x, y) -> Msnzb.index(p, x, 16, 8)));
    list.add(new Op("msnzb_onehot", 16, n, n, 16, 16,
        "(l/d - 1)(lambda(d+8) + 2^d(iota+1) + 15d + 2iota + 60) + 6lambda + 2^d(iota+1) + l^2 + 2iota, l=16 d=8 "
            + "iota=4 (doc prints 2d(iota+1); LUT cost is 2^d(iota+1))", hot,
        o -> o.put("formula_literal_doc_bits", hotLiteral), (p, x, y) -> Msnzb.oneHotPacked(p, x, 16, 8)));
    double paperNorm = msnzb(15, 8) + 15 * (LAMBDA + 15.0) + (LAMBDA * (2 * 15 + 6) + 2 * 15 * 15 + 15 * 15
        + 3 * 15 + 2 * 15 + 4);
    list.add(new Op("normalise", 16, n, n, 15, 16,
        "paper's route for comparison (not Table V): MSNZB^{15,8} + 15 B2A^15 + *UMult^{15,15}", paperNorm,
        o -> o.put("note", "x*2^(14-k) over 15 bits via barrel shifter; k over 4 bits"),
        (p, x, y) -> Msnzb.normalise(p, x, 16, 8, p.isServer() ? new long[0][] : null, new int[0])));
    long[] table = new long[256];
    for (int j = 0; j < 256; j++) {
      table[j] = (j * 2654435761L) & 0xFFFF;
    }
    list.add(op("lut", 16, n, 8, "2 lambda + 2^m n, m=8 n=16", lut(8, 16),
        (p, x, y) -> LookupTable.lookup(p, x, 8, p.isServer() ? table : null, 16)));
    int d1 = 100;
    int d2 = 35;
    int d3 = 100;
    int l = 16 + 16 + 6;
    double paperShared = sharedMatMul(d1, d2, d3, 16, 16);
    list.add(new Op("matmul_server_weights", l, d2 * d3, 1, 16, 16,
        "server-known W (WeightMatMul): d2 d3 (xBits(lambda + d1(l - xBits/2)) + lambda + d1(l - xBits) "
            + "+ lambda xBits + 14 xBits), d1=100 d2=35 d3=100 xBits=16 l=38", weightMatMul(d1, d2, d3, 16, l),
        o -> {
          o.put("dims", d1 + "x" + d2 + " * " + d2 + "x" + d3);
          o.put("paper_both_shared_formula", "d1d2d3((2m+4)(n+e) + m^2 + 5m) + d1d2(lambda(3m+6) + 14m + e - 6)"
              + " + d2d3(lambda(n+2) + 14n), m=n=16 e=6");
          o.put("paper_both_shared_bits", paperShared);
        }, (p, x, y) -> {
          long[] w = null;
          if (p.isServer()) {
            w = new long[d1 * d2];
            for (int i = 0; i < w.length; i++) {
              w[i] = (i * 40503L + 17) & 0xFFFF;
            }
          }
          WeightMatMul.multiply(p, w, 16, true, x, 16, true, d1, d2, d3, l);
        }));
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
        long[] x = p.random(op.inputs(), op.xBits());
        long[] y = p.random(op.inputs(), op.yBits());
        for (int r = 0; r < 2; r++) {
          op.call().run(p, x, y);
        }
      }
    };
    try (LoopbackLink link = new LoopbackLink(serverHalf, FrameChannel.Options.defaults(), 0)) {
      FrameChannel ch = link.open("bench-fixed");
      Party p = SessionRunner.withGoal(new Party(Party.Role.CLIENT, ch, ot.backend()), wire.goal());
      p.setup();
      for (Op op : ops) {
        long[] x = p.random(op.inputs(), op.xBits());
        long[] y = p.random(op.inputs(), op.yBits());
        op.call().run(p, x, y); // warm-up
        long s0 = ch.traffic().bytesSent();
        long r0 = ch.traffic().bytesReceived();
        long rounds0 = ch.traffic().rounds();
        long t0 = System.nanoTime();
        op.call().run(p, x, y);
        long nanos = System.nanoTime() - t0;
        long bytes = ch.traffic().bytesSent() - s0 + ch.traffic().bytesReceived() - r0;
        double bits = bytes * 8.0 / op.instances();
        ObjectNode row = JsonLines.row("fixed", op.name(), op.instances(), op.bitwidth());
        row.put("ot", OtOption.name(ot.backend()));
        row.put("wire", wire.goal().label());
        row.put("bytes", bytes);
        row.put("bytes_per_instance", (double) bytes / op.instances());
        row.put("rounds", ch.traffic().rounds() - rounds0);
        row.put("millis", nanos / 1e6);
        row.put("bits_per_instance", Math.round(bits * 10) / 10.0);
        row.put("formula", op.formula());
        row.put("formula_bits", Math.round(op.formulaBits() * 10) / 10.0);
        row.put("ratio", Math.round(bits / op.formulaBits() * 1000) / 1000.0);
        row.put("exceeds_formula_by_10pct", bits > 1.10 * op.formulaBits());
        op.extra().accept(row);
        out.print(row);
      }
      ch.close();
    }
    return 0;
  }
}
