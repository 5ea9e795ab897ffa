package org.sirnn.nn.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of an ONNX graph. Attribute values are Long (INT), Double (FLOAT), String (STRING), long[] (INTS),
 * double[] (FLOATS), List&lt;String&gt; (STRINGS) or {@link OnnxTensor} (TENSOR). An empty input name is an
 * omitted optional input.
 *
 * @param index position in the graph's node list
 */
public record OnnxNode(int index, String name, String opType, List<String> inputs, List<String> outputs,
    Map<String, Object> attributes) {

  public OnnxNode {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** "node 3 '/rnn/GRU' (GRU)": how errors name a node. */
  public String label() {
    return "node " + index + (name.isEmpty() ? "" : " '" + name + "'") + " (" + opType + ")";
  }

  /** Input k, or "" if absent. */
  public String input(int k) {
    return k < inputs.size() ? inputs.get(k) : "";
  }

  public boolean has(String attribute) {
    return attributes.containsKey(attribute);
  }

  /** An INT attribute, or {@code def}. */
  public long i(String attribute, long def) {
    Object v = attributes.get(attribute);
    return v == null ? def : (Long) typed(attribute, v, Long.class);
  }

  /** A FLOAT attribute, or {@code def}. */
  public double f(String attribute, double def) {
    Object v = attributes.get(attribute);
    return v == null ? def : (Double) typed(attribute, v, Double.class);
  }

  /** A STRING attribute, or {@code def}. */
  public String s(String attribute, String def) {
    Object v = attributes.get(attribute);
    return v == null ? def : (String) typed(attribute, v, String.class);
  }

  /** An INTS attribute, or null. */
  public long[] ints(String attribute) {
    Object v = attributes.get(attribute);
    return v == null ? null : ((long[]) typed(attribute, v, long[].class)).clone();
  }

  /** A TENSOR attribute, or null. */
  public OnnxTensor tensor(String attribute) {
    Object v = attributes.get(attribute);
    return v == null ? null : (OnnxTensor) typed(attribute, v, OnnxTensor.class);
  }

  private Object typed(String attribute, Object v, Class<?> type) {
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException(label() + ": attribute '" + attribute + "' is not of the expected type");
    }
    return v;
  }
}
