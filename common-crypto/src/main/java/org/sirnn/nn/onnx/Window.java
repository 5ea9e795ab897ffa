package org.sirnn.nn.onnx;

import java.util.Arrays;

/**
 * The sliding-window geometry of Conv and the pools over the spatial axes of [B, C, spatial...]: kernel, strides,
 * dilations and pads (begins then ends, as ONNX lists them), and the output extents
 * floor((in + pads - dilation (k - 1) - 1) / stride) + 1.
 */
record Window(int[] in, int[] kernel, int[] strides, int[] dilations, int[] pads, int[] out) {

  /** The window of node n over spatial extents {@code in}; auto_pad other than NOTSET and ceil_mode are refused. */
  static Window of(OnnxNode n, int[] in, int[] kernel) {
    String autoPad = n.s("auto_pad", "NOTSET");
    if (!autoPad.equals("NOTSET")) {
      throw new IllegalArgumentException(n.label() + ": auto_pad " + autoPad + " is not supported (use explicit"
          + " pads)");
    }
    if (n.i("ceil_mode", 0) != 0) {
      throw new IllegalArgumentException(n.label() + ": ceil_mode 1 is not supported");
    }
    int s = in.length;
    int[] strides = ints(n.ints("strides"), s, 1);
    int[] dil = ints(n.ints("dilations"), s, 1);
    int[] pads = ints(n.ints("pads"), 2 * s, 0);
    int[] out = new int[s];
    for (int k = 0; k < s; k++) {
      out[k] = (in[k] + pads[k] + pads[k + s] - dil[k] * (kernel[k] - 1) - 1) / strides[k] + 1;
      if (out[k] <= 0) {
        throw new IllegalArgumentException(n.label() + ": kernel " + Arrays.toString(kernel) + " does not fit "
            + Arrays.toString(in));
      }
    }
    return new Window(in, kernel, strides, dil, pads, out);
  }

  boolean padded() {
    return Arrays.stream(pads).anyMatch(p -> p != 0);
  }

  int outSize() {
    return OnnxTensor.size(out);
  }

  int kernelSize() {
    return OnnxTensor.size(kernel);
  }

  int inSize() {
    return OnnxTensor.size(in);
  }

  /**
   * The flat spatial input index that kernel element {@code e} reads at flat output position {@code p} (both
   * row-major), or -1 inside the padding.
   */
  int source(int p, int e) {
    int s = in.length;
    int[] os = IndexMaps.strides(out);
    int[] ks = IndexMaps.strides(kernel);
    int[] is = IndexMaps.strides(in);
    int src = 0;
    for (int k = 0; k < s; k++) {
      int pos = p / os[k] % out[k] * strides[k] - pads[k] + e / ks[k] % kernel[k] * dilations[k];
      if (pos < 0 || pos >= in[k]) {
        return -1;
      }
      src += pos * is[k];
    }
    return src;
  }

  private static int[] ints(long[] v, int n, int def) {
    int[] o = new int[n];
    Arrays.fill(o, def);
    if (v != null) {
      for (int k = 0; k < n; k++) {
        o[k] = Math.toIntExact(v[k]);
      }
    }
    return o;
  }
}
