package org.sirnn.client.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sirnn.client.LoopbackLink;
import org.sirnn.mpc.Party;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.Traffic;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.nn.Google30Model;
import org.sirnn.nn.Google30Plain;
import org.sirnn.nn.Google30Secure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench model google30}: one secure inference of the Google-30 FastGRNN over loopback gRPC. One JSON line per
 * layer scope (bytes of both directions, rounds, millis, calls), then a total line with bytes, rounds, millis,
 * {@code lan_projected_s = millis/1000 + rounds*0.0004 + bytes/377e6}, the scores and label, and whether they equal
 * the cleartext twin.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = "End-to-end secure inference of a model (google30): per-layer and total cost.")
public final class ModelBench implements Callable<Integer> {

  @Parameters(index = "0", description = "model name (supported: google30)")
  String model;

  @Option(names = "--data", description = "directory with weights.txt and input.txt (default: $SIRNN_DATA/google30,"
      + " else shared/data/google30 or ../shared/data/google30)")
  Path data;

  private Path dataDir() {
    if (data != null) {
      return data;
    }
    String env = System.getenv("SIRNN_DATA");
    Path[] candidates = {env == null ? null : Path.of(env, "google30"), env == null ? null : Path.of(env),
        Path.of("shared", "data", "google30"), Path.of("..", "shared", "data", "google30")};
    for (Path c : candidates) {
      if (c != null && Files.isRegularFile(c.resolve("weights.txt"))) {
        return c;
      }
    }
    throw new IllegalArgumentException("google30 data not found: pass --data DIR or set SIRNN_DATA");
  }

  @Override
  public Integer call() throws Exception {
    if (!"google30".equals(model)) {
      System.err.println("unknown model '" + model + "' (supported: google30)");
      return 2;
    }
    Path dir = dataDir();
    Google30Model.Weights w = Google30Model.loadWeights(dir.resolve("weights.txt"));
    long[] x = Google30Model.loadInput(dir.resolve("input.txt"));
    Google30Plain.Result twin = Google30Plain.infer(w, x);
    JsonLines out = new JsonLines(System.out);
    PartyLinkService.SessionHandler serverHalf = (hello, ch) -> {
      Party p = new Party(Party.Role.SERVER, ch);
      p.setup();
      Google30Secure.infer(p, w, null);
    };
    try (LoopbackLink link = new LoopbackLink(serverHalf, FrameChannel.Options.defaults(), 0)) {
      FrameChannel ch = link.open("google30");
      Party p = new Party(Party.Role.CLIENT, ch);
      p.setup();
      Traffic tr = ch.traffic();
      long b0 = tr.bytesSent() + tr.bytesReceived();
      long r0 = tr.rounds();
      long t0 = System.nanoTime();
      Google30Plain.Result res = Google30Secure.infer(p, null, x);
      long nanos = System.nanoTime() - t0;
      long bytes = tr.bytesSent() + tr.bytesReceived() - b0;
      long rounds = tr.rounds() - r0;
      for (Map.Entry<String, Traffic.Stats> e : tr.snapshot().entrySet()) {
        String path = e.getKey();
        if (path.isEmpty() || path.indexOf('/') >= 0) {
          continue;
        }
        Traffic.Stats s = e.getValue();
        ObjectNode o = JsonLines.row("model", "google30/" + path, s.calls(), 16);
        o.put("scope", path);
        o.put("bytes", s.bytes());
        o.put("rounds", s.rounds());
        o.put("millis", Math.round(s.millis() * 10) / 10.0);
        o.put("calls", s.calls());
        out.print(o);
      }
      double millis = nanos / 1e6;
      ObjectNode o = JsonLines.row("model", "google30/total", 1, 16);
      o.put("bytes", bytes);
      o.put("rounds", rounds);
      o.put("millis", Math.round(millis * 10) / 10.0);
      o.put("lan_projected_s", Math.round((millis / 1000 + rounds * 0.0004 + bytes / 377e6) * 1000) / 1000.0);
      o.put("scores", Arrays.toString(res.scores()));
      o.put("label", res.label());
      o.put("matches_twin", Arrays.equals(res.scores(), twin.scores()) && res.label() == twin.label());
      out.print(o);
      ch.close();
    }
    return 0;
  }
}
