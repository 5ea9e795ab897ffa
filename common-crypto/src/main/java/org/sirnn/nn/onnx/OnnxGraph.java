package org.sirnn.nn.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model's main graph as read ({@link OnnxReader}): nodes in their (topological) order, the constant
 * initializers by name, the graph inputs that are not initializers, the outputs and the default-domain opset.
 */
public record OnnxGraph(List<OnnxNode> nodes, Map<String, OnnxTensor> initializers, List<OnnxValueInfo> inputs,
    List<OnnxValueInfo> outputs, long opset) {
  public OnnxGraph {
    nodes = List.copyOf(nodes);
    initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
