package org.sirnn.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.sirnn.net.Traffic;

/**
 * The one JSON writer of the command line ({@code infer --json}, {@code accuracy}, {@code bench}): objects built
 * with Jackson, written on one line; the cost fields of a session (bytes, rounds, millis, one row per layer) and
 * their text table.
 */
public final class JsonOutput {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonOutput() {}

  /** A new empty object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The object as one line of JSON. */
  public static String text(ObjectNode o) {
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** x rounded to 0.1. */
  public static double round1(double x) {
    return Math.round(x * 10) / 10.0;
  }

  /** LAN time projection: millis + rounds x 0.4 ms + bytes / 377 MB/s (docs/benchmarks.md), in seconds. */
  public static double lanSeconds(double millis, long rounds, long bytes) {
    return Math.round((millis / 1000 + rounds * 0.0004 + bytes / 377e6) * 1000) / 1000.0;
  }

  /**
   * The session's bytes, rounds and millis, the same split into {@code offline} (the input-independent setup:
   * base OTs, Ferret's bootstrap) and {@code online} (the rest), and one row per layer scope.
   */
  public static void putCosts(ObjectNode o, LocalRun.Result r) {
    o.put("bytes", r.bytes());
    o.put("rounds", r.rounds());
    o.put("millis", round1(r.millis()));
    putSplit(o, r.bytes(), r.rounds(), r.millis(), r.offline());
    ArrayNode l = o.putArray("layers");
    r.layers().forEach((scope, st) -> putScope(l.addObject(), scope, st));
  }

  /** {@code offline} (the given setup costs) and {@code online} (the session's totals minus them) objects. */
  public static void putSplit(ObjectNode o, long bytes, long rounds, double millis, Traffic.Stats setup) {
    ObjectNode off = o.putObject("offline");
    off.put("bytes", setup.bytes());
    off.put("rounds", setup.rounds());
    off.put("millis", round1(setup.millis()));
    ObjectNode on = o.putObject("online");
    on.put("bytes", bytes - setup.bytes());
    on.put("rounds", rounds - setup.rounds());
    on.put("millis", round1(millis - setup.millis()));
  }

  /** One scope's row: scope, bytes, rounds, millis, calls. */
  public static ObjectNode putScope(ObjectNode row, String scope, Traffic.Stats st) {
    row.put("scope", scope);
    row.put("bytes", st.bytes());
    row.put("rounds", st.rounds());
    row.put("millis", round1(st.millis()));
    row.put("calls", st.calls());
    return row;
  }

  /** The per-layer cost table and its total line, as text. */
  public static void appendCostTable(StringBuilder sb, LocalRun.Result r) {
    Map<String, Traffic.Stats> layers = r.layers();
    sb.append(String.format("%-32s %14s %7s %10s%n", "scope", "bytes", "rounds", "millis"));
    layers.forEach((scope, st) -> sb.append(String.format("%-32s %14d %7d %10.1f%n", scope, st.bytes(),
        st.rounds(), st.millis())));
    sb.append(String.format("%-32s %14d %7d %10.1f", "total", r.bytes(), r.rounds(), r.millis()));
  }
}
