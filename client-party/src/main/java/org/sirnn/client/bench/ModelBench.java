package org.sirnn.client.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sirnn.client.AccuracyCommand;
import org.sirnn.client.LocalModel;
import org.sirnn.client.LoopbackLink;
import org.sirnn.mpc.Party;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.Traffic;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.nn.Google30Model;
import org.sirnn.nn.Google30Plain;
import org.sirnn.nn.Google30Secure;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.model.LabelledSamples;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.quant.Quantiser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench model NAME}: one secure inference over loopback gRPC. One JSON line per layer scope (bytes of both
 * directions, rounds, millis, calls), then a total line with bytes, rounds, millis,
 * {@code lan_projected_s = millis/1000 + rounds*0.0004 + bytes/377e6}, the scores and label, and whether they equal
 * the cleartext twin.
 *
 * <p>{@code google30} ({@code google30-fused}: with the step's sigmoid and tanh fused) runs its fixed-point program on its bundled utterance (setup excluded from the totals, as
 * before). Any other NAME is a model directory under {@code --models} (google13, usps, industrial72-standin): sample
 * 0 of its {@code samples.npy}, quantised, in one {@code ModelSession} (the whole session counted: header, setup,
 * inference, opening); the top-level scopes are listed with the model's own scope split into its layers.
 * {@code industrial72-standin}'s total line also carries the paper's figures (3.7 s, 23.8 MB on LAN).
 *
 * <p>{@code heads} (SiRnn's RNNPool face detector, {@code --models/heads/face2}) runs one full image ({@code --image},
 * default {@code --models/heads/classroom.npy}): one line per top-level layer scope, then a total line that also
 * carries {@code gb}, {@code matches_twin} (all 18000 outputs equal {@code HeadsSecure.twin}),
 * {@code equal_to_twin}, {@code p95_vs_float} (against the file's float reference, bar 0.5514) and the paper's
 * {@code paper_lan_s} 409.7 and {@code paper_gb} 85.5. It takes about 10 minutes and a heap of about 12 GB or more
 * ({@code java -Xmx14g -jar ...}); with less heap it refuses to start (exit 2) unless {@code --force}.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = "End-to-end secure inference of a model (google30, or any model under --models): per-layer and"
        + " total cost.")
public final class ModelBench implements Callable<Integer> {

  @Parameters(index = "0", description = "model name (google30, or a directory under --models, e.g. google13, usps,"
      + " industrial72-standin, heads)")
  String model;

  @Option(names = "--models", description = "model directory for models other than google30 (default:"
      + " ${DEFAULT-VALUE})")
  Path models = Path.of("models");

  @Option(names = "--image", description = "heads: the .npy image (default: --models/heads/classroom.npy)")
  Path image;

  @Option(names = "--force", description = "heads: run even if the heap looks too small for a full image")
  boolean force;

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
    boolean fused = Google30Model.NAME_FUSED.equals(model);
    if (LocalModel.HEADS.equals(model)) {
      return heads();
    }
    if (!Google30Model.NAME.equals(model) && !fused) {
      return generic();
    }
    Path dir = dataDir();
    Google30Model.Weights w = Google30Model.loadWeights(dir.resolve("weights.txt"));
    long[] x = Google30Model.loadInput(dir.resolve("input.txt"));
    Google30Plain.Result twin = Google30Plain.infer(w, x, fused);
    JsonLines out = new JsonLines(System.out);
    PartyLinkService.SessionHandler serverHalf = (hello, ch) -> {
      Party p = new Party(Party.Role.SERVER, ch);
      p.setup();
      Google30Secure.infer(p, w, null, fused);
    };
    try (LoopbackLink link = new LoopbackLink(serverHalf, FrameChannel.Options.defaults(), 0)) {
      FrameChannel ch = link.open(model);
      Party p = new Party(Party.Role.CLIENT, ch);
      p.setup();
      Traffic tr = ch.traffic();
      long b0 = tr.bytesSent() + tr.bytesReceived();
      long r0 = tr.rounds();
      long t0 = System.nanoTime();
      Google30Plain.Result res = Google30Secure.infer(p, null, x, fused);
      long nanos = System.nanoTime() - t0;
      long bytes = tr.bytesSent() + tr.bytesReceived() - b0;
      long rounds = tr.rounds() - r0;
      for (Map.Entry<String, Traffic.Stats> e : tr.snapshot().entrySet()) {
        String path = e.getKey();
        if (path.isEmpty() || path.indexOf('/') >= 0) {
          continue;
        }
        Traffic.Stats s = e.getValue();
        ObjectNode o = JsonLines.row("model", model + "/" + path, s.calls(), 16);
        o.put("scope", path);
        o.put("bytes", s.bytes());
        o.put("rounds", s.rounds());
        o.put("millis", Math.round(s.millis() * 10) / 10.0);
        o.put("calls", s.calls());
        out.print(o);
      }
      double millis = nanos / 1e6;
      ObjectNode o = JsonLines.row("model", model + "/total", 1, 16);
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

  /** One secure inference of a full Heads image over loopback gRPC. */
  private int heads() throws Exception {
    LocalModel m;
    LocalModel.HeadsInput in;
    Path img = image != null ? image : models.resolve(LocalModel.HEADS).resolve("classroom.npy");
    try {
      m = LocalModel.load(models, model);
      if (!m.isHeads()) {
        throw new IllegalArgumentException(models.resolve(model).resolve("face2") + ": not found");
      }
      in = LocalModel.headsInput(img);
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("bench model: " + e.getMessage());
      return 2;
    }
    String heap = LocalModel.headsHeapProblem();
    if (heap != null && !force) {
      System.err.println("bench model: " + heap);
      return 2;
    }
    long[] twin = m.twin(in.image());
    LocalModel.Run r;
    try (LoopbackLink link = m.loopback()) {
      r = m.secure(link, in.image(), 1);
    }
    int bits = org.sirnn.nn.heads.HeadsFixedBackend.DET_BITS;
    JsonLines out = new JsonLines(System.out);
    for (Map.Entry<String, Traffic.Stats> e : m.layers(r.scopes()).entrySet()) {
      Traffic.Stats s = e.getValue();
      ObjectNode o = JsonLines.row("model", model + "/" + e.getKey(), s.calls(), bits);
      o.put("scope", e.getKey());
      o.put("bytes", s.bytes());
      o.put("rounds", s.rounds());
      o.put("millis", Math.round(s.millis() * 10) / 10.0);
      o.put("calls", s.calls());
      out.print(o);
    }
    long[] y = r.scores().values();
    int equal = 0;
    for (int i = 0; i < y.length; i++) {
      equal += y[i] == twin[i] ? 1 : 0;
    }
    boolean same = Arrays.equals(y, twin);
    ObjectNode o = JsonLines.row("model", model + "/total", 1, bits);
    o.put("image", img.toString());
    o.put("bytes", r.bytes());
    o.put("rounds", r.rounds());
    o.put("millis", Math.round(r.millis() * 10) / 10.0);
    o.put("lan_projected_s", Math.round((r.millis() / 1000 + r.rounds() * 0.0004 + r.bytes() / 377e6) * 1000)
        / 1000.0);
    o.put("gb", Math.round(r.bytes() / 1e7) / 100.0);
    o.put("outputs", y.length);
    o.put("scale", r.scores().scale());
    o.put("matches_twin", same);
    o.put("equal_to_twin", equal);
    if (in.floatReference() != null) {
      o.put("p95_vs_float", Math.round(in.p95(y) * 1e6) / 1e6);
      o.put("p95_bar", org.sirnn.nn.heads.HeadsAccuracy.BAR);
    }
    o.put("paper_lan_s", 409.7);
    o.put("paper_gb", 85.5);
    o.put("max_heap_gb", Math.round(Runtime.getRuntime().maxMemory() / 1e8) / 10.0);
    out.print(o);
    return same ? 0 : 1;
  }

  /** One secure inference of sample 0 of a bundled generic model. */
  private int generic() throws Exception {
    LocalModel m;
    long[] x;
    try {
      m = LocalModel.load(models, model);
      if (m.google30()) {
        throw new IllegalArgumentException("google30 is benchmarked from its data directory (--data)");
      }
      LabelledSamples samples = ModelFiles.readSamples(m.dir());
      if (samples == null || samples.n() == 0) {
        throw new IllegalArgumentException(m.dir().resolve(ModelFiles.SAMPLES) + ": missing (the bench runs"
            + " sample 0)");
      }
      x = Quantiser.quantiseInput(m.spec(), samples.row(0));
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("bench model: " + e.getMessage());
      return 2;
    }
    long[] twin = m.twin(x);
    LocalModel.Run r;
    try (LoopbackLink link = m.loopback()) {
      r = m.secure(link, x, 1);
    }
    JsonLines out = new JsonLines(System.out);
    for (Map.Entry<String, Traffic.Stats> e : m.layers(r.scopes()).entrySet()) {
      Traffic.Stats s = e.getValue();
      ObjectNode o = JsonLines.row("model", model + "/" + e.getKey(), s.calls(), m.spec().bits());
      o.put("scope", e.getKey());
      o.put("bytes", s.bytes());
      o.put("rounds", s.rounds());
      o.put("millis", Math.round(s.millis() * 10) / 10.0);
      o.put("calls", s.calls());
      out.print(o);
    }
    long[] scores = r.scores().values();
    ObjectNode o = JsonLines.row("model", model + "/total", 1, m.spec().bits());
    o.put("bytes", r.bytes());
    o.put("rounds", r.rounds());
    o.put("millis", Math.round(r.millis() * 10) / 10.0);
    o.put("lan_projected_s", Math.round((r.millis() / 1000 + r.rounds() * 0.0004 + r.bytes() / 377e6) * 1000)
        / 1000.0);
    o.put("mb", Math.round(r.bytes() / 1e5) / 10.0);
    o.put("scores", Arrays.toString(scores));
    o.put("scale", r.scores().scale());
    o.put("label", Inference.argmax(scores, scores.length)[0]);
    boolean same = Arrays.equals(scores, twin);
    o.put("matches_twin", same);
    if (model.equals("industrial72-standin")) {
      o.put("paper_lan_s", 3.7);
      o.put("paper_mb", 23.8);
    }
    out.print(o);
    return same ? 0 : 1;
  }
}
