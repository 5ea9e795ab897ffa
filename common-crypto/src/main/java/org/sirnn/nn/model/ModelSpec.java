package org.sirnn.nn.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sirnn.nn.graph.GraphPlan;
import org.sirnn.nn.graph.GraphProgram;

/**
 * A model's public metadata, the part both parties hold: architecture kind and dimensions, the activation bitwidth,
 * the input's scale, every weight tensor's shape, bitwidth and scale, and every op's output scale. The weights
 * themselves are separate ({@code weights.json}, {@link ModelFiles#readWeights}) and stay with the server; the client builds the same plan from this
 * alone. Stored as {@code model.json} ({@link ModelFiles}).
 *
 * @param bits bitwidth of every activation (the ring Z_2^bits of the shares between ops)
 * @param inputScale fractional bits of the client's input encoding
 * @param opScales wanted output scale per op name; the effective scale also respects the rescale rules of
 *     {@link org.sirnn.nn.ops.QuantizedOps} (never finer than the operands allow)
 * @param program the public program of an imported model (kind {@value GraphProgram#KIND}), null for the built-in
 *     architectures
 */
public record ModelSpec(String name, String kind, String description, Map<String, Integer> dims, int bits,
    int inputScale, Map<String, TensorSpec> tensors, Map<String, Integer> opScales, List<String> labels,
    GraphPlan program) {

  public ModelSpec {
    dims = Collections.unmodifiableMap(new LinkedHashMap<>(dims));
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    opScales = Collections.unmodifiableMap(new LinkedHashMap<>(opScales));
    labels = labels == null ? List.of() : List.copyOf(labels);
    if (bits < 8 || bits > 32) {
      throw new IllegalArgumentException(name + ": activation bits " + bits + " outside 8..32");
    }
  }

  /** Metadata of a built-in architecture (no program). */
  public ModelSpec(String name, String kind, String description, Map<String, Integer> dims, int bits,
      int inputScale, Map<String, TensorSpec> tensors, Map<String, Integer> opScales, List<String> labels) {
    this(name, kind, description, dims, bits, inputScale, tensors, opScales, labels, null);
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

  /**
   * SHA-256 of the plan-relevant metadata in a canonical order (name, kind, dims, bits, input scale, tensors, op
   * scales, and the program of an imported model; not the description or labels): two parties with equal
   * fingerprints build the same plan. Built-in architectures (no program) keep their fingerprints.
   */
  public byte[] fingerprint() {
    StringBuilder b = new StringBuilder("sirnn-model/1\n").append(name).append('\n').append(kind).append('\n');
    new java.util.TreeMap<>(dims).forEach((k, v) -> b.append("dim ").append(k).append(' ').append(v).append('\n'));
    b.append("bits ").append(bits).append("\ninput ").append(inputScale).append('\n');
    new java.util.TreeMap<>(tensors).forEach((k, v) -> b.append("tensor ").append(k).append(' ')
        .append(java.util.Arrays.toString(v.shape())).append(' ').append(v.bits()).append(' ').append(v.scale())
        .append('\n'));
    new java.util.TreeMap<>(opScales).forEach((k, v) -> b.append("op ").append(k).append(' ').append(v).append('\n'));
    if (program != null) {
      b.append(program.canonical());
    }
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
