package org.sirnn.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sirnn.math.MathFunction;
import org.sirnn.nn.runtime.MathFunctionModel;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.ring.Ring;
import org.sirnn.nn.runtime.OtOption;
import org.sirnn.nn.runtime.ThreadsOption;
import org.sirnn.nn.runtime.WireOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code eval OP --bits B --scale-in S --scale-out T [--in FILE] [--out FILE]}: evaluates one secure operator on
 * integers (fixed-point encodings, signed, one per line) with both parties in this process over loopback gRPC, and
 * writes the outputs one per line (signed) in the same order.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate a secure math function on integers read one per line (both parties in-process).")
public final class EvalCommand implements Callable<Integer> {
  @Mixin
  OtOption ot = new OtOption();

  @Mixin
  ThreadsOption threads = new ThreadsOption();

  @Mixin
  WireOption wire = new WireOption();

  /** Most values one eval takes (one session). */
  static final int MAX_VALUES = 1 << 22;


  @Parameters(index = "0", description = "function: exp, sigmoid, tanh, rsqrt")
  String op;

  @Option(names = "--bits", required = true, description = "bitwidth of inputs and outputs")
  int bits;

  @Option(names = "--scale-in", required = true, description = "fractional bits of the inputs")
  int scaleIn;

  @Option(names = "--scale-out", required = true, description = "fractional bits of the outputs")
  int scaleOut;

  @Option(names = "--in", description = "input file (default: standard input)")
  Path in;

  @Option(names = "--out", description = "output file (default: standard output)")
  Path out;

  @Override
  public Integer call() throws Exception {
    MathFunction f = MathFunction.parse(op);
    Ring.checkBitwidth(bits);
    long[] x = readIntegers();
    MathFunctionModel model = MathFunctionModel.of(f, bits, scaleIn, scaleOut, MAX_VALUES);
    long[] y;
    try (LocalRun run = LocalRun.start(ModelRepository.of(model), model.plan().name(), ot.backend(),
        threads.threads(), wire.goal(), null)) {
      y = run.run(x).outputs();
    }
    try (PrintStream ps = out == null ? System.out
        : new PrintStream(Files.newOutputStream(out), false, StandardCharsets.UTF_8)) {
      StringBuilder sb = new StringBuilder();
      for (long v : y) {
        sb.append(v).append('\n');
      }
      ps.print(sb);
      ps.flush();
    }
    return 0;
  }

  private long[] readIntegers() throws IOException {
    BufferedReader r = in == null ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(in, StandardCharsets.UTF_8);
    try (r) {
      long[] buf = new long[1024];
      int n = 0;
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        String t = line.trim();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        long v;
        try {
          v = Long.parseLong(t);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException((in == null ? "stdin" : in.toString()) + " line " + lineNo
              + ": not an integer: '" + t + "'");
        }
        long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        if (v < min || v > max) {
          throw new IllegalArgumentException((in == null ? "stdin" : in.toString()) + " line " + lineNo + ": " + v
              + " does not fit " + bits + " signed bits");
        }
        if (n == buf.length) {
          buf = java.util.Arrays.copyOf(buf, 2 * n);
        }
        buf[n++] = v;
      }
      if (n == 0) {
        throw new IllegalArgumentException("no input integers");
      }
      return java.util.Arrays.copyOf(buf, n);
    }
  }
}
