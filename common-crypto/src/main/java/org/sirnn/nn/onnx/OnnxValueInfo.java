package org.sirnn.nn.onnx;

/**
 * A graph input or output: its name and dimensions, -1 where the dimension is symbolic or unknown (the dynamic
 * batch).
 */
public record OnnxValueInfo(String name, long[] dims) {
  public OnnxValueInfo {
    dims = dims.clone();
  }

  @Override
  public long[] dims() {
    return dims.clone();
  }
}
