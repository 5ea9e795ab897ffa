package org.sirnn.nn.heads;

/**
 * One quantised FastGRNN of the Heads RNNPool (README "FastGRNN step"): W [hidden, in], U [hidden, hidden],
 * biases Bg, Bh, the parameters zeta and nu, and every divisor of {@code RNNk_SCALES}. Description only; the
 * integer cell is {@code EdgeFastGrnn} (test sources).
 *
 * @param inputBits width of the input x: 8 for RNN1 (int8 pixels, 32-bit accumulator), 16 for RNN2 (64-bit)
 */
public record FastGrnnSpec(String name, int inputDim, int hiddenDim, int inputBits, int[] w, int[] u, int[] bg,
    int[] bh, int zeta, int nu, Scales s) {

  /** The divisors of {@code RNNk_SCALES}, named as in the C struct (README steps 1-11). */
  public record Scales(int w, int normFeaturesMVW, int h1W, int u, int hiddenStateMVU, int h1U, int mV1AddMV2,
      int mV2AddMV1, int mV1AddMV2Out, int mV1AddMV2Demote, int pC1AddBg, int bg, int pC1AddBgOut,
      int pC1AddBgDemote, int pC1AddBh, int bh, int pC1AddBhOut, int pC1AddBhDemote, int gateHDHiddenState,
      int hiddenStateHDGate, int qOneScale, int qOneSubGate, int qOneSubGateOut, int sigmoidZeta,
      int sigmoidZetaMulQOneSubGate, int sigmoidNu, int sigmoidNuAddQOneSubGate, int sigmoidNuAddQOneSubGateOut,
      int sigmoidNuAddQOneSubGateHDUpdate, int updateHDSigmoidNuAddQOneSubGate, int pC3AddPC1, int pC1AddPC3,
      int hiddenStateOut, int hiddenStateDemote, int qOne) {

    static Scales fromHeader(HeaderJson h, String p) {
      return new Scales(h.divisor(p + "W"), h.divisor(p + "normFeaturesMVW"), h.divisor(p + "H1W"),
          h.divisor(p + "U"), h.divisor(p + "hiddenStateMVU"), h.divisor(p + "H1U"), h.divisor(p + "mV1AddMV2"),
          h.divisor(p + "mV2AddMV1"), h.divisor(p + "mV1AddMV2Out"), h.divisor(p + "mV1AddMV2Demote"),
          h.divisor(p + "pC1AddBg"), h.divisor(p + "Bg"), h.divisor(p + "pC1AddBgOut"),
          h.divisor(p + "pC1AddBgDemote"), h.divisor(p + "pC1AddBh"), h.divisor(p + "Bh"),
          h.divisor(p + "pC1AddBhOut"), h.divisor(p + "pC1AddBhDemote"), h.divisor(p + "gateHDHiddenState"),
          h.divisor(p + "hiddenStateHDGate"), h.divisor(p + "qOneScale"), h.divisor(p + "qOneSubGate"),
          h.divisor(p + "qOneSubGateOut"), h.divisor(p + "sigmoidZeta"), h.divisor(p + "sigmoidZetaMulQOneSubGate"),
          // sigmoidNu = 32767 is not a power of two: it is a plain positive divisor (README step 9)
          positive(h, p + "sigmoidNu"), h.divisor(p + "sigmoidNuAddQOneSubGate"),
          h.divisor(p + "sigmoidNuAddQOneSubGateOut"), h.divisor(p + "sigmoidNuAddQOneSubGateHDUpdate"),
          h.divisor(p + "updateHDSigmoidNuAddQOneSubGate"), h.divisor(p + "pC3AddPC1"), h.divisor(p + "pC1AddPC3"),
          h.divisor(p + "hiddenStateOut"), h.divisor(p + "hiddenStateDemote"), h.intScalar(p + "qOne"));
    }

    private static int positive(HeaderJson h, String key) {
      int v = h.intScalar(key);
      if (v <= 0) {
        throw new IllegalArgumentException(h.name() + ": key '" + key + "' = " + v + " must be positive");
      }
      return v;
    }
  }

  /**
   * Reads RNN {@code k} (1 or 2) from {@code rnnk.json}: tensors {@code Wk Uk Bgk Bhk}, {@code RNNk_PARAMS.*},
   * {@code RNNk_SCALES.*}. The table sigmoid and tanh must be selected ({@code useTableSigmoid/TanH = 1}).
   */
  public static FastGrnnSpec fromHeader(HeaderJson h, int k, int inputDim, int hiddenDim, int inputBits) {
    String p = "RNN" + k + "_SCALES.";
    h.expect(p + "useTableSigmoid", 1);
    h.expect(p + "useTableTanH", 1);
    return new FastGrnnSpec("RNN" + k, inputDim, hiddenDim, inputBits,
        h.tensor("W" + k, hiddenDim * inputDim, "Q15").values(),
        h.tensor("U" + k, hiddenDim * hiddenDim, "Q15").values(),
        h.tensor("Bg" + k, hiddenDim, "Q15").values(), h.tensor("Bh" + k, hiddenDim, "Q15").values(),
        h.intScalar("RNN" + k + "_PARAMS.sigmoid_zeta"), h.intScalar("RNN" + k + "_PARAMS.sigmoid_nu"),
        Scales.fromHeader(h, p));
  }
}
