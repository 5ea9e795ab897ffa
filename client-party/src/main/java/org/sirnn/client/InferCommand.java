package org.sirnn.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.sirnn.client.service.InferenceService;
import org.sirnn.client.service.PartyConnector;
import org.sirnn.net.Traffic;
import org.sirnn.net.grpc.tls.TlsConfig;
import org.sirnn.nn.model.Architecture;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.model.ModelFiles;
import org.sirnn.nn.model.ModelSpec;
import org.sirnn.nn.model.Npy;
import org.sirnn.nn.quant.Quantiser;
import org.sirnn.proto.InferenceGrpc;
import org.sirnn.proto.LayerStats;
import org.sirnn.proto.PredictRequest;
import org.sirnn.proto.PredictResponse;
import org.sirnn.proto.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
 * "layers": [{"scope", "bytes", "rounds", "millis"}]}}. A failed call prints {@code infer: CODE: description} on
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

  /** The float reference of a heads .npy input (null if none). */
  private double[] headsReference;

  @Option(names = "--deadline", description = "deadline of the call in seconds (default: ${DEFAULT-VALUE})")
  double deadlineSeconds = 120;

  @Option(names = "--api-tls-ca", description = "speak TLS to the API, trusting this CA (PEM); default plaintext")
  Path apiCa;

  @Option(names = "--api-tls-cert", description = "client certificate (PEM) for an API that requires one")
  Path apiCert;

  @Option(names = "--api-tls-key", description = "client private key (PKCS#8 PEM) for --api-tls-cert")
  Path apiKey;

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
      credentials = credentials();
      if (isNpy(input) && model.equals(LocalModel.HEADS)) {
        if (sample != null && sample != 0) {
          throw new IllegalArgumentException("--sample: a heads .npy input is one image");
        }
        values = headsInput(input).image();
      } else if (isNpy(input)) {
        Path dir = models.resolve(model);
        if (!Files.isRegularFile(dir.resolve(ModelFiles.SPEC))) {
          throw new IllegalArgumentException("--input " + input + ": a .npy input is quantised with the model's"
              + " metadata, but " + dir.resolve(ModelFiles.SPEC) + " does not exist (pass --models DIR)");
        }
        ModelSpec ms = ModelFiles.readSpec(dir);
        values = Quantiser.quantiseInput(ms, npyRow(input, sample, Architecture.of(ms).inputCols()));
      } else {
        if (sample != null && sample != 0) {
          throw new IllegalArgumentException("--sample picks a row of a .npy input; " + input + " is one sample");
        }
        values = readValues(input);
      }
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
   * {@code --models/NAME}, and the client half with the public metadata only.
   */
  private int local() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalModel m;
    long[] x;
    try {
      if (!input.equals("-") && !Files.isRegularFile(Path.of(input))) {
        throw new IllegalArgumentException("--input " + input + ": no such file");
      }
      m = LocalModel.load(models, model);
      x = localInput(m);
    } catch (IllegalArgumentException | IOException e) {
      err.println("infer: " + e.getMessage());
      err.flush();
      return 2;
    }
    if (m.isHeads() && !force && LocalModel.headsHeapProblem() != null) {
      err.println("infer: " + LocalModel.headsHeapProblem());
      err.flush();
      return 2;
    }
    LocalModel.Run r;
    try (LoopbackLink link = m.loopback()) {
      r = m.secure(link, x, 1);
    } catch (RuntimeException e) {
      err.println("infer: secure inference failed: " + e);
      err.flush();
      return 1;
    }
    if (m.isHeads()) {
      printHeads(out, r, m.layers(r.scopes()));
      out.flush();
      return 0;
    }
    long[] scores = r.scores().values();
    int label = Inference.argmax(scores, scores.length)[0];
    String labelName = label < m.labels().size() ? m.labels().get(label) : null;
    Map<String, Traffic.Stats> layers = m.layers(r.scopes());
    if (json) {
      ObjectNode o = AccuracyCommand.JSON.createObjectNode();
      o.put("model", model);
      ArrayNode s = o.putArray("scores");
      Arrays.stream(scores).forEach(s::add);
      o.put("scale", r.scores().scale());
      o.put("label", label);
      if (labelName != null) {
        o.put("label_name", labelName);
      }
      putCosts(o, r, layers);
      out.println(AccuracyCommand.json(o));
    } else {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format("model %s: label %d%s (%d outputs at scale %d; local server party on loopback"
          + " gRPC)%n", model, label, labelName == null ? "" : " '" + labelName + "'", scores.length,
          r.scores().scale()));
      sb.append("scores:");
      for (int i = 0; i < scores.length; i++) {
        sb.append(i % 16 == 0 ? "\n  " : " ").append(scores[i]);
      }
      sb.append(String.format("%n"));
      appendCostTable(sb, r, layers);
      out.println(sb);
    }
    out.flush();
    return 0;
  }

  /** The session's bytes, rounds and millis, and one row per layer scope, into a JSON object. */
  private static void putCosts(ObjectNode o, LocalModel.Run r, Map<String, Traffic.Stats> layers) {
    o.put("bytes", r.bytes());
    o.put("rounds", r.rounds());
    o.put("millis", AccuracyCommand.round1(r.millis()));
    ArrayNode l = o.putArray("layers");
    layers.forEach((scope, st) -> {
      ObjectNode row = l.addObject();
      row.put("scope", scope);
      row.put("bytes", st.bytes());
      row.put("rounds", st.rounds());
      row.put("millis", AccuracyCommand.round1(st.millis()));
    });
  }

  /** The per-layer cost table and its total line, as text. */
  private static void appendCostTable(StringBuilder sb, LocalModel.Run r, Map<String, Traffic.Stats> layers) {
    sb.append(String.format("%-32s %14s %7s %10s%n", "scope", "bytes", "rounds", "millis"));
    layers.forEach((scope, st) -> sb.append(String.format("%-32s %14d %7d %10.1f%n", scope, st.bytes(),
        st.rounds(), st.millis())));
    sb.append(String.format("%-32s %14d %7d %10.1f", "total", r.bytes(), r.rounds(), r.millis()));
  }

  /** A heads .npy input; errors start with "--input FILE". */
  static LocalModel.HeadsInput headsInput(String file) throws IOException {
    try {
      return LocalModel.headsInput(Path.of(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--input " + e.getMessage(), e);
    }
  }

  /** A local heads run: all 18000 outputs with --json, else a summary. */
  private void printHeads(PrintWriter out, LocalModel.Run r, Map<String, Traffic.Stats> layers) {
    long[] y = r.scores().values();
    double p95 = headsReference == null ? Double.NaN : new LocalModel.HeadsInput(null, headsReference).p95(y);
    if (json) {
      ObjectNode o = AccuracyCommand.JSON.createObjectNode();
      o.put("model", model);
      ArrayNode s = o.putArray("outputs");
      Arrays.stream(y).forEach(s::add);
      o.put("scale", r.scores().scale());
      putCosts(o, r, layers);
      if (headsReference != null) {
        o.put("p95_vs_float", Math.round(p95 * 1e6) / 1e6);
        o.put("p95_bar", org.sirnn.nn.heads.HeadsAccuracy.BAR);
      }
      out.println(AccuracyCommand.json(o));
      return;
    }
    long min = Arrays.stream(y).min().orElse(0);
    long max = Arrays.stream(y).max().orElse(0);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("model %s: %d outputs at scale %d (local server party on loopback gRPC); min %d, max"
        + " %d; first 8:", model, y.length, r.scores().scale(), min, max));
    for (int i = 0; i < Math.min(8, y.length); i++) {
      sb.append(' ').append(y[i]);
    }
    sb.append(String.format("%n(all outputs: --json)%n"));
    if (headsReference != null) {
      sb.append(String.format("p95 |output/4096 - float| = %.6f (bar %s)%n", p95,
          org.sirnn.nn.heads.HeadsAccuracy.BAR));
    }
    appendCostTable(sb, r, layers);
    out.println(sb);
  }

  /** The local run's input integers: a text file as given, or a row of a .npy file quantised. */
  private long[] localInput(LocalModel m) throws IOException {
    int cols = m.inputCols();
    long[] x;
    if (isNpy(input) && m.isHeads()) {
      if (sample != null && sample != 0) {
        throw new IllegalArgumentException("--sample: a heads .npy input is one image");
      }
      LocalModel.HeadsInput hi = headsInput(input);
      headsReference = hi.floatReference();
      return hi.image();
    } else if (isNpy(input)) {
      double[] row = npyRow(input, sample, cols);
      if (m.google30()) {
        x = new long[row.length];
        for (int i = 0; i < row.length; i++) {
          if (row[i] != Math.rint(row[i])) {
            throw new IllegalArgumentException("--input " + input + ": google30 takes integer inputs (signed"
                + " 8-bit), value " + i + " is " + row[i]);
          }
          x[i] = (long) row[i];
        }
      } else {
        return Quantiser.quantiseInput(m.spec(), row);
      }
    } else {
      if (sample != null && sample != 0) {
        throw new IllegalArgumentException("--sample picks a row of a .npy input; " + input + " is one sample");
      }
      x = readValues(input);
    }
    if (x.length != cols) {
      throw new IllegalArgumentException("--input " + input + ": " + x.length + " values, model " + model
          + " takes " + cols + describeInput(m));
    }
    long max = (1L << (m.inputBits() - 1)) - 1;
    for (int i = 0; i < x.length; i++) {
      if (x[i] > max || x[i] < -max - 1) {
        throw new IllegalArgumentException("--input " + input + ": value " + i + " = " + x[i] + " is outside the"
            + " model's signed " + m.inputBits() + "-bit input range [" + (-max - 1) + ", " + max + "]");
      }
    }
    return x;
  }

  private static String describeInput(LocalModel m) {
    if (m.isHeads()) {
      return " (a 240 x 320 image of signed 8-bit integers, row-major, or a float .npy: 1 x 94800 sample file or"
          + " 76800 pixels)";
    }
    return m.google30() ? " (99 steps x 32 features, signed 8-bit)" : " (integers at scale "
        + m.spec().inputScale() + ", or a float .npy)";
  }

  static boolean isNpy(String file) {
    return file.toLowerCase(java.util.Locale.ROOT).endsWith(".npy");
  }

  /**
   * Row {@code sample} (default 0) of a float .npy: a 1-D array of {@code cols} values, or an array whose trailing
   * dimensions flatten to {@code cols} (the leading ones count the rows).
   */
  static double[] npyRow(String file, Integer sample, int cols) throws IOException {
    Path p = Path.of(file);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException("--input " + file + ": no such file");
    }
    Npy.Array a = Npy.read(p);
    int[] shape = a.shape();
    int split = -1;
    long tail = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      tail *= shape[i];
      if (tail == cols) {
        split = i;
      }
      if (tail > cols) {
        break;
      }
    }
    if (split < 0) {
      throw new IllegalArgumentException("--input " + file + ": shape " + Arrays.toString(shape)
          + " does not end in dimensions of " + cols + " values (the model's input)");
    }
    int rows = 1;
    for (int i = 0; i < split; i++) {
      rows *= shape[i];
    }
    int k = sample == null ? 0 : sample;
    if (k < 0 || k >= rows) {
      throw new IllegalArgumentException("--sample " + k + ": " + file + " has " + rows + " sample"
          + (rows == 1 ? "" : "s") + " (shape " + Arrays.toString(shape) + ")");
    }
    return Arrays.copyOfRange(a.values(), k * cols, (k + 1) * cols);
  }

  private ChannelCredentials credentials() throws IOException {
    if (apiCa == null) {
      if (apiCert != null || apiKey != null) {
        throw new IllegalArgumentException("--api-tls-cert/--api-tls-key need --api-tls-ca");
      }
      return InsecureChannelCredentials.create();
    }
    if (apiCert != null || apiKey != null) {
      return TlsConfig.of(apiCert, apiKey, apiCa).channelCredentials();
    }
    return TlsChannelCredentials.newBuilder().trustManager(apiCa.toFile()).build();
  }

  /** Reads the input integers from {@code file} ("-" = standard input): one per line or a JSON array. */
  static long[] readValues(String file) throws IOException {
    String where = file.equals("-") ? "standard input" : file;
    String text;
    if (file.equals("-")) {
      InputStream in = System.in;
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } else {
      Path p = Path.of(file);
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("--input " + file + ": no such file");
      }
      text = Files.readString(p, StandardCharsets.UTF_8);
    }
    String trimmed = text.strip();
    if (trimmed.startsWith("[")) {
      return fromJson(where, trimmed);
    }
    long[] buf = new long[1024];
    int n = 0;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String t = lines[i].strip();
      int hash = t.indexOf('#');
      if (hash >= 0) {
        t = t.substring(0, hash).strip();
      }
      if (t.isEmpty()) {
        continue;
      }
      try {
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, 2 * n);
        }
        buf[n++] = Long.parseLong(t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + " line " + (i + 1) + ": not an integer: '" + t + "'");
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(where + ": no input integers");
    }
    return Arrays.copyOf(buf, n);
  }

  private static long[] fromJson(String where, String text) {
    JsonNode node;
    try {
      node = new ObjectMapper().readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": not a valid JSON array: " + e.getOriginalMessage());
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(where + ": expected a JSON array of integers");
    }
    long[] v = new long[node.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode e = node.get(i);
      if (!e.isIntegralNumber() || !e.canConvertToLong()) {
        throw new IllegalArgumentException(where + ": element " + i + " is not a 64-bit integer: " + e);
      }
      v[i] = e.asLong();
    }
    if (v.length == 0) {
      throw new IllegalArgumentException(where + ": empty JSON array");
    }
    return v;
  }

  static String toJson(String model, PredictResponse r) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode o = mapper.createObjectNode();
    o.put("model", model);
    ArrayNode scores = o.putArray("scores");
    for (long v : r.getScores().getValuesList()) {
      scores.add(v);
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
    o.put("scale", r.getScores().getScale());
    o.put("session_id", r.getSessionId());
    try {
      return mapper.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String toText(String model, PredictResponse r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("model %s: label %d (%d outputs at scale %d; session %s)%n", model, r.getLabel(),
        r.getScores().getValuesCount(), r.getScores().getScale(), r.getSessionId()));
    sb.append("scores:");
    for (int i = 0; i < r.getScores().getValuesCount(); i++) {
      sb.append(i % 16 == 0 ? "\n  " : " ").append(r.getScores().getValues(i));
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
