package org.sirnn.nn.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link GraphPlan} as the {@code "program"} object of model.json and float-weights.json: {"input", "inputShape",
 * "output", "outputCols", "post", "tensors": {name: shape}, "nodes": [{"op", "name", "inputs", "outputs", "ints":
 * {key: [ints]}, "weights": {role: tensor}}]}. Errors name the file and the field.
 */
public final class GraphPlanJson {
  private GraphPlanJson() {}

  /** Writes the plan into {@code into}. */
  public static void write(GraphPlan p, ObjectNode into) {
    into.put("input", p.input());
    ints(into.putArray("inputShape"), p.inputShape());
    into.put("output", p.output());
    into.put("outputCols", p.outputCols());
    into.put("post", p.post());
    ObjectNode t = into.putObject("tensors");
    p.tensors().forEach((k, v) -> ints(t.putArray(k), v));
    ArrayNode nodes = into.putArray("nodes");
    for (PlanNode n : p.nodes()) {
      ObjectNode j = nodes.addObject();
      j.put("op", n.op());
      j.put("name", n.name());
      n.inputs().forEach(j.putArray("inputs")::add);
      n.outputs().forEach(j.putArray("outputs")::add);
      ObjectNode ints = j.putObject("ints");
      n.ints().forEach((k, v) -> ints(ints.putArray(k), v));
      ObjectNode w = j.putObject("weights");
      n.weights().forEach(w::put);
    }
  }

  /** Reads a plan; {@code where} labels errors (e.g. "gru-digits/model.json: program"). */
  public static GraphPlan read(JsonNode j, String where) {
    try {
      List<PlanNode> nodes = new ArrayList<>();
      int i = 0;
      for (JsonNode n : array(field(j, "nodes", where), where + ": nodes")) {
        String at = where + ": node " + i++;
        nodes.add(new PlanNode(text(field(n, "op", at), at + " op"), text(field(n, "name", at), at + " name"),
            strings(field(n, "inputs", at), at + " inputs"), strings(field(n, "outputs", at), at + " outputs"),
            intArrays(field(n, "ints", at), at + " ints"), textMap(field(n, "weights", at), at + " weights")));
      }
      String post = j.has("post") ? text(j.get("post"), where + ": post") : "none";
      return new GraphPlan(text(field(j, "input", where), where + ": input"),
          intArray(field(j, "inputShape", where), where + ": inputShape"),
          text(field(j, "output", where), where + ": output"),
          field(j, "outputCols", where).asInt(), post, nodes,
          intArrays(field(j, "tensors", where), where + ": tensors"));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static void ints(ArrayNode a, int[] v) {
    for (int x : v) {
      a.add(x);
    }
  }

  private static JsonNode field(JsonNode j, String key, String where) {
    JsonNode v = j == null || !j.isObject() ? null : j.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(where + ": missing '" + key + "'");
    }
    return v;
  }

  private static JsonNode array(JsonNode j, String where) {
    if (!j.isArray()) {
      throw new IllegalArgumentException(where + " is not an array");
    }
    return j;
  }

  private static String text(JsonNode j, String where) {
    if (!j.isTextual()) {
      throw new IllegalArgumentException(where + " is not a string");
    }
    return j.asText();
  }

  private static List<String> strings(JsonNode j, String where) {
    List<String> l = new ArrayList<>();
    array(j, where).forEach(x -> l.add(text(x, where)));
    return l;
  }

  private static int[] intArray(JsonNode j, String where) {
    array(j, where);
    int[] v = new int[j.size()];
    for (int i = 0; i < v.length; i++) {
      if (!j.get(i).isIntegralNumber() || !j.get(i).canConvertToInt()) {
        throw new IllegalArgumentException(where + " [" + i + "] is not an int");
      }
      v[i] = j.get(i).asInt();
    }
    return v;
  }

  private static Map<String, int[]> intArrays(JsonNode j, String where) {
    Map<String, int[]> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object(j, where).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), intArray(e.getValue(), where + " '" + e.getKey() + "'"));
    }
    return m;
  }

  private static Map<String, String> textMap(JsonNode j, String where) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object(j, where).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), text(e.getValue(), where + " '" + e.getKey() + "'"));
    }
    return m;
  }

  private static JsonNode object(JsonNode j, String where) {
    if (!j.isObject()) {
      throw new IllegalArgumentException(where + " is not an object");
    }
    return j;
  }
}
