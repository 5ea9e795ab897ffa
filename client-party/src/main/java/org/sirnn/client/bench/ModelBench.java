package org.sirnn.client.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sirnn.client.JsonOutput;
import org.sirnn.client.LocalRun;
import org.sirnn.client.ModelInputs;
import org.sirnn.client.bench.link.LinkSpec;
import org.sirnn.client.service.PartyConnector;
import org.sirnn.net.Traffic;
import org.sirnn.nn.runtime.ModelPlan;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import org.sirnn.nn.runtime.OtOption;
import org.sirnn.nn.runtime.ThreadsOption;
import org.sirnn.nn.runtime.WireOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench model NAME [--models DIR] [--input FILE [--sample K]]}: one secure inference of any model of the
 * repository over loopback gRPC ({@link LocalRun}: the whole session counted, header, setup, layers, opening). One
 * JSON line per layer scope (bytes of both directions, rounds, millis, calls), then a total line with bytes, rounds,
 * millis, {@code lan_projected_s = millis/1000 + rounds*0.0004 + bytes/377e6}, the outputs (or their count), label,
 * {@code matches_twin} and {@code equal_to_twin} (outputs equal to the cleartext twin's), and
 * {@code error_vs_expected} where the input file carries expected outputs (Heads: p95 |output/4096 - float|).
 *
 * <p>The input defaults to the model's example input ({@link ModelRepository#sampleInput}: google30's utterance,
 * Heads' classroom image, sample 0 of a model's samples.npy). A model whose plan needs a large heap (Heads: about
 * 12 GB, {@code java -Xmx14g -jar ...}) refuses to start with less unless {@code --force}.
 *
 * <p>{@code --link RTT_MS:MBIT} measures the session over an emulated link (a delaying, rate-limiting relay on
 * loopback, {@link org.sirnn.client.bench.link.LinkRelay}) next to its projection: one untimed loopback run
 * (JIT warm-up, unless {@code --no-warmup}), then {@code --repeat} times (default 1) a loopback run as the
 * projection's reference and a run through the link. The rows describe the last linked run (millis through the
 * link); each carries {@code link} ({@code rtt_ms}, {@code mbit}), and the total's {@code link} also
 * {@code measured_s} (median of the linked runs), {@code projected_s} (median reference millis/1000 + rounds x
 * RTT/2 + bytes x 8 / rate, {@link LinkSpec#projectSeconds}), {@code loopback_s} (that median) and
 * {@code measured_over_projected}; {@code lan_projected_s} stays the last reference's LAN projection. Without
 * {@code --link}, {@code --repeat K} runs K sessions in a row: the rows describe the last, the total also carries
 * {@code runs_s} and {@code median_s}.
 *
 * <p>{@code --operators} prints a row for every scope path of the session (layers, then the operators nested in
 * them, each with its own bytes, rounds and calls), to see where a model's bytes and rounds go.
 *
 * <p>{@code --threads N} runs both parties with N workers (every row carries {@code threads}); {@code --wire G}
 * sets the sessions' wire goal (the header carries it to the server half; every row carries {@code wire});
 * {@code --server-party HOST:PORT} runs only the client half here, against a separate server-party process
 * (plaintext, {@code --insecure}, its {@code --threads} at least N) serving the same model from the same files:
 * each party in its own process.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = "End-to-end secure inference of a model of --models: per-layer and total cost.")
public final class ModelBench implements Callable<Integer> {
  @Mixin
  OtOption ot = new OtOption();

  @Mixin
  ThreadsOption threads = new ThreadsOption();

  @Mixin
  WireOption wire = new WireOption();


  @Parameters(index = "0", description = "model name (a directory under --models: google30, google30-fused,"
      + " google13, usps, industrial72-standin, heads, any imported model)")
  String model;

  @Option(names = "--models", description = "model directory (default: ${DEFAULT-VALUE})")
  Path models = Path.of("models");

  @Option(names = {"--input", "--image"}, description = "input file (default: the model's example input)")
  String input;

  @Option(names = "--sample", description = "row K of a .npy input (default: 0)")
  Integer sample;

  @Option(names = "--force", description = "run even if the heap looks too small for the model")
  boolean force;

  @Option(names = "--link", paramLabel = "RTT_MS:MBIT", description = "measure over an emulated link (a delaying,"
      + " rate-limiting TCP relay on loopback), e.g. 0.8:3000 (the paper's LAN, also 'lan') or 40:100 ('wan'),"
      + " next to the projection for it")
  String link;

  @Option(names = "--server-party", paramLabel = "HOST:PORT", description = "run only the client half here, against"
      + " a separate server-party process at HOST:PORT (plaintext: started with --insecure) serving the same model:"
      + " each party in its own process (not with --link)")
  String serverParty;

  @Option(names = "--operators", description = "also one row per operator scope (every nested scope path, e.g."
      + " cell/sigmoid/exp/millionaire), not only per layer")
  boolean operators;

  @Option(names = "--no-warmup", description = "with --link: no untimed loopback run before the measured ones")
  boolean noWarmup;

  @Option(names = "--repeat", description = "with --link: pairs of reference and linked runs, medians reported;"
      + " without: sessions in a row, the total's runs_s and median_s (default: ${DEFAULT-VALUE})")
  int repeat = 1;

  private PartyConnector.HostPort remote;

  @Override
  public Integer call() throws Exception {
    ModelRepository repo;
    ServedModel m;
    ServedModel.SampleInput in;
    String file;
    try {
      repo = ModelRepository.open(models, ModelRepository.Holder.BOTH);
      m = repo.get(model);
      Path example = repo.sampleInput(model);
      if (input == null && example == null) {
        throw new IllegalArgumentException("model " + model + " has no example input: pass --input FILE");
      }
      file = input != null ? input : example.toString();
      in = ModelInputs.read(m, file, sample);
      m.plan().checkInput(in.input());
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("bench model: " + e.getMessage());
      return 2;
    }
    LinkSpec spec;
    try {
      spec = link == null ? null : LinkSpec.parse(link);
      remote = serverParty == null ? null : PartyConnector.HostPort.parse("--server-party", serverParty);
      if (remote != null && spec != null) {
        throw new IllegalArgumentException("--server-party and --link cannot be combined");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("bench model: " + e.getMessage());
      return 2;
    }
    ModelPlan plan = m.plan();
    String heap = LocalRun.heapProblem(plan);
    if (heap != null && !force) {
      System.err.println("bench model: " + heap);
      return 2;
    }
    int batch = in.input().length / plan.inputCols();
    long[] twin = m.twin(in.input(), batch);
    if (repeat < 1) {
      System.err.println("bench model: --repeat must be at least 1, got " + repeat);
      return 2;
    }
    LocalRun.Result reference = null;
    double[] loopbackS = new double[repeat];
    double[] measuredS = new double[repeat];
    LocalRun.Result r = null;
    if (spec != null) {
      if (!noWarmup) {
        System.err.println("bench model: warm-up run on loopback");
        runOnce(repo, in.input(), null);
      }
      for (int i = 0; i < repeat; i++) {
        System.err.printf("bench model: reference run %d/%d on loopback%n", i + 1, repeat);
        reference = runOnce(repo, in.input(), null);
        loopbackS[i] = reference.millis() / 1000;
        System.err.printf("bench model: run %d/%d over link %s%n", i + 1, repeat, spec);
        r = runOnce(repo, in.input(), spec);
        measuredS[i] = r.millis() / 1000;
        System.err.printf("bench model: loopback %.2f s, over the link %.2f s%n", loopbackS[i], measuredS[i]);
      }
    } else {
      for (int i = 0; i < repeat; i++) {
        r = runOnce(repo, in.input(), null);
        loopbackS[i] = r.millis() / 1000;
        if (repeat > 1) {
          System.err.printf("bench model: run %d/%d %.2f s%n", i + 1, repeat, loopbackS[i]);
        }
      }
    }
    LocalRun.Result loopback = reference != null ? reference : r;
    JsonLines out = new JsonLines(System.out);
    for (Map.Entry<String, Traffic.Stats> e : (operators ? r.scopes() : r.layers()).entrySet()) {
      if (e.getKey().isEmpty()) {
        continue;
      }
      Traffic.Stats s = e.getValue();
      ObjectNode row = JsonOutput.putScope(JsonLines.row("model", model + "/" + e.getKey(), s.calls(), 0), e.getKey(),
          s);
      row.put("ot", OtOption.name(ot.backend()));
      row.put("wire", wire.goal().label());
      row.put("threads", threads.threads());
      if (spec != null) {
        putLink(row, spec);
      }
      out.print(row);
    }
    long[] y = r.outputs();
    int equal = 0;
    for (int i = 0; i < y.length; i++) {
      equal += y[i] == twin[i] && loopback.outputs()[i] == twin[i] ? 1 : 0;
    }
    ObjectNode o = JsonLines.row("model", model + "/total", batch, 0);
    o.put("ot", OtOption.name(ot.backend()));
    o.put("wire", wire.goal().label());
    o.put("threads", threads.threads());
    if (remote != null) {
      o.put("server_party", serverParty);
    }
    o.put("input", file);
    o.put("bytes", r.bytes());
    o.put("rounds", r.rounds());
    o.put("millis", JsonOutput.round1(r.millis()));
    o.put("lan_projected_s", JsonOutput.lanSeconds(loopback.millis(), loopback.rounds(), loopback.bytes()));
    if (spec != null) {
      ObjectNode l = putLink(o, spec);
      double measured = median(measuredS);
      double ref = median(loopbackS);
      double projected = spec.projectSeconds(ref * 1000, r.rounds(), r.bytes());
      l.put("measured_s", round3(measured));
      l.put("projected_s", round3(projected));
      l.put("loopback_s", round3(ref));
      l.put("measured_over_projected", round3(measured / projected));
      if (repeat > 1) {
        l.put("runs", repeat);
        putAll(l.putArray("measured_runs_s"), measuredS);
        putAll(l.putArray("loopback_runs_s"), loopbackS);
      }
      if (loopback.rounds() != r.rounds() || loopback.bytes() != r.bytes()) {
        l.put("loopback_rounds", loopback.rounds());
        l.put("loopback_bytes", loopback.bytes());
      }
    }
    if (spec == null && repeat > 1) {
      o.put("runs", repeat);
      putAll(o.putArray("runs_s"), loopbackS);
      o.put("median_s", round3(median(loopbackS)));
    }
    JsonOutput.putSplit(o, r.bytes(), r.rounds(), r.millis(), r.offline());
    o.put("mb", Math.round(r.bytes() / 1e5) / 10.0);
    if (y.length <= 64) {
      o.put("scores", Arrays.toString(y));
    }
    o.put("outputs", y.length);
    o.put("scale", plan.outputScale());
    o.put("label", plan.labelsOf(y)[0]);
    o.put("matches_twin", equal == y.length);
    o.put("equal_to_twin", equal);
    double error = m.errorVsExpected(y, in.expected());
    if (!Double.isNaN(error)) {
      o.put("error_vs_expected", Math.round(error * 1e6) / 1e6);
    }
    o.put("max_heap_gb", Math.round(Runtime.getRuntime().maxMemory() / 1e8) / 10.0);
    out.print(o);
    return equal == y.length ? 0 : 1;
  }

  /** One secure session of the model on a fresh link: plain loopback if {@code spec} is null. */
  private LocalRun.Result runOnce(ModelRepository repo, long[] input, LinkSpec spec) throws Exception {
    try (LocalRun run = remote != null
        ? LocalRun.remote(repo, model, ot.backend(), threads.threads(), wire.goal(), remote)
        : LocalRun.start(repo, model, ot.backend(), threads.threads(), wire.goal(), spec)) {
      return run.run(input);
    }
  }

  /** Adds {@code link: {rtt_ms, mbit}} to a row and returns it. */
  private static ObjectNode putLink(ObjectNode row, LinkSpec spec) {
    ObjectNode l = row.putObject("link");
    l.put("rtt_ms", spec.rttMillis());
    l.put("mbit", spec.mbit());
    return l;
  }

  /** The median (of an odd count; the upper middle of an even one). */
  private static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static void putAll(com.fasterxml.jackson.databind.node.ArrayNode a, double[] x) {
    for (double v : x) {
      a.add(round3(v));
    }
  }

  private static double round3(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
