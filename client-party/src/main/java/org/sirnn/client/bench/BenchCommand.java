package org.sirnn.client.bench;

import picocli.CommandLine.Command;

/** {@code bench transport|ot|core|...}: protocol-level benchmarks printing one JSON object per line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks; each prints one JSON object per line.",
    subcommands = {TransportBench.class, OtBench.class, CoreBench.class, FixedBench.class, MathBench.class, ModelBench.class})
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }
}
