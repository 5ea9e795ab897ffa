package org.sirnn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.net.grpc.tls.BrokenCertificates;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.model.Npy;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.SigmoidParams;
import org.sirnn.clear.math.TanhParams;
import org.sirnn.net.grpc.tls.DevCertificates;
import org.sirnn.proto.InferenceGrpc;
import org.sirnn.proto.LayerStats;
import org.sirnn.proto.PredictRequest;
import org.sirnn.proto.PredictResponse;
import org.sirnn.proto.Tensor;
import org.sirnn.ring.Ring;
import picocli.CommandLine;

/**
 * The product path: server-party as a real process (its shaded jar) with mutual TLS and metrics, client-party's
 * {@code serve} connected to it with the client certificate, client applications calling the Inference API, and
 * {@code infer --json} on top. Also: a client-party without a valid certificate cannot open a session, and the
 * server keeps serving valid ones.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class EndToEndTlsTest {
  private static final Path MODELS = Path.of("..", "models");

  @TempDir
  static Path tmp;

  private static ServerPartyProcess server;
  private static Path serverLog;
  private static int serverPort;
  private static int serverMetricsPort;
  private static DevCertificates.Pki pki;
  private static Path certs;
  private static ServeCommand.Running client;
  private static ManagedChannel api;
  private static final List<ServeCommand.Running> started = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isRegularFile(ServerPartyProcess.JAR), "skipped: " + ServerPartyProcess.JAR.toAbsolutePath() + " does not exist;"
        + " build the reactor (mvn package) so that server-party's jar is there before client-party's tests");
    certs = tmp.resolve("certs");
    pki = DevCertificates.write(certs);
    serverLog = tmp.resolve("server-party.log");
    server = ServerPartyProcess.start(serverLog, List.of(), "--host", "127.0.0.1",
        "--port", "0", "--metrics-port", "0", "--max-sessions", "4", "--models", MODELS.toString(),
        "--tls-cert", certs.resolve(DevCertificates.SERVER_CERT_FILE).toString(),
        "--tls-key", certs.resolve(DevCertificates.SERVER_KEY_FILE).toString(),
        "--tls-ca", certs.resolve(DevCertificates.CA_FILE).toString());
    serverPort = server.port;
    serverMetricsPort = server.metricsPort;
    client = serve(certs.resolve(DevCertificates.CLIENT_CERT_FILE), certs.resolve(DevCertificates.CLIENT_KEY_FILE),
        certs.resolve(DevCertificates.CA_FILE));
    api = NettyChannelBuilder.forAddress("127.0.0.1", client.port()).usePlaintext().build();
  }

  /** Starts client-party's {@code serve} in this JVM against the server-party process. */
  private static ServeCommand.Running serve(String... linkFlags) throws IOException {
    List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--metrics-port", "0",
        "--server", "127.0.0.1:" + serverPort, "--deadline", "120", "--models", MODELS.toString()));
    args.addAll(List.of(linkFlags));
    CommandLine cl = new CommandLine(new ServeCommand());
    cl.parseArgs(args.toArray(new String[0]));
    ServeCommand.Running r = ((ServeCommand) cl.getCommand()).start();
    started.add(r);
    return r;
  }

  private static ServeCommand.Running serve(Path cert, Path key, Path ca) throws IOException {
    return serve("--tls-cert", cert.toString(), "--tls-key", key.toString(), "--tls-ca", ca.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    if (api != null) {
      api.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (ServeCommand.Running r : started) {
      r.stop(Duration.ofSeconds(1));
    }
    if (server != null) {
      server.close();
    }
  }

  private static PredictRequest request(String model, long[] x) {
    Tensor.Builder t = Tensor.newBuilder().addShape(x.length).setScale(12);
    for (long v : x) {
      t.addValues(v);
    }
    return PredictRequest.newBuilder().setModel(model).setInput(t).build();
  }

  private static long[] sampleInputs() {
    long[] x = new long[64];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.round((-6.0 + 12.0 * i / (x.length - 1)) * 4096);
    }
    return x;
  }

  private static long sigmoidTwin(long x) {
    return Ring.signed(ClearMath.sigmoid(x & 0xFFFF, new SigmoidParams(16, 12, 16, 12)), 16);
  }

  private static long tanhTwin(long x) {
    return Ring.signed(ClearMath.tanh(x & 0xFFFF, new TanhParams(16, 12, 16, 12)), 16);
  }

  private static PredictResponse predict(ManagedChannel channel, String model, long[] x) {
    return InferenceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).predict(request(model, x));
  }

  private static String scrape(int port) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return r.body();
  }

  /** Sum of the values of {@code metric} lines having every one of {@code labels}. */
  private static double sum(String scrape, String metric, String... labels) {
    double s = 0;
    for (String line : scrape.split("\n")) {
      if (!line.startsWith(metric + "{")) {
        continue;
      }
      boolean all = true;
      for (String l : labels) {
        all &= line.contains(l);
      }
      if (all) {
        s += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return s;
  }

  @Test
  void predictOverMutualTlsEqualsTheTwin_andBothPartiesPublishTheSession() throws Exception {
    long[] x = sampleInputs();
    PredictResponse r = predict(api, "sigmoid-q12", x);
    long[] want = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      want[i] = sigmoidTwin(x[i]);
    }
    assertArrayEquals(want, r.getScores().getValuesList().stream().mapToLong(Long::longValue).toArray());
    assertEquals(x.length - 1, r.getLabel(), "sigmoid is monotone: the largest input wins");
    assertTrue(r.getStatsList().stream().anyMatch(s -> s.getScope().equals("sigmoid") && s.getBytesSent() > 0));

    // server-party records its session metrics when its half ends, which may be just after our answer
    double serverSent = 0;
    String serverScrape = "";
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (serverSent <= 0 && System.nanoTime() < until) {
      serverScrape = scrape(serverMetricsPort);
      serverSent = sum(serverScrape, "sirnn_protocol_sent_bytes_total", "layer=\"sigmoid\"", "party=\"server\"");
      if (serverSent <= 0) {
        Thread.sleep(100);
      }
    }
    assertTrue(serverSent > 0, "server-party's /metrics has no sent bytes for layer sigmoid:\n" + serverScrape);
    String clientScrape = scrape(client.metricsPort());
    assertTrue(sum(clientScrape, "sirnn_protocol_sent_bytes_total", "layer=\"sigmoid\"", "party=\"client\"",
        "model=\"sigmoid-q12\"") > 0, clientScrape);
    assertTrue(sum(clientScrape, "sirnn_sessions_started_total", "model=\"sigmoid-q12\"") >= 1, clientScrape);
  }

  /**
   * The models imported from our own PyTorch exports (examples/onnx: nn.GRU, nn.LSTM and a hand-written cell, trained
   * on real digits) through both services with mutual TLS: all 100 labelled samples of each in one Predict
   * ([100, 8, 8], one session), every output equal to the twin's, the accuracy as the twin's.
   */
  @Test
  void importedOnnxModelsThroughBothServicesEqualTheTwinOnEverySample() throws Exception {
    ModelRepository local = ModelRepository.open(MODELS, ModelRepository.Holder.BOTH);
    for (String name : new String[] {"gru-digits", "lstm-digits", "cell-digits"}) {
      ServedModel m = local.get(name);
      Npy.Array samples = Npy.read(MODELS.resolve(name).resolve("samples.npy"));
      long[] x = m.encode(samples.values());
      int n = samples.shape()[0];
      Tensor.Builder t = Tensor.newBuilder().addShape(n).addShape(8).addShape(8);
      for (long v : x) {
        t.addValues(v);
      }
      PredictResponse r = InferenceGrpc.newBlockingStub(api).withDeadlineAfter(120, TimeUnit.SECONDS)
          .predict(PredictRequest.newBuilder().setModel(name).setInput(t).build());
      long[] secure = r.getScores().getValuesList().stream().mapToLong(Long::longValue).toArray();
      long[] twin = m.twin(x, n);
      assertArrayEquals(twin, secure, name + ": secure == twin on every sample");
      assertEquals(List.of(n, 10), r.getScores().getShapeList(), name);
      int[] labels = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
          MODELS.resolve(name).resolve("labels.json").toFile(), int[].class);
      int[] predicted = Inference.argmax(secure, 10);
      int correct = 0;
      for (int i = 0; i < n; i++) {
        correct += predicted[i] == labels[i] ? 1 : 0;
      }
      assertTrue(correct >= 90, name + ": " + correct + "/" + n + " correct");
      LayerStats session = r.getStatsList().get(0);
      System.out.println("end-to-end mTLS " + name + ": " + correct + "/" + n + " correct, secure == twin on all "
          + n + "; " + (session.getBytesSent() + session.getBytesReceived()) + " bytes, " + session.getRounds()
          + " rounds, " + Math.round(session.getMillis()) + " ms");
    }
  }

  @Test
  void clientWithoutAValidCertificateCannotOpenASession_andTheServerKeepsServing() throws Exception {
    DevCertificates.Issued foreign = BrokenCertificates.foreignClient();
    Path foreignCert = Files.writeString(tmp.resolve("foreign-client.pem"), foreign.certificatePem());
    Path foreignKey = Files.writeString(tmp.resolve("foreign-client.key"), foreign.privateKeyPem());
    Path foreignCa = Files.writeString(tmp.resolve("foreign-ca.pem"),
        DevCertificates.newAuthority("someone else's CA", Duration.ofDays(1)).certificatePem());
    Path ca = certs.resolve(DevCertificates.CA_FILE);

    record Bad(String what, ServeCommand.Running party) {}
    List<Bad> bad = List.of(
        new Bad("certificate from another CA", serve(foreignCert, foreignKey, ca)),
        new Bad("no TLS at all", serve("--insecure")),
        new Bad("trusts another CA than the server's", serve(certs.resolve(DevCertificates.CLIENT_CERT_FILE),
            certs.resolve(DevCertificates.CLIENT_KEY_FILE), foreignCa)));
    long[] x = sampleInputs();
    for (Bad b : bad) {
      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", b.party().port()).usePlaintext().build();
      try {
        long t0 = System.nanoTime();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> predict(ch, "tanh-q12", x),
            b.what());
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), b.what() + ": " + e.getStatus());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15), b.what() + ": took too long");
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    assertTrue(server.process.isAlive(), "server-party still runs");
    PredictResponse ok = predict(api, "tanh-q12", x);
    assertEquals(tanhTwin(x[0]), ok.getScores().getValues(0));
    assertEquals(tanhTwin(x[x.length - 1]), ok.getScores().getValues(x.length - 1));
  }

  /**
   * The real server-party with its default {@code --allow-client client-party}: a client certificate from the same CA
   * but for another name is refused with PERMISSION_DENIED (and the server logs the name), the server's own
   * certificate presented by a client fails the handshake, and the server keeps serving the right client.
   */
  @Test
  void clientsWithAnotherIdentityOrRoleCannotOpenASession() throws Exception {
    Status otherName = partyLinkStatus(BrokenCertificates.otherClient(pki, "mallory.example"));
    assertEquals(Status.Code.PERMISSION_DENIED, otherName.getCode(), otherName.toString());
    assertTrue(otherName.getDescription().contains("mallory.example")
        && otherName.getDescription().contains("not allowed"), otherName.toString());
    Status serverAsClient = partyLinkStatus(pki.server());
    assertEquals(Status.Code.UNAVAILABLE, serverAsClient.getCode(), serverAsClient.toString());

    String log = "";
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!log.contains("mallory.example") && System.nanoTime() < until) {
      Thread.sleep(100);
      log = Files.readString(serverLog);
    }
    assertTrue(log.contains("refused client identity [mallory.example]"), "server-party log:\n" + log);
    assertTrue(server.process.isAlive(), "server-party still runs");
    long[] x = sampleInputs();
    assertEquals(tanhTwin(x[0]), predict(api, "tanh-q12", x).getScores().getValues(0));
  }

  /** Opens a PartyLink session to server-party presenting {@code cert}, says hello, returns how the call ends. */
  private static Status partyLinkStatus(DevCertificates.Issued cert) throws Exception {
    io.grpc.ChannelCredentials creds = io.grpc.TlsChannelCredentials.newBuilder()
        .keyManager(new java.io.ByteArrayInputStream(cert.certificateBytes()),
            new java.io.ByteArrayInputStream(cert.privateKeyBytes()))
        .trustManager(new java.io.ByteArrayInputStream(pki.caBytes())).build();
    ManagedChannel ch = io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", serverPort, creds)
        .overrideAuthority(DevCertificates.SERVER_NAME).build();
    try {
      java.util.concurrent.CompletableFuture<Status> end = new java.util.concurrent.CompletableFuture<>();
      io.grpc.stub.StreamObserver<org.sirnn.proto.Frame> requests = org.sirnn.proto.PartyLinkGrpc.newStub(ch)
          .withDeadlineAfter(10, TimeUnit.SECONDS).session(new io.grpc.stub.StreamObserver<>() {
            @Override
            public void onNext(org.sirnn.proto.Frame frame) {}

            @Override
            public void onError(Throwable t) {
              end.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
              end.complete(Status.OK);
            }
          });
      requests.onNext(org.sirnn.proto.Frame.newBuilder().setRound(1).setHello(org.sirnn.proto.Hello.newBuilder()
          .setSessionId("identity-test").setRole("client")).build());
      return end.get(20, TimeUnit.SECONDS);
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void inferPrintsThePredictionAsJson() throws Exception {
    long[] x = {0, 4096, -4096, 12288, -20000};
    Path input = Files.writeString(tmp.resolve("input.json"), "[0, 4096, -4096, 12288, -20000]\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new InferCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("--model", "tanh-q12", "--input", input.toString(), "--server", "127.0.0.1:" + client.port(),
            "--json");
    assertEquals(0, code, err.toString());
    JsonNode j = new ObjectMapper().readTree(out.toString());
    assertEquals("tanh-q12", j.get("model").asText());
    assertEquals(x.length, j.get("scores").size());
    for (int i = 0; i < x.length; i++) {
      assertEquals(tanhTwin(x[i]), j.get("scores").get(i).asLong(), "score " + i);
    }
    assertEquals(3, j.get("label").asInt());
    boolean tanh = false;
    for (JsonNode l : j.get("layers")) {
      assertNotNull(l.get("scope"));
      assertTrue(l.get("bytes").isIntegralNumber() && l.get("rounds").isIntegralNumber()
          && l.get("millis").isNumber(), l.toString());
      if (l.get("scope").asText().equals("tanh")) {
        tanh = l.get("bytes").asLong() > 0 && l.get("rounds").asLong() > 0;
      }
    }
    assertTrue(tanh, "a 'tanh' layer with bytes and rounds: " + j.get("layers"));

    StringWriter text = new StringWriter();
    Path lines = Files.writeString(tmp.resolve("input.txt"), "# one per line\n0\n-4096\n\n4096\n");
    assertEquals(0, new CommandLine(new InferCommand()).setOut(new PrintWriter(text)).execute("--model",
        "sigmoid-q12", "--input", lines.toString(), "--server", "127.0.0.1:" + client.port()));
    assertTrue(text.toString().contains("label 2"), text.toString());

    StringWriter bad = new StringWriter();
    assertEquals(1, new CommandLine(new InferCommand()).setErr(new PrintWriter(bad)).execute("--model",
        "exp-q12", "--input", lines.toString(), "--server", "127.0.0.1:" + client.port()));
    assertTrue(bad.toString().contains("INVALID_ARGUMENT") && bad.toString().contains("4096"), bad.toString());
    assertFalse(bad.toString().isBlank());
  }
}
