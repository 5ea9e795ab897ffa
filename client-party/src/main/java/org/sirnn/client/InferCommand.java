package org.sirnn.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.sirnn.client.service.InferenceService;
import org.sirnn.client.service.PartyConnector;
import org.sirnn.nn.runtime.ModelPlan;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import org.sirnn.proto.InferenceGrpc;
import org.sirnn.proto.LayerStats;
import org.sirnn.proto.PredictRequest;
import org.sirnn.proto.PredictResponse;
import org.sirnn.proto.Tensor;
import org.sirnn.nn.runtime.OtOption;
import org.sirnn.nn.runtime.ThreadsOption;
import org.sirnn.nn.runtime.WireOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code infer --model NAME --input FILE [--sample K] [--server HOST:PORT] [--json] [--models DIR]}: one secure
 * prediction. FILE holds the input in the model's encoding (fixed-point integers): one integer per line (blank
 * lines and {@code #} comments skipped), or a JSON array of integers; {@code -} reads standard input. A {@code .npy}
 * FILE holds floats, quantised with the model's input scale ({@code Quantiser.quantiseInput}): a 1-D array of the
 * model's input size, or an array whose trailing dimensions flatten to it, of which {@code --sample K} picks row K.
 *
 * <p>With {@code --server} a running {@code serve} is asked; without it the model runs locally: an in-process
 * server half on loopback gRPC with the weights of {@code --models/NAME}, the client half with only its metadata
 * ({@code google30}: its fixed-point program with {@code weights.txt}).
 *
 * <p>Prints the label, the output integers and bytes, rounds and time per scope; with {@code --json} one JSON
 * object {@code {"model", "scores", "scale", "label", "label_name", "bytes", "rounds", "millis",
 * "layers": [{"scope", "bytes", "rounds", "millis"}]}}; a label-only model ({@code "reveal": "label"} in its
 * model.json) prints {@code {"model", "reveal": "label", "label", "label_name", costs}} and no scores, which were
 * never opened. A failed call prints {@code infer: CODE: description} on
 * standard error and exits with 1; unreadable input, a wrong size or an unknown model exits with 2.
 *
 * <p>{@code heads} (SiRnn's RNNPool face detector, {@code --models/heads/face2}) takes one image: a .npy sample file
 * of the shared data (1 x 94800: the float model's 18000 outputs, then the 240 x 320 image), or the image alone
 * (76800 floats), quantised as its README fixes it; or a text file of 76800 signed 8-bit integers. Its local run
 * prints {@code {"model", "outputs" (18000 integers), "scale": 12, "bytes", "rounds", "millis", "layers",
 * "p95_vs_float" (when the file holds the float reference), "p95_bar"}} with {@code --json}, else a short summary.
 * A full image needs a heap of about 12 GB or more ({@code java -Xmx14g -jar ...}); below that the local run
 * refuses to start (exit 2) unless {@code --force}.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
    description = "Secure prediction of the input in FILE: by a running client-party 'serve' (--server), or with an"
        + " in-process server party on loopback gRPC.")
public final class InferCommand implements Callable<Integer> {
  @Mixin
  OtOption ot = new OtOption();

  @Mixin
  ThreadsOption threads = new ThreadsOption();

  @Mixin
  WireOption wire = new WireOption();


  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, description = "model name (e.g. sigmoid-q12, tanh-q12, exp-q12)")
  String model;

  @Option(names = "--input", required = true, description = "input: one integer per line or a JSON array (the"
      + " model's encoding), - for standard input, or a float .npy file (quantised with the model's input scale)")
  String input;

  @Option(names = "--server", description = "client-party Inference API HOST:PORT of a running 'serve'; without"
      + " it, an in-process server party on loopback gRPC serves the model from --models")
  String server;

  @Option(names = "--sample", description = "row K of a .npy input holding several samples (default: 0)")
  Integer sample;

  @Option(names = "--models", description = "model directory: weights for the local run, metadata for a .npy"
      + " input (default: ${DEFAULT-VALUE})")
  Path models = Path.of("models");

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Option(names = "--force", description = "heads: run locally even if the heap looks too small for a full image")
  boolean force;

  @Option(names = "--deadline", description = "deadline of the call in seconds (default: ${DEFAULT-VALUE})")
  double deadlineSeconds = 120;

  @Mixin
  ApiTlsOptions apiTls = new ApiTlsOptions();

  @Override
  public Integer call() throws Exception {
    if (server == null) {
      return local();
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long[] values;
    ChannelCredentials credentials;
    PartyConnector.HostPort target;
    try {
      target = PartyConnector.HostPort.parse("--server", server);
      if (!(deadlineSeconds > 0)) {
        throw new IllegalArgumentException("--deadline must be positive, got " + deadlineSeconds);
      }
      credentials = apiTls.channelCredentials();
      // a .npy input is quantised with the model's public plan
      ServedModel pub = ModelInputs.isNpy(input) ? ModelRepository.open(models, ModelRepository.Holder.CLIENT)
          .get(model) : null;
      values = pub != null ? ModelInputs.read(pub, input, sample).input() : ModelInputs.read(null, input, sample)
          .input();
    } catch (IllegalArgumentException | IOException e) {
      err.println("infer: " + e.getMessage());
      err.flush();
      return 2;
    }
    ManagedChannel channel = Grpc.newChannelBuilderForAddress(target.host(), target.port(), credentials)
        .maxInboundMessageSize(16 << 20).build();
    try {
      Tensor.Builder t = Tensor.newBuilder().addShape(values.length);
      for (long v : values) {
        t.addValues(v);
      }
      PredictResponse r = InferenceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(Math.round(deadlineSeconds * 1000), TimeUnit.MILLISECONDS)
          .predict(PredictRequest.newBuilder().setModel(model).setInput(t).build());
      out.println(json ? toJson(model, r) : toText(model, r));
      out.flush();
      return 0;
    } catch (StatusRuntimeException e) {
      String session = e.getTrailers() == null ? null : e.getTrailers().get(InferenceService.SESSION_TRAILER);
      err.println("infer: " + e.getStatus().getCode() + ": " + (e.getStatus().getDescription() != null
          ? e.getStatus().getDescription() : e.getMessage())
          + (e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE && session == null
              ? " (is client-party 'serve' running at " + target + "?)" : ""));
      err.flush();
      return 1;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Without {@code --server}: an in-process server half on loopback gRPC holding the weights of
   * {@code --models/NAME}, and the client half with the public plan only ({@link LocalRun}).
   */
  private int local() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServedModel m;
    long[] x;
    double[] expected = null;
    try {
      if (!input.equals("-") && !Files.isRegularFile(Path.of(input))) {
        throw new IllegalArgumentException("--input " + input + ": no such file");
      }
      m = ModelRepository.open(models, ModelRepository.Holder.BOTH).get(model);
      ServedModel.SampleInput si = ModelInputs.read(m, input, sample);
      x = si.input();
      expected = si.expected();
      try {
        m.plan().checkInput(x);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--input " + input + ": " + e.getMessage(), e);
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println("infer: " + e.getMessage());
      err.flush();
      return 2;
    }
    String heap = LocalRun.heapProblem(m.plan());
    if (heap != null && !force) {
      err.println("infer: " + heap);
      err.flush();
      return 2;
    }
    LocalRun.Result r;
    try (LocalRun run = LocalRun.start(ModelRepository.open(models, ModelRepository.Holder.BOTH), model,
        ot.backend(), threads.threads(), wire.goal(), null)) {
      r = run.run(x);
    } catch (RuntimeException e) {
      err.println("infer: secure inference failed: " + e);
      err.flush();
      return 1;
    }
    ModelPlan plan = m.plan();
    long[] scores = r.outputs();
    int label = plan.labelsOf(scores)[0];
    String labelName = plan.labelName(label);
    if (plan.revealsLabel()) {
      out.println(json ? labelJson(model, label, labelName, r) : labelText(model, label, labelName, r));
      out.flush();
      return 0;
    }
    double error = m.errorVsExpected(scores, expected);
    if (json) {
      ObjectNode o = JsonOutput.object();
      o.put("model", model);
      ArrayNode s = o.putArray("scores");
      Arrays.stream(scores).forEach(s::add);
      o.put("scale", plan.outputScale());
      o.put("label", label);
      if (labelName != null) {
        o.put("label_name", labelName);
      }
      if (!Double.isNaN(error)) {
        o.put("error_vs_expected", Math.round(error * 1e6) / 1e6);
      }
      double[] probabilities = m.probabilities(scores);
      if (probabilities != null) { // the plan's final Softmax, run here on the opened scores
        ArrayNode pr = o.putArray("probabilities");
        Arrays.stream(probabilities).forEach(v -> pr.add(Math.round(v * 1e6) / 1e6));
      }
      JsonOutput.putCosts(o, r);
      out.println(JsonOutput.text(o));
    } else {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format("model %s: label %d%s (%d outputs at scale %d; local server party on loopback"
          + " gRPC)%n", model, label, labelName == null ? "" : " '" + labelName + "'", scores.length,
          plan.outputScale()));
      sb.append("scores:");
      for (int i = 0; i < Math.min(scores.length, 256); i++) {
        sb.append(i % 16 == 0 ? "\n  " : " ").append(scores[i]);
      }
      sb.append(scores.length > 256 ? String.format("%n  ... (all %d: --json)%n", scores.length)
          : String.format("%n"));
      if (!Double.isNaN(error)) {
        sb.append(String.format("error vs the file's expected outputs: %.6f%n", error));
      }
      JsonOutput.appendCostTable(sb, r);
      out.println(sb);
    }
    out.flush();
    return 0;
  }

  /** A label-only model's local run: the label, its name and the costs; the scores were never opened. */
  private static String labelJson(String model, int label, String labelName, LocalRun.Result r) {
    ObjectNode o = JsonOutput.object();
    o.put("model", model);
    o.put("reveal", ModelPlan.Reveal.LABEL.json());
    o.put("label", label);
    if (labelName != null) {
      o.put("label_name", labelName);
    }
    JsonOutput.putCosts(o, r);
    return JsonOutput.text(o);
  }

  private static String labelText(String model, int label, String labelName, LocalRun.Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("model %s: label %d%s (label only: a secure argmax; the scores stay secret; local"
        + " server party on loopback gRPC)%n", model, label, labelName == null ? "" : " '" + labelName + "'"));
    JsonOutput.appendCostTable(sb, r);
    return sb.toString();
  }

  static String toJson(String model, PredictResponse r) {
    ObjectNode o = JsonOutput.object();
    o.put("model", model);
    if (!r.hasScores()) { // a label-only model: no scores were opened
      o.put("reveal", ModelPlan.Reveal.LABEL.json());
      if (!r.getLabelName().isEmpty()) {
        o.put("label_name", r.getLabelName());
      }
      if (r.getLabelsCount() > 1) {
        ArrayNode labels = o.putArray("labels");
        r.getLabelsList().forEach(labels::add);
      }
    } else {
      ArrayNode scores = o.putArray("scores");
      for (long v : r.getScores().getValuesList()) {
        scores.add(v);
      }
    }
    o.put("label", r.getLabel());
    ArrayNode layers = o.putArray("layers");
    for (LayerStats s : r.getStatsList()) {
      ObjectNode l = layers.addObject();
      l.put("scope", s.getScope());
      l.put("bytes", s.getBytesSent() + s.getBytesReceived());
      l.put("rounds", s.getRounds());
      l.put("millis", Math.round(s.getMillis() * 1000) / 1000.0);
      l.put("bytes_sent", s.getBytesSent());
      l.put("bytes_received", s.getBytesReceived());
    }
    if (r.hasScores()) {
      o.put("scale", r.getScores().getScale());
    }
    o.put("session_id", r.getSessionId());
    return JsonOutput.text(o);
  }

  static String toText(String model, PredictResponse r) {
    StringBuilder sb = new StringBuilder();
    if (!r.hasScores()) {
      sb.append(String.format("model %s: label %d%s (label only: a secure argmax; the scores stay secret; session"
          + " %s)", model, r.getLabel(), r.getLabelName().isEmpty() ? "" : " '" + r.getLabelName() + "'",
          r.getSessionId()));
      if (r.getLabelsCount() > 1) {
        sb.append(String.format("%nlabels: %s", r.getLabelsList()));
      }
    } else {
      sb.append(String.format("model %s: label %d (%d outputs at scale %d; session %s)%n", model, r.getLabel(),
          r.getScores().getValuesCount(), r.getScores().getScale(), r.getSessionId()));
      sb.append("scores:");
      for (int i = 0; i < r.getScores().getValuesCount(); i++) {
        sb.append(i % 16 == 0 ? "\n  " : " ").append(r.getScores().getValues(i));
      }
    }
    sb.append(String.format("%n%-32s %12s %12s %7s %10s%n", "scope", "bytes sent", "received", "rounds", "millis"));
    int hidden = 0;
    for (LayerStats s : r.getStatsList()) {
      if (s.getScope().chars().filter(c -> c == '/').count() > 1) {
        hidden++;
        continue;
      }
      sb.append(String.format("%-32s %12d %12d %7d %10.1f%n", s.getScope(), s.getBytesSent(), s.getBytesReceived(),
          s.getRounds(), s.getMillis()));
    }
    if (hidden > 0) {
      sb.append(String.format("(%d deeper scopes: see --json)%n", hidden));
    }
    return sb.toString().stripTrailing();
  }
}
