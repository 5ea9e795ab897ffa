package org.sirnn.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.SigmoidParams;
import org.sirnn.proto.InferenceGrpc;
import org.sirnn.proto.PredictRequest;
import org.sirnn.proto.PredictResponse;
import org.sirnn.proto.Tensor;

/**
 * The deployment topology as plain processes (scripts/run-local.sh, the same as docker-compose.yml without Docker):
 * server-party and client-party serve with mutual TLS on loopback; a client application calls Predict over gRPC;
 * the answer equals the cleartext twin and server-party's metrics show per-layer byte counters. Runs after
 * packaging (failsafe), when both jars exist.
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocalTopologyIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @Test
  void predictThroughTheScriptedTopology_matchesTwinAndExportsMetrics() throws Exception {
    Path script = REPO.resolve("scripts/run-local.sh");
    assumeTrue(Files.isExecutable(script), "scripts/run-local.sh missing");
    assumeTrue(Files.exists(REPO.resolve("client-party/target/client-party.jar")), "client-party.jar not built");
    Map<String, String> env = new HashMap<>();
    env.put("SIRNN_SERVER_PORT", String.valueOf(freePort()));
    env.put("SIRNN_SERVER_METRICS_PORT", String.valueOf(freePort()));
    env.put("SIRNN_CLIENT_PORT", String.valueOf(freePort()));
    env.put("SIRNN_CLIENT_METRICS_PORT", String.valueOf(freePort()));
    env.put("SIRNN_BUILD", "never");
    env.put("SIRNN_RUN_DIR", Files.createTempDirectory("sirnn-it").toString());
    try {
      Map<String, String> ready = RunLocalScript.run(script, "start", env, 180);
      assertTrue(ready.containsKey("READY"), "script did not report READY: " + ready);
      long[] x = {0, 4096, -4096, 20000, -20000, 1};
      Tensor.Builder t = Tensor.newBuilder();
      for (long v : x) {
        t.addValues(v);
      }
      String[] client = ready.get("CLIENT_ADDR").split(":");
      ManagedChannel api = NettyChannelBuilder.forAddress(client[0], Integer.parseInt(client[1])).usePlaintext()
          .build();
      try {
        PredictResponse r = InferenceGrpc.newBlockingStub(api).withDeadlineAfter(120, TimeUnit.SECONDS)
            .predict(PredictRequest.newBuilder().setModel("sigmoid-q12").setInput(t).build());
        SigmoidParams sp = new SigmoidParams(16, 12, 16, 12);
        for (int i = 0; i < x.length; i++) {
          assertEquals(ClearMath.sigmoid(x[i] & 0xFFFF, sp), r.getScores().getValues(i), "sigmoid of " + x[i]);
        }
      } finally {
        api.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          ready.get("SERVER_METRICS_URL"))).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = Pattern.compile("sirnn_protocol_sent_bytes_total\\{[^}]*layer=\"sigmoid\"[^}]*} ([0-9.E]+)")
          .matcher(metrics);
      double total = 0;
      while (m.find()) {
        total += Double.parseDouble(m.group(1));
      }
      assertTrue(total > 0, "server-party exports bytes sent in layer sigmoid");
    } finally {
      RunLocalScript.run(script, "stop", env, 60);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
