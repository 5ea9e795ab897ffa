package org.sirnn.client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.sirnn.client.bench.BenchCommand;
import picocli.CommandLine;

/**
 * One in-process {@code client-party bench ...} run with its standard output and error captured (bench prints its
 * JSON rows with System.out): the exit code, the whole output, the JSON lines alone (a log line of the in-process
 * parties may land on the same stream) and the error text.
 */
public record BenchRun(int code, String out, String err) {

  /** Runs {@code bench args...}. */
  public static synchronized BenchRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      CommandLine cl = new CommandLine(new BenchCommand());
      cl.setErr(new PrintWriter(System.err, true));
      code = cl.execute(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new BenchRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The JSON rows of the output, in order. */
  public List<String> lines() {
    return out.lines().filter(l -> l.startsWith("{")).toList();
  }
}
