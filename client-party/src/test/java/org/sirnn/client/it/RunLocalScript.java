package org.sirnn.client.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code scripts/run-local.sh start|stop} (both parties as processes) for the integration tests and reads the
 * {@code KEY=VALUE} lines (and {@code READY}) it prints.
 */
final class RunLocalScript {
  /** The repository root (the tests run in client-party/). */
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  /** The script. */
  static final Path SCRIPT = REPO.resolve("scripts/run-local.sh");

  private RunLocalScript() {}

  /** Runs {@code script arg} with {@code env} added, at most {@code seconds}; returns its KEY=VALUE lines. */
  static Map<String, String> run(Path script, String arg, Map<String, String> env, int seconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", script.toString(), arg)).directory(REPO.toFile());
    pb.environment().putAll(env);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process proc = pb.start();
    proc.getOutputStream().close();
    byte[] out;
    try (var in = proc.getInputStream()) {
      if (!proc.waitFor(seconds, TimeUnit.SECONDS)) {
        proc.destroyForcibly();
        throw new AssertionError("run-local.sh " + arg + " did not finish in " + seconds + " s");
      }
      out = in.readAllBytes();
    }
    Map<String, String> kv = new HashMap<>();
    for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (line.equals("READY")) {
        kv.put("READY", "");
      } else if (eq > 0) {
        kv.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return kv;
  }
}
