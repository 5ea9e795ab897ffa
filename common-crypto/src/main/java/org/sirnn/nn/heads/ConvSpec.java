package org.sirnn.nn.heads;

/**
 * A grouped 2-D convolution of the Heads model as the README's "Conv(X, F, S)" building block describes it:
 * filter layout {@code [G, HF, WF, CF, COUT]} (element (g, i, j, c, o) links input channel g*CF + c at tap (i, j)
 * to output channel g*COUT + o), zero padding top/bottom/left/right, strides, dilation 1, and one positive divisor
 * {@code Scinput * Scoutput * Demote} applied to the exact sum of products. Only the description; the arithmetic
 * lives in {@code EdgeConv} (test sources) (cleartext EdgeML integers).
 *
 * @param name the C name of the filter (for messages)
 * @param weights flat row-major filter
 * @param weightBits 8 (Q7) or 16 (Q15)
 * @param divisor Scinput * Scoutput * Demote
 */
public record ConvSpec(String name, int[] weights, int weightBits, int groups, int hf, int wf, int cf, int cout,
    int padTop, int padBottom, int padLeft, int padRight, int strideH, int strideW, long divisor) {

  public ConvSpec {
    if ((long) groups * hf * wf * cf * cout != weights.length) {
      throw new IllegalArgumentException(name + ": " + weights.length + " weights for G=" + groups + " HF=" + hf
          + " WF=" + wf + " CF=" + cf + " COUT=" + cout);
    }
    if (divisor <= 0 || strideH <= 0 || strideW <= 0) {
      throw new IllegalArgumentException(name + ": divisor and strides must be positive");
    }
  }

  /** Input channels G*CF. */
  public int inChannels() {
    return groups * cf;
  }

  /** Output channels G*COUT. */
  public int outChannels() {
    return groups * cout;
  }

  /** Output rows for {@code h} input rows. */
  public int outHeight(int h) {
    return (h + padTop + padBottom - hf) / strideH + 1;
  }

  /** Output columns for {@code w} input columns. */
  public int outWidth(int w) {
    return (w + padLeft + padRight - wf) / strideW + 1;
  }

  /** Filter element (g, i, j, c, o). */
  public int weight(int g, int i, int j, int c, int o) {
    return weights[(((g * hf + i) * wf + j) * cf + c) * cout + o];
  }

  /**
   * Reads the filter {@code prefix} and its defines {@code prefix_G/HF/WF/CF/COUT/HPADL/HPADR/WPADL/WPADR/
   * HSTRIDE/WSTRIDE/HDILATION/WDILATION/Scinput/Scoutput/Demote}. The filter dimensions come from a 5-D shape and
   * are cross-checked against the defines that exist; a shape of another rank (CBR1W is declared [4]) takes them
   * from the defines (README "Filter layouts").
   */
  public static ConvSpec fromHeader(HeaderJson h, String prefix) {
    HeaderJson.Tensor t = h.tensor(prefix);
    String[] dims = {"G", "HF", "WF", "CF", "COUT"};
    int[] d = new int[5];
    for (int k = 0; k < 5; k++) {
      String key = prefix + "_" + dims[k];
      if (t.shape().length == 5) {
        d[k] = t.shape()[k];
        h.expectIfPresent(key, d[k]);
      } else {
        d[k] = h.intScalar(key);
      }
    }
    h.expectIfPresent(prefix + "_HDILATION", 1);
    h.expectIfPresent(prefix + "_WDILATION", 1);
    long divisor = (long) h.divisor(prefix + "_Scinput") * h.divisor(prefix + "_Scoutput")
        * h.divisor(prefix + "_Demote");
    return new ConvSpec(prefix, t.values(), t.bits(), d[0], d[1], d[2], d[3], d[4],
        h.intScalar(prefix + "_HPADL"), h.intScalar(prefix + "_HPADR"), h.intScalar(prefix + "_WPADL"),
        h.intScalar(prefix + "_WPADR"), h.intScalar(prefix + "_HSTRIDE"), h.intScalar(prefix + "_WSTRIDE"),
        divisor);
  }
}
