package org.sirnn.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.net.grpc.tls.DevCertificates;
import picocli.CommandLine;

/** {@code serve}'s safe defaults: loopback unless told otherwise, and no plaintext API on the network by accident. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServeCommandTest {
  @TempDir
  Path tmp;

  private static ServeCommand parse(String... args) {
    CommandLine cl = new CommandLine(new ServeCommand());
    cl.parseArgs(args);
    return cl.getCommand();
  }

  private static final String[] LOCAL = {"--insecure", "--server", "127.0.0.1:1", "--port", "0",
      "--metrics-port", "0"};

  private static String[] with(String... more) {
    String[] all = new String[LOCAL.length + more.length];
    System.arraycopy(LOCAL, 0, all, 0, LOCAL.length);
    System.arraycopy(more, 0, all, LOCAL.length, more.length);
    return all;
  }

  @Test
  void apiAndMetricsListenOnLoopbackByDefault() throws IOException {
    ServeCommand cmd = parse(LOCAL);
    assertEquals("127.0.0.1", cmd.host);
    try (ServeCommand.Running r = cmd.start()) {
      assertTrue(r.address().getAddress().isLoopbackAddress(), "API on " + r.address());
      assertTrue(r.metricsPort() > 0);
    }
  }

  @Test
  void nonLoopbackHostWithoutTlsIsAUsageError_namingTheFlags() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new ServeCommand()).setErr(new PrintWriter(err)).execute(with("--host", "0.0.0.0"));
    assertEquals(2, code, err.toString());
    for (String flag : new String[] {"--host 0.0.0.0", "--api-tls-cert", "--api-tls-key", "--api-plaintext"}) {
      assertTrue(err.toString().contains(flag), "names " + flag + ": " + err);
    }
    assertThrows(CommandLine.ParameterException.class, () -> parse(with("--host", "0.0.0.0")).start().close());
  }

  @Test
  void nonLoopbackHostStartsWithApiPlaintext() throws IOException {
    try (ServeCommand.Running r = parse(with("--host", "0.0.0.0", "--api-plaintext")).start()) {
      assertTrue(r.address().getAddress().isAnyLocalAddress(), "API on " + r.address());
      assertFalse(r.apiTls());
    }
  }

  @Test
  void nonLoopbackHostStartsWithApiTls_andPlaintextContradictsTls() throws IOException {
    DevCertificates.write(tmp);
    String cert = tmp.resolve(DevCertificates.SERVER_CERT_FILE).toString();
    String key = tmp.resolve(DevCertificates.SERVER_KEY_FILE).toString();
    String ca = tmp.resolve(DevCertificates.CA_FILE).toString();
    try (ServeCommand.Running r = parse(with("--host", "0.0.0.0", "--api-tls-cert", cert, "--api-tls-key", key,
        "--api-tls-ca", ca)).start()) {
      assertTrue(r.apiTls());
      assertTrue(r.address().getAddress().isAnyLocalAddress(), "API on " + r.address());
    }
    CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, () -> parse(with(
        "--host", "0.0.0.0", "--api-tls-cert", cert, "--api-tls-key", key, "--api-plaintext")).start().close());
    assertTrue(e.getMessage().contains("--api-plaintext"), e.getMessage());
  }

  @Test
  void localhostCountsAsLoopback() {
    assertTrue(ServeCommand.isLoopback("localhost"));
    assertTrue(ServeCommand.isLoopback("::1"));
    assertFalse(ServeCommand.isLoopback("0.0.0.0"));
  }

  private static io.grpc.health.v1.HealthCheckResponse.ServingStatus health(ServeCommand.Running r) {
    io.grpc.ManagedChannel ch = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
        .forAddress("127.0.0.1", r.port()).usePlaintext().build();
    try {
      return io.grpc.health.v1.HealthGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
          .check(io.grpc.health.v1.HealthCheckRequest.newBuilder().build()).getStatus();
    } finally {
      ch.shutdownNow();
    }
  }

  private static boolean eventually(ServeCommand.Running r, io.grpc.health.v1.HealthCheckResponse.ServingStatus want)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < until) {
      if (health(r) == want) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  @Test
  void healthFollowsWhetherServerPartyIsReachable() throws Exception {
    // nothing listens on port 1: the API is up but not ready
    try (ServeCommand.Running r = parse(with("--pool", "0")).start()) {
      assertTrue(eventually(r, io.grpc.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING),
          "NOT_SERVING while server-party is unreachable");
    }
    try (org.sirnn.test.LoopbackGrpc server = new org.sirnn.test.LoopbackGrpc(
        org.sirnn.nn.runtime.SessionRunner.server(org.sirnn.nn.runtime.ModelRepository.open(null,
            org.sirnn.nn.runtime.ModelRepository.Holder.SERVER)), org.sirnn.net.FrameChannel.Options.defaults());
        ServeCommand.Running r = parse("--insecure", "--server", "127.0.0.1:" + server.server.getPort(), "--port",
            "0", "--metrics-port", "-1", "--pool", "0").start()) {
      assertTrue(eventually(r, io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING),
          "SERVING once server-party is reachable");
    }
  }
}
