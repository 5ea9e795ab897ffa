package org.sirnn.nn.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's public metadata, the part both parties hold: architecture kind and dimensions, the activation bitwidth,
 * the input's scale, every weight tensor's shape, bitwidth and scale, and every op's output scale. The weights
 * themselves are separate ({@link ModelWeights}) and stay with the server; the client builds the same plan from this
 * alone. Stored as {@code model.json} ({@link ModelFiles}).
 *
 * @param bits bitwidth of every activation (the ring Z_2^bits of the shares between ops)
 * @param inputScale fractional bits of the client's input encoding
 * @param opScales wanted output scale per op name; the effective scale also respects the rescale rules of
 *     {@link org.sirnn.nn.ops.QuantizedOps} (never finer than the operands allow)
 */
public record ModelSpec(String name, String kind, String description, Map<String, Integer> dims, int bits,
    int inputScale, Map<String, TensorSpec> tensors, Map<String, Integer> opScales, List<String> labels) {

  public ModelSpec {
    dims = Collections.unmodifiableMap(new LinkedHashMap<>(dims));
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    opScales = Collections.unmodifiableMap(new LinkedHashMap<>(opScales));
    labels = labels == null ? List.of() : List.copyOf(labels);
    if (bits < 8 || bits > 32) {
      throw new IllegalArgumentException(name + ": activation bits " + bits + " outside 8..32");
    }
  }

  /** A dimension of the architecture, e.g. "hidden". */
  public int dim(String key) {
    Integer v = dims.get(key);
    if (v == null) {
      throw new IllegalArgumentException(name + ": metadata lacks dimension '" + key + "'");
    }
    return v;
  }

  /** The spec of a weight tensor. */
  public TensorSpec tensor(String tensor) {
    TensorSpec t = tensors.get(tensor);
    if (t == null) {
      throw new IllegalArgumentException(name + ": metadata lacks tensor '" + tensor + "'");
    }
    return t;
  }

  /** The wanted output scale of an op. */
  public int opScale(String op) {
    Integer s = opScales.get(op);
    if (s == null) {
      throw new IllegalArgumentException(name + ": metadata lacks the scale of op '" + op + "'");
    }
    return s;
  }
}
