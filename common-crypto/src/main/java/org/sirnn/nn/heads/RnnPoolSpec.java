package org.sirnn.nn.heads;

/**
 * The Heads RNNPool layer (README "RNNPool(patch)" and "The RNNPool grid"): two FastGRNNs, P x P patches taken
 * with a stride, the summary rescale {@code int16(v * shL1) / shR1} before RNN2 and the output rescale
 * {@code int16(v * shL2) / shR2} (then int8). Description only; see {@link RnnPoolSweeps} for the four sweeps
 * and {@code EdgeRnnPool} (test sources) for the integer layer.
 */
public record RnnPoolSpec(FastGrnnSpec rnn1, FastGrnnSpec rnn2, int patchDim, int patchStride, int shL1, int shR1,
    int shL2, int shR2) {

  /** Output channels per patch: 4 * hidden size of RNN2. */
  public int outChannels() {
    return 4 * rnn2.hiddenDim();
  }
}
