package org.sirnn.nn.heads;

import java.util.List;

/**
 * The whole Heads (SCUT-Head face-2) network as layer descriptions, with no arithmetic (README "The network,
 * layer by layer"): the first conv block (conv, bias, per-channel scale, ReLU6 limit and divisor), the RNNPool,
 * the 14 MBConv blocks and the 4 detection heads, plus the exp tables of the table sigmoid/tanh. The order in
 * which they are applied is {@link HeadsGraph}; the EdgeML integer arithmetic is {@code HeadsEdgeInteger} (test sources: the EdgeML integer reference).
 *
 * @param inputHeight 240
 * @param inputWidth 320
 * @param mbconv blocks L1..L14 at index 0..13
 * @param detection heads 1..4 at index 0..3
 */
public record HeadsModel(int inputHeight, int inputWidth, ConvSpec conv1, AddVecSpec bias1, ConvSpec scale1,
    int reluLimit, int reluDiv, RnnPoolSpec rnnPool, List<MbConvSpec> mbconv, List<DetectionSpec> detection,
    ExpTables expTables) {

  public HeadsModel {
    mbconv = List.copyOf(mbconv);
    detection = List.copyOf(detection);
    if (mbconv.size() != 14 || detection.size() != 4) {
      throw new IllegalArgumentException("Heads needs 14 MBConv blocks and 4 detection heads");
    }
  }

  /** MBConv block L (1-based, as in the README). */
  public MbConvSpec block(int l) {
    return mbconv.get(l - 1);
  }

  /** Detection head k (1-based). */
  public DetectionSpec head(int k) {
    return detection.get(k - 1);
  }
}
