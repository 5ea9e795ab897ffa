package org.sirnn.client.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml gives each party only its own private key: the one-shot {@code certs} service writes the
 * server's files into the {@code server-certs} volume and the client's into {@code client-certs}; server-party
 * mounts only the first, client-party only the second, both read-only, and each party's {@code --tls-*} flags point
 * into its own volume. server-party restricts the client identity with {@code --allow-client client-party}.
 */
class DockerComposeKeysTest {
  private static final Path COMPOSE = Path.of("..", "docker-compose.yml");
  private static Map<String, Object> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parse() throws IOException {
    try (Reader r = Files.newBufferedReader(COMPOSE)) {
      Map<String, Object> compose = new Yaml().load(r);
      services = (Map<String, Object>) compose.get("services");
      assertNotNull(services, "no services in " + COMPOSE.toAbsolutePath());
    }
  }

  /** Volume source -> mount target of a service, for named volumes (short or long syntax). */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> volumes(String service) {
    Map<String, Object> s = (Map<String, Object>) services.get(service);
    assertNotNull(s, "service " + service);
    Map<String, Map<String, Object>> result = new LinkedHashMap<>();
    for (Object v : (List<Object>) s.getOrDefault("volumes", List.of())) {
      if (v instanceof String shortSyntax) {
        String[] parts = shortSyntax.split(":");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", parts[1]);
        m.put("read_only", parts.length > 2 && parts[2].contains("ro"));
        result.put(parts[0], m);
      } else {
        Map<String, Object> m = (Map<String, Object>) v;
        result.put(String.valueOf(m.get("source")), m);
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static List<String> command(String service) {
    Object c = ((Map<String, Object>) services.get(service)).get("command");
    return c instanceof List<?> l ? new ArrayList<>((List<String>) l) : List.of(String.valueOf(c));
  }

  private static String flag(List<String> command, String name) {
    int i = command.indexOf(name);
    assertTrue(i >= 0 && i + 1 < command.size(), name + " missing in " + command);
    return command.get(i + 1);
  }

  @Test
  void eachPartyMountsOnlyItsOwnCertificateVolume_readOnly() {
    Map<String, Map<String, Object>> server = volumes("server-party");
    Map<String, Map<String, Object>> client = volumes("client-party");
    assertTrue(server.containsKey("server-certs"), "server-party mounts " + server.keySet());
    assertTrue(client.containsKey("client-certs"), "client-party mounts " + client.keySet());
    assertFalse(server.containsKey("client-certs") || server.containsKey("certs"), "server-party mounts "
        + server.keySet());
    assertFalse(client.containsKey("server-certs") || client.containsKey("certs"), "client-party mounts "
        + client.keySet());
    assertEquals(Boolean.TRUE, server.get("server-certs").get("read_only"));
    assertEquals(Boolean.TRUE, client.get("client-certs").get("read_only"));
  }

  @Test
  void noServiceButCertsMountsBothKeyVolumes() {
    for (String service : services.keySet()) {
      Map<String, Map<String, Object>> v = volumes(service);
      if (!service.equals("certs")) {
        assertFalse(v.containsKey("server-certs") && v.containsKey("client-certs"), service + " mounts both keys");
      }
    }
  }

  @Test
  void theCertsServiceWritesEachPartysFilesIntoItsVolume() {
    Map<String, Map<String, Object>> v = volumes("certs");
    String serverDir = String.valueOf(v.get("server-certs").get("target"));
    String clientDir = String.valueOf(v.get("client-certs").get("target"));
    String script = String.join(" ", command("certs"));
    assertTrue(script.contains("--server-out " + serverDir) && script.contains("--client-out " + clientDir),
        script);
  }

  @Test
  void eachPartysTlsFlagsPointIntoItsOwnVolume_andTheServerAllowsOnlyClientParty() {
    List<String> server = command("server-party");
    String serverMount = String.valueOf(volumes("server-party").get("server-certs").get("target"));
    assertEquals(serverMount + "/server.key", flag(server, "--tls-key"));
    assertEquals(serverMount + "/server.pem", flag(server, "--tls-cert"));
    assertEquals(serverMount + "/ca.pem", flag(server, "--tls-ca"));
    assertEquals("client-party", flag(server, "--allow-client"));
    List<String> client = command("client-party");
    String clientMount = String.valueOf(volumes("client-party").get("client-certs").get("target"));
    assertEquals(clientMount + "/client.key", flag(client, "--tls-key"));
    assertEquals(clientMount + "/client.pem", flag(client, "--tls-cert"));
    assertEquals(clientMount + "/ca.pem", flag(client, "--tls-ca"));
  }
}
