package org.sirnn.client;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * server-party as a real process (its shaded jar), for tests of the product path: started with the given JVM options
 * and arguments, ready once it prints its "listening" line (ports read from it), stopped on {@link #close}.
 */
final class ServerPartyProcess implements AutoCloseable {
  /** The jar the reactor builds before client-party's tests (mvn package / verify). */
  static final Path JAR = Path.of("..", "server-party", "target", "server-party.jar");

  private static final Pattern LISTENING =
      Pattern.compile("server-party listening on port (\\d+)(?:, metrics on (\\d+)/metrics)?");

  final Process process;
  final Path log;
  final int port;
  /** The metrics port, or -1 when metrics are off. */
  final int metricsPort;

  private ServerPartyProcess(Process process, Path log, int port, int metricsPort) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.metricsPort = metricsPort;
  }

  /** Starts server-party and waits (30 s at most) for its listening line; standard error goes to {@code log}. */
  static ServerPartyProcess start(Path log, List<String> jvmOptions, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-jar");
    cmd.add(JAR.toAbsolutePath().toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "server-party-stdout");
    reader.setDaemon(true);
    reader.start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          return new ServerPartyProcess(p, log, Integer.parseInt(m.group(1)),
              m.group(2) == null ? -1 : Integer.parseInt(m.group(2)));
        }
      } else if (!p.isAlive() || System.nanoTime() > until) {
        fail("server-party did not start (" + (p.isAlive() ? "no 'listening' line in 30 s" : "exit code "
            + p.exitValue()) + "); its log:\n" + Files.readString(log));
      }
    }
  }

  /** What the process wrote to standard error so far. */
  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
