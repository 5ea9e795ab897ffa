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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.sirnn.client.service.InferenceService;
import org.sirnn.client.service.PartyConnector;
import org.sirnn.net.grpc.tls.TlsConfig;
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
 * {@code infer --model NAME --input FILE [--server HOST:PORT] [--json]}: asks a running {@code serve} for one
 * prediction. FILE holds the input tensor in the model's encoding (fixed-point integers): one integer per line
 * (blank lines and {@code #} comments skipped), or a JSON array of integers; {@code -} reads standard input.
 *
 * <p>Prints the label, the output integers and bytes, rounds and time per scope; with {@code --json} one JSON
 * object {@code {"model", "scores", "label", "layers": [{"scope", "bytes", "rounds", "millis", ...}], ...}}.
 * A failed call prints {@code infer: CODE: description} on standard error and exits with 1; unreadable input
 * exits with 2.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
    description = "Ask a running client-party 'serve' for a secure prediction of the tensor in FILE.")
public final class InferCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, description = "model name (e.g. sigmoid-q12, tanh-q12, exp-q12)")
  String model;

  @Option(names = "--input", required = true, description = "input tensor: one integer per line or a JSON array;"
      + " - for standard input")
  String input;

  @Option(names = "--server", description = "client-party Inference API HOST:PORT (default: ${DEFAULT-VALUE})")
  String server = "localhost:7002";

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

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
      values = readValues(input);
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
