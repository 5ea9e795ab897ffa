package org.sirnn.client;

import org.sirnn.client.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command line of client-party, the data owner's side. */
@Command(name = "client-party", mixinStandardHelpOptions = true, version = "sirnn-java client-party 0.1",
    description = "The data owner's side of sirnn-java: secure inference against a server-party.",
    subcommands = {DemoCommand.class, ServeCommand.class, InferCommand.class, PingCommand.class, EvalCommand.class,
        CertsCommand.class, BenchCommand.class, AccuracyCommand.class})
public final class ClientPartyMain implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ClientPartyMain()).execute(args));
  }
}
