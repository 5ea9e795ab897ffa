package org.sirnn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sirnn.metrics.MetricsEndpoint;
import org.sirnn.metrics.SessionMetrics;
import org.sirnn.net.grpc.tls.DevCertificates;
import org.sirnn.proto.InferenceGrpc;

/**
 * CI check of the Kubernetes manifests in {@code deploy/k8s}: every file parses; container ports and arguments
 * agree with the code's defaults (server-party {@code --port}/{@code --metrics-port} in {@link ServerPartyMain},
 * client-party {@code serve} in {@code ServeCommand}); probes use ports the containers declare and paths/services
 * the code serves; Secrets hold the file names the dev PKI writes, each party's key only in its own Secret, and
 * every {@code /certs/...} argument is a key of the Secret mounted there; Services, the ServiceMonitor and the HPA
 * point at things that exist; the HPA's metric is one server-party exports; image names agree with
 * docker-compose.yml.
 */
class K8sManifestsTest {
  private static Path root;
  private static final Map<String, List<JsonNode>> byKind = new HashMap<>();
  private static final List<Path> files = new ArrayList<>();

  @BeforeAll
  static void load() throws IOException {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("deploy/k8s"))) {
      p = p.getParent();
    }
    assertNotNull(p, "deploy/k8s not found above " + Path.of("").toAbsolutePath());
    root = p;
    YAMLMapper yaml = new YAMLMapper();
    try (Stream<Path> s = Files.list(root.resolve("deploy/k8s"))) {
      s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().forEach(files::add);
    }
    assertFalse(files.isEmpty());
    for (Path f : files) {
      try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(f.toFile())) {
        while (it.hasNext()) {
          JsonNode doc = it.next();
          if (doc == null || doc.isNull() || doc.isEmpty()) {
            continue;
          }
          assertTrue(doc.hasNonNull("kind") && doc.hasNonNull("apiVersion"), f + ": kind and apiVersion");
          byKind.computeIfAbsent(doc.get("kind").asText(), k -> new ArrayList<>()).add(doc);
        }
      }
    }
  }

  private static List<JsonNode> all(String kind) {
    return byKind.getOrDefault(kind, List.of());
  }

  private static JsonNode named(String kind, String name) {
    return all(kind).stream().filter(d -> name.equals(d.at("/metadata/name").asText())).findFirst()
        .orElseGet(() -> fail("no " + kind + " named " + name + " in deploy/k8s"));
  }

  private static JsonNode container(String deployment) {
    JsonNode cs = named("Deployment", deployment).at("/spec/template/spec/containers");
    assertEquals(1, cs.size(), deployment + ": one container");
    return cs.get(0);
  }

  private static List<String> args(JsonNode container) {
    List<String> a = new ArrayList<>();
    container.path("args").forEach(n -> a.add(n.asText()));
    return a;
  }

  private static String arg(List<String> args, String flag) {
    int i = args.indexOf(flag);
    assertTrue(i >= 0 && i + 1 < args.size(), "argument " + flag + " in " + args);
    return args.get(i + 1);
  }

  /** Container port number by name. */
  private static Map<String, Integer> ports(JsonNode container) {
    Map<String, Integer> m = new HashMap<>();
    container.path("ports").forEach(p -> m.put(p.path("name").asText(), p.path("containerPort").asInt()));
    return m;
  }

  /** A probe's port: a number or a container port name. */
  private static int probePort(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    Integer n = ports(container).get(port.asText());
    assertNotNull(n, "probe port " + port + " is not a container port");
    return n;
  }

  /** client-party serve's default of an int field, read from ServeCommand's source (the parties share no code). */
  private static int serveDefault(String field) throws IOException {
    String src = Files.readString(root.resolve("client-party/src/main/java/org/sirnn/client/ServeCommand.java"));
    Matcher m = Pattern.compile("\\bint " + field + " = (\\d+);").matcher(src);
    assertTrue(m.find(), "ServeCommand: int " + field);
    return Integer.parseInt(m.group(1));
  }

  @Test
  void everyFileParsesAndKustomizationListsExistingFiles() {
    assertTrue(byKind.containsKey("Deployment") && byKind.containsKey("Service"), "kinds: " + byKind.keySet());
    JsonNode k = all("Kustomization").stream().findFirst().orElseGet(() -> fail("kustomization.yaml"));
    Set<String> listed = new HashSet<>();
    k.path("resources").forEach(r -> listed.add(r.asText()));
    for (String r : listed) {
      assertTrue(Files.isRegularFile(root.resolve("deploy/k8s").resolve(r)), "kustomization resource " + r);
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (!name.equals("kustomization.yaml") && !name.contains("example")) {
        assertTrue(listed.contains(name), name + " is not in kustomization.yaml");
      }
    }
    assertFalse(listed.stream().anyMatch(r -> r.contains("secret")), "Secrets are created by hand, not applied");
  }

  @Test
  void serverParty_portsAndArgsAreTheCodeDefaults() {
    ServerPartyMain defaults = new ServerPartyMain();
    JsonNode c = container("server-party");
    Map<String, Integer> ports = ports(c);
    assertEquals(defaults.port, ports.get("partylink"));
    assertEquals(defaults.metricsPort, ports.get("metrics"));
    List<String> a = args(c);
    assertEquals(String.valueOf(defaults.port), arg(a, "--port"));
    assertEquals(String.valueOf(defaults.metricsPort), arg(a, "--metrics-port"));
  }

  @Test
  void clientParty_portsAndArgsAreTheCodeDefaults() throws IOException {
    JsonNode c = container("client-party");
    Map<String, Integer> ports = ports(c);
    assertEquals(serveDefault("port"), ports.get("api"));
    assertEquals(serveDefault("metricsPort"), ports.get("metrics"));
    List<String> a = args(c);
    assertEquals("serve", a.get(0));
    assertEquals(String.valueOf(serveDefault("port")), arg(a, "--port"));
    assertEquals(String.valueOf(serveDefault("metricsPort")), arg(a, "--metrics-port"));
    // --server names the server-party Service on its PartyLink port, by the name its certificate carries
    JsonNode svc = named("Service", DevCertificates.SERVER_NAME);
    int partyLink = 0;
    for (JsonNode p : svc.at("/spec/ports")) {
      if (p.path("name").asText().equals("partylink")) {
        partyLink = p.path("port").asInt();
      }
    }
    assertEquals(DevCertificates.SERVER_NAME + ":" + partyLink, arg(a, "--server"));
    assertEquals(new ServerPartyMain().port, partyLink);
  }

  @Test
  void probes_useDeclaredPortsAndServedPaths() {
    JsonNode server = container("server-party");
    int metrics = new ServerPartyMain().metricsPort;
    for (String probe : List.of("startupProbe", "readinessProbe")) {
      JsonNode h = server.path(probe).path("httpGet");
      assertEquals(MetricsEndpoint.HEALTH_PATH, h.path("path").asText(), "server-party " + probe);
      assertEquals(metrics, probePort(server, h.path("port")), "server-party " + probe);
    }
    assertEquals(new ServerPartyMain().port, probePort(server, server.at("/livenessProbe/tcpSocket/port")));

    JsonNode client = container("client-party");
    JsonNode grpc = client.at("/readinessProbe/grpc");
    assertEquals(ports(client).get("api"), probePort(client, grpc.path("port")));
    String service = grpc.path("service").asText("");
    assertTrue(service.isEmpty() || service.equals(InferenceGrpc.SERVICE_NAME), "gRPC health service " + service);
    assertEquals(ports(client).get("api"), probePort(client, client.at("/livenessProbe/tcpSocket/port")));
  }

  @Test
  void secrets_holdEachPartysFilesAndOnlyItsOwnKey() {
    checkSecrets("server-party", Set.of(DevCertificates.SERVER_CERT_FILE, DevCertificates.SERVER_KEY_FILE,
        DevCertificates.CA_FILE), DevCertificates.CLIENT_KEY_FILE);
    checkSecrets("client-party", Set.of(DevCertificates.CLIENT_CERT_FILE, DevCertificates.CLIENT_KEY_FILE,
        DevCertificates.CA_FILE), DevCertificates.SERVER_KEY_FILE);
  }

  private void checkSecrets(String deployment, Set<String> required, String forbidden) {
    JsonNode pod = named("Deployment", deployment).at("/spec/template/spec");
    JsonNode c = container(deployment);
    Map<String, JsonNode> volumes = new HashMap<>();
    pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
    Map<String, Set<String>> filesByMount = new HashMap<>();
    for (JsonNode m : c.path("volumeMounts")) {
      JsonNode v = volumes.get(m.path("name").asText());
      assertNotNull(v, deployment + ": volume " + m.path("name").asText());
      if (!v.has("secret")) {
        continue;
      }
      JsonNode secret = named("Secret", v.at("/secret/secretName").asText());
      Set<String> keys = new HashSet<>();
      for (String section : List.of("data", "stringData")) {
        Iterator<String> it = secret.path(section).fieldNames();
        it.forEachRemaining(keys::add);
      }
      assertTrue(keys.containsAll(required), deployment + "'s Secret holds " + required + ", has " + keys);
      assertFalse(keys.contains(forbidden), deployment + "'s Secret must not hold " + forbidden);
      Set<String> mounted = new HashSet<>();
      if (v.at("/secret/items").isArray()) {
        for (JsonNode item : v.at("/secret/items")) {
          assertTrue(keys.contains(item.path("key").asText()), "item key " + item.path("key").asText());
          mounted.add(item.path("path").asText());
        }
      } else {
        mounted.addAll(keys);
      }
      filesByMount.put(m.path("mountPath").asText(), mounted);
    }
    assertFalse(filesByMount.isEmpty(), deployment + " mounts no Secret");
    int referenced = 0;
    for (String a : args(c)) {
      for (Map.Entry<String, Set<String>> e : filesByMount.entrySet()) {
        if (a.startsWith(e.getKey() + "/")) {
          String file = a.substring(e.getKey().length() + 1);
          assertTrue(e.getValue().contains(file), deployment + ": argument " + a + " is not a mounted key");
          referenced++;
        }
      }
    }
    assertEquals(3, referenced, deployment + ": --tls-cert, --tls-key and --tls-ca point into the Secret");
  }

  @Test
  void services_selectPodsAndTargetDeclaredPorts() {
    for (JsonNode svc : all("Service")) {
      String name = svc.at("/metadata/name").asText();
      JsonNode deployment = all("Deployment").stream()
          .filter(d -> matches(svc.at("/spec/selector"), d.at("/spec/template/metadata/labels"))).findFirst()
          .orElseGet(() -> fail("Service " + name + " selects no Deployment's pods"));
      JsonNode c = deployment.at("/spec/template/spec/containers/0");
      for (JsonNode p : svc.at("/spec/ports")) {
        assertEquals(p.path("port").asInt(), probePort(c, p.path("targetPort")), name + " port " + p);
      }
      assertTrue(matches(deployment.at("/spec/selector/matchLabels"), deployment.at("/spec/template/metadata/labels")));
    }
  }

  @Test
  void serviceMonitor_scrapesMetricsPortsOfBothParties() {
    JsonNode sm = all("ServiceMonitor").stream().findFirst().orElseGet(() -> fail("ServiceMonitor"));
    Set<String> scraped = new HashSet<>();
    for (JsonNode svc : all("Service")) {
      if (matches(sm.at("/spec/selector/matchLabels"), svc.at("/metadata/labels"))) {
        for (JsonNode e : sm.at("/spec/endpoints")) {
          assertEquals(MetricsEndpoint.METRICS_PATH, e.path("path").asText());
          boolean found = false;
          for (JsonNode p : svc.at("/spec/ports")) {
            found |= p.path("name").asText().equals(e.path("port").asText());
          }
          assertTrue(found, "Service " + svc.at("/metadata/name").asText() + " has no port " + e.path("port"));
        }
        scraped.add(svc.at("/metadata/name").asText());
      }
    }
    assertEquals(Set.of("server-party", "client-party"), scraped);
  }

  @Test
  void hpa_targetsTheServerDeploymentOnAMetricServerPartyExports() throws Exception {
    JsonNode hpa = all("HorizontalPodAutoscaler").stream().findFirst().orElseGet(() -> fail("HPA"));
    JsonNode target = hpa.at("/spec/scaleTargetRef");
    assertEquals("Deployment", target.path("kind").asText());
    assertNotNull(named("Deployment", target.path("name").asText()));
    assertEquals("server-party", target.path("name").asText());
    assertTrue(hpa.at("/spec/minReplicas").asInt() >= 1
        && hpa.at("/spec/maxReplicas").asInt() >= hpa.at("/spec/minReplicas").asInt());
    List<String> podMetrics = new ArrayList<>();
    for (JsonNode m : hpa.at("/spec/metrics")) {
      if (m.path("type").asText().equals("Pods")) {
        podMetrics.add(m.at("/pods/metric/name").asText());
      }
    }
    assertFalse(podMetrics.isEmpty(), "a Pods metric");
    // the names server-party's Prometheus scrape really carries
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ServerParty party = new ServerParty(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        new ServerParty.Config(2, 1 << 20, Duration.ofSeconds(5)), new SessionMetrics(registry, "server"));
    try {
      String scrape = registry.scrape();
      for (String metric : podMetrics) {
        assertTrue(Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{").matcher(scrape).find(),
            metric + " is not in server-party's scrape:\n" + scrape);
      }
    } finally {
      party.stop(Duration.ofSeconds(1));
    }
  }

  @Test
  void images_agreeWithDockerCompose() throws IOException {
    JsonNode compose = new YAMLMapper().readTree(root.resolve("docker-compose.yml").toFile());
    for (String party : List.of("server-party", "client-party")) {
      String composeImage = compose.at("/services/" + party + "/image").asText();
      String k8sImage = container(party).path("image").asText();
      assertEquals(repository(composeImage), repository(k8sImage), party + " image");
    }
  }

  /** The image name without its tag or digest. */
  private static String repository(String image) {
    String s = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = s.indexOf(':', s.lastIndexOf('/') + 1); // compose's tag may be ${SIRNN_TAG:-dev}
    return colon >= 0 ? s.substring(0, colon) : s;
  }

  private static boolean matches(JsonNode selector, JsonNode labels) {
    if (selector.isMissingNode() || selector.isEmpty()) {
      return false;
    }
    Iterator<String> it = selector.fieldNames();
    while (it.hasNext()) {
      String key = it.next();
      if (!selector.get(key).asText().equals(labels.path(key).asText(null))) {
        return false;
      }
    }
    return true;
  }
}
