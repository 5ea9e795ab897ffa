package org.sirnn.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.sirnn.client.ModelInputs;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.proto.InferenceGrpc;
import org.sirnn.proto.PredictRequest;
import org.sirnn.proto.PredictResponse;
import org.sirnn.proto.Tensor;

/**
 * The operations side against real tools, on one loopback stack started by scripts/run-local.sh (server-party and
 * client-party serve, as in {@link LocalTopologyIT}):
 * <ul>
 *   <li>a real Prometheus (the {@code prometheus} binary; Debian package {@code prometheus}) scrapes both parties
 *       with a config derived from deploy/prometheus/prometheus.yml, and the PromQL of every panel of
 *       deploy/grafana/dashboards/sirnn.json runs through its HTTP API after predictions of google30 and
 *       sigmoid-q12: the bytes-per-layer and per-operator panels must return series of those models;</li>
 *   <li>{@code promtool check metrics} accepts both parties' /metrics, {@code promtool check config} the shipped
 *       prometheus.yml;</li>
 *   <li>a caller that is not Java, examples/python/predict.py (Debian python3-grpcio and python3-grpc-tools),
 *       gets the same labels as {@code client-party infer --server} for google30 and google13.</li>
 * </ul>
 * Each part is skipped, with the reason, when its tool is missing; .ci/run installs them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PrometheusIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path SCRIPT = REPO.resolve("scripts/run-local.sh");
  private static final Path CLIENT_JAR = REPO.resolve("client-party/target/client-party.jar");
  private static final Path DASHBOARD = REPO.resolve("deploy/grafana/dashboards/sirnn.json");
  private static final Path PROM_CONFIG = REPO.resolve("deploy/prometheus/prometheus.yml");
  private static final Path PREDICT_PY = REPO.resolve("examples/python/predict.py");
  /** Models the Prometheus part runs (a network and a math function). */
  private static final List<String> PROM_MODELS = List.of("google30", "sigmoid-q12");
  /** Panels that must return series for every model that ran. */
  private static final List<String> REQUIRED_PANELS = List.of("Bytes sent per layer", "Bytes sent per operator");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, String> env = new HashMap<>();
  /** Models some test already ran on the stack (the counters stay, so later parts need not run them again). */
  private final java.util.Set<String> ran = new java.util.HashSet<>();
  private Map<String, String> ready = Map.of();
  private String stackProblem;
  private Path work;
  private Process prometheus;
  private String prometheusUrl;
  private Path prometheusLog;

  @BeforeAll
  void startStack() throws Exception {
    work = Files.createTempDirectory("sirnn-prom-it");
    if (!Files.isExecutable(SCRIPT) || !Files.exists(CLIENT_JAR)) {
      stackProblem = "scripts/run-local.sh or client-party.jar missing";
      return;
    }
    env.put("SIRNN_SERVER_PORT", String.valueOf(freePort()));
    env.put("SIRNN_SERVER_METRICS_PORT", String.valueOf(freePort()));
    env.put("SIRNN_CLIENT_PORT", String.valueOf(freePort()));
    env.put("SIRNN_CLIENT_METRICS_PORT", String.valueOf(freePort()));
    env.put("SIRNN_BUILD", "never");
    // google30 is a long session on a loaded machine: more than serve's default deadline of 60 s
    env.put("SIRNN_CLIENT_ARGS", "--deadline 170");
    env.put("SIRNN_RUN_DIR", work.resolve("run").toString());
    ready = runScript("start", 150);
    if (!ready.containsKey("READY")) {
      stackProblem = "run-local.sh did not report READY: " + ready;
      return;
    }
    if (onPath("prometheus") != null) {
      startPrometheus();
    }
  }

  @AfterAll
  void stopStack() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(15, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (!env.isEmpty()) {
      runScript("stop", 60);
    }
  }

  @Test
  @Order(1)
  void promtoolAcceptsTheShippedConfig() throws Exception {
    String promtool = onPath("promtool");
    assumeTrue(promtool != null, "promtool not installed (Debian package prometheus); .ci/run installs it");
    Result r = exec(List.of(promtool, "check", "config", PROM_CONFIG.toString()), null, 60);
    System.out.println("[PrometheusIT] promtool check config " + REPO.relativize(PROM_CONFIG) + ": exit " + r.code
        + "\n" + r.out.strip());
    assertEquals(0, r.code, "promtool check config " + PROM_CONFIG + ":\n" + r.out);
  }

  @Test
  @Order(2)
  void pythonClientGetsTheLabelsOfTheJavaCli() throws Exception {
    assumeStack();
    String python = pythonWithGrpc();
    assumeTrue(python != null, "no python3 with grpc and grpc_tools (Debian packages python3-grpcio and"
        + " python3-grpc-tools); .ci/run installs them");
    String api = ready.get("CLIENT_ADDR");
    // google13's bundled input is a float .npy: the Python client sends integers, encoded here as infer does
    Path g13 = work.resolve("google13-sample0.txt");
    long[] encoded = ModelInputs.read(ModelRepository.open(REPO.resolve("models"), ModelRepository.Holder.CLIENT)
        .get("google13"), REPO.resolve("models/google13/samples.npy").toString(), 0).input();
    Files.writeString(g13, "# google13 samples.npy row 0 in the model's encoding\n"
        + java.util.Arrays.stream(encoded).mapToObj(Long::toString).collect(Collectors.joining("\n")) + "\n");
    String[][] cases = {
        {"google30", "models/google30/input.txt", "models/google30/input.txt"},
        {"google13", g13.toString(), "models/google13/samples.npy"},
    };
    StringBuilder table = new StringBuilder(String.format("%-10s %-14s %-14s%n", "model", "python label",
        "java label"));
    List<String> mismatches = new ArrayList<>();
    for (String[] c : cases) {
      Result py = exec(List.of(python, PREDICT_PY.toString(), "--server", api, "--model", c[0], "--input", c[1],
          "--json"), null, 150);
      assertEquals(0, py.code, "predict.py " + c[0] + ":\n" + py.out);
      Result java = exec(List.of(javaCommand(), "-jar", CLIENT_JAR.toString(), "infer", "--server", api,
          "--model", c[0], "--input", c[2], "--sample", "0", "--models", "models", "--json"), null, 150);
      assertEquals(0, java.code, "infer --server " + c[0] + ":\n" + java.out);
      ran.add(c[0]);
      JsonNode p = lastJsonLine(py.out);
      JsonNode j = lastJsonLine(java.out);
      String pl = p.path("label").asText() + (p.has("label_name") ? " '" + p.get("label_name").asText() + "'" : "");
      String jl = j.path("label").asText() + (j.has("label_name") ? " '" + j.get("label_name").asText() + "'" : "");
      table.append(String.format("%-10s %-14s %-14s%n", c[0], pl, jl));
      if (!pl.equals(jl)) {
        mismatches.add(c[0] + ": python " + pl + ", java " + jl);
      }
    }
    System.out.println("[PrometheusIT] examples/python/predict.py vs client-party infer --server:\n" + table);
    assertTrue(mismatches.isEmpty(), "labels differ: " + mismatches);
  }

  @Test
  @Order(3)
  void everyDashboardPanelRunsOnARealPrometheus() throws Exception {
    assumeStack();
    assumeTrue(onPath("prometheus") != null,
        "prometheus not installed (Debian package prometheus); .ci/run installs it");
    assertTrue(prometheus != null && prometheus.isAlive(), "prometheus did not start; log:\n" + tail(prometheusLog));
    for (String model : PROM_MODELS) {
      if (!ran.contains(model)) {
        predict(model);
      }
    }
    List<Panel> panels = dashboardPanels();
    assertTrue(panels.size() >= 10, "panels read from " + DASHBOARD + ": " + panels.size());

    // rate()/increase() need two scrapes after the counters appeared: wait until the required panels answer
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    Map<String, Map<Panel, Integer>> counts = new LinkedHashMap<>();
    while (true) {
      counts.clear();
      for (String model : PROM_MODELS) {
        Map<Panel, Integer> perPanel = new LinkedHashMap<>();
        for (Panel p : panels) {
          perPanel.put(p, query(substitute(p.expr, model)).size());
        }
        counts.put(model, perPanel);
      }
      if (missing(counts).isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(1000);
    }

    StringBuilder table = new StringBuilder();
    table.append(String.format("%-30s %-4s", "panel", "ref"));
    for (String model : PROM_MODELS) {
      table.append(String.format(" %12s", model));
    }
    table.append(String.format("%n"));
    for (Panel p : panels) {
      table.append(String.format("%-30s %-4s", p.title.length() > 30 ? p.title.substring(0, 30) : p.title, p.ref));
      for (String model : PROM_MODELS) {
        table.append(String.format(" %12d", counts.get(model).get(p)));
      }
      table.append(String.format("%n"));
    }
    System.out.println("[PrometheusIT] series per dashboard panel (Prometheus " + prometheusUrl
        + ", $party=All, $model=each model):\n" + table);

    JsonNode modelValues = api("/api/v1/label/model/values?match[]="
        + URLEncoder.encode("{__name__=~\"sirnn_.+\"}", StandardCharsets.UTF_8));
    List<String> values = new ArrayList<>();
    modelValues.path("data").forEach(v -> values.add(v.asText()));
    System.out.println("[PrometheusIT] $model variable values: " + values);
    assertTrue(values.containsAll(PROM_MODELS), "the dashboard's $model variable lists " + values);
    assertTrue(missing(counts).isEmpty(), "panels without series: " + missing(counts) + "\n" + table
        + "prometheus log:\n" + tail(prometheusLog));
  }

  @Test
  @Order(4)
  void promtoolAcceptsBothPartiesMetrics() throws Exception {
    assumeStack();
    String promtool = onPath("promtool");
    assumeTrue(promtool != null, "promtool not installed (Debian package prometheus); .ci/run installs it");
    if (ran.isEmpty()) {
      predict("sigmoid-q12"); // so the per-model series exist even when the other parts were skipped
    }
    List<String> failures = new ArrayList<>();
    for (String party : List.of("SERVER", "CLIENT")) {
      String metrics = get(ready.get(party + "_METRICS_URL"));
      assertTrue(metrics.contains("sirnn_protocol_sent_bytes_total"), party + " metrics: no protocol counters");
      Result r = exec(List.of(promtool, "check", "metrics"), metrics, 60);
      System.out.println("[PrometheusIT] promtool check metrics < " + party.toLowerCase() + "-party /metrics ("
          + metrics.lines().filter(l -> !l.startsWith("#")).count() + " samples): exit " + r.code
          + (r.out.isBlank() ? "" : "\n" + r.out.strip()));
      if (r.code != 0) {
        failures.add(party.toLowerCase() + "-party:\n" + r.out.strip());
      }
    }
    assertTrue(failures.isEmpty(), "promtool check metrics: " + failures);
  }

  // ---- Prometheus ----

  private void startPrometheus() throws Exception {
    int port = freePort();
    String config = Files.readString(PROM_CONFIG, StandardCharsets.UTF_8);
    String derived = replaceOnce(config, "scrape_interval: 5s", "scrape_interval: 1s");
    derived = replaceOnce(derived, "scrape_timeout: 4s", "scrape_timeout: 1s");
    derived = replaceOnce(derived, "\"server-party:9401\"", "\"" + hostPort(ready.get("SERVER_METRICS_URL")) + "\"");
    derived = replaceOnce(derived, "\"client-party:9402\"", "\"" + hostPort(ready.get("CLIENT_METRICS_URL")) + "\"");
    derived = replaceOnce(derived, "\"localhost:9090\"", "\"127.0.0.1:" + port + "\"");
    Path cfg = work.resolve("prometheus.yml");
    Files.writeString(cfg, derived);
    prometheusLog = work.resolve("prometheus.log");
    prometheusUrl = "http://127.0.0.1:" + port;
    ProcessBuilder pb = new ProcessBuilder(onPath("prometheus"), "--config.file=" + cfg,
        "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port,
        "--storage.tsdb.retention.time=1h", "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(prometheusLog.toFile());
    prometheus = pb.start();
    prometheus.getOutputStream().close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && prometheus.isAlive()) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready")).timeout(Duration.ofSeconds(2))
            .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
  }

  private static String replaceOnce(String text, String from, String to) {
    int i = text.indexOf(from);
    if (i < 0 || text.indexOf(from, i + 1) >= 0) {
      throw new AssertionError(PROM_CONFIG + " no longer holds exactly one '" + from + "'; update PrometheusIT");
    }
    return text.replace(from, to);
  }

  private static String hostPort(String url) {
    URI u = URI.create(url);
    return u.getHost() + ":" + u.getPort();
  }

  /** The result vector of an instant query (fails on a PromQL error). */
  private JsonNode query(String promql) throws Exception {
    JsonNode r = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!"success".equals(r.path("status").asText())) {
      fail("PromQL failed: " + promql + "\n" + r);
    }
    return r.path("data").path("result");
  }

  private JsonNode api(String pathAndQuery) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return json.readTree(r.body());
  }

  private record Panel(String title, String ref, String expr) {}

  /** Every target of every panel (rows' nested panels included). */
  private List<Panel> dashboardPanels() throws IOException {
    List<Panel> out = new ArrayList<>();
    collect(json.readTree(DASHBOARD.toFile()).path("panels"), out);
    return out;
  }

  private static void collect(JsonNode panels, List<Panel> out) {
    for (JsonNode p : panels) {
      collect(p.path("panels"), out);
      for (JsonNode t : p.path("targets")) {
        if (t.hasNonNull("expr")) {
          out.add(new Panel(p.path("title").asText(), t.path("refId").asText(), t.get("expr").asText()));
        }
      }
    }
  }

  /** Grafana's template variables as the dashboard would set them: $party = All, $model = one model. */
  private static String substitute(String expr, String model) {
    String e = expr;
    for (String v : List.of("$__rate_interval", "${__rate_interval}", "$__interval", "${__interval}",
        "$__range", "${__range}")) {
      e = e.replace(v, "1m");
    }
    e = e.replace("${party}", ".*").replace("$party", ".*");
    e = e.replace("${model}", model).replace("$model", model); // the names are plain regexes of themselves
    assertTrue(!e.contains("$"), "template variable left in a panel query: " + e);
    return e;
  }

  private static List<String> missing(Map<String, Map<Panel, Integer>> counts) {
    List<String> out = new ArrayList<>();
    counts.forEach((model, perPanel) -> perPanel.forEach((p, n) -> {
      if (REQUIRED_PANELS.contains(p.title) && n == 0) {
        out.add(p.title + " / " + model);
      }
    }));
    return out;
  }

  // ---- the stack ----

  private void assumeStack() {
    assumeTrue(stackProblem == null, stackProblem);
  }

  private void predict(String model) throws InterruptedException {
    long[] x;
    if (model.equals("google30")) {
      try {
        x = Files.readAllLines(REPO.resolve("models/google30/input.txt")).stream().map(String::strip)
            .filter(s -> !s.isEmpty() && !s.startsWith("#")).mapToLong(Long::parseLong).toArray();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    } else {
      x = new long[] {0, 4096, -4096, 20000, -20000, 1};
    }
    Tensor.Builder t = Tensor.newBuilder().addShape(x.length);
    for (long v : x) {
      t.addValues(v);
    }
    String[] client = ready.get("CLIENT_ADDR").split(":");
    ManagedChannel api = NettyChannelBuilder.forAddress(client[0], Integer.parseInt(client[1])).usePlaintext()
        .build();
    try {
      PredictResponse r = InferenceGrpc.newBlockingStub(api).withDeadlineAfter(120, TimeUnit.SECONDS)
          .predict(PredictRequest.newBuilder().setModel(model).setInput(t).build());
      assertTrue(r.getStatsCount() > 0, model + ": no per-layer stats");
      ran.add(model);
    } finally {
      api.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private String get(String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url);
    return r.body();
  }

  private Map<String, String> runScript(String arg, int seconds) throws Exception {
    return RunLocalScript.run(SCRIPT, arg, env, seconds);
  }

  // ---- processes ----

  private record Result(int code, String out) {}

  /** Runs a command in the repository (stdin from {@code stdin}, stderr merged into the output). */
  private static Result exec(List<String> cmd, String stdin, int seconds) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true);
    Path out = Files.createTempFile("sirnn-prom-it", ".out");
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(cmd + " did not finish in " + seconds + " s:\n" + Files.readString(out));
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    Files.deleteIfExists(out);
    return new Result(p.exitValue(), text);
  }

  private JsonNode lastJsonLine(String out) throws IOException {
    List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
    assertTrue(!lines.isEmpty(), "no JSON line in:\n" + out);
    return json.readTree(lines.get(lines.size() - 1));
  }

  /** A python3 that imports grpc and grpc_tools: Debian's /usr/bin/python3 first (pyenv shims may hide it). */
  private static String pythonWithGrpc() throws Exception {
    List<String> candidates = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
      candidates.add("/usr/bin/python3");
    }
    String onPath = onPath("python3");
    if (onPath != null) {
      candidates.add(onPath);
    }
    for (String py : candidates) {
      if (exec(List.of(py, "-c", "import grpc, grpc_tools.protoc"), null, 60).code == 0) {
        return py;
      }
    }
    return null;
  }

  private static String javaCommand() {
    Path j = Path.of(System.getProperty("java.home"), "bin", "java");
    return Files.isExecutable(j) ? j.toString() : "java";
  }

  private static String onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return p.toString();
      }
    }
    return null;
  }

  private static String tail(Path log) {
    try {
      if (log == null || !Files.exists(log)) {
        return "(no log)";
      }
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
