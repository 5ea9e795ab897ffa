package org.sirnn.nn.heads;

/**
 * The layer order of the Heads network (README "The network, layer by layer", rows 1-16), independent of the
 * arithmetic: it calls a {@link HeadsBackend} on the {@link HeadsModel}'s layer descriptions and returns the
 * eight head tensors, which {@link HeadsOutputLayout} places into the 18000 outputs.
 */
public final class HeadsGraph {
  private HeadsGraph() {}

  /** The eight head outputs: confidences CN0..CN3 and locations LC0..LC3 (before the output scaling). */
  public record Heads<T>(T cn0, T cn1, T cn2, T cn3, T lc0, T lc1, T lc2, T lc3) {}

  /** One detection head's confidence and location tensors. */
  public record Head<T>(T conf, T loc) {}

  /** Runs the network on the int8 input image (240 x 320 x 1). */
  public static <T> Heads<T> forward(HeadsModel m, HeadsBackend<T> b, T image) {
    // rows 1-4: conv, bias, per-channel scale, ReLU6, all int8
    T y = b.conv(image, m.conv1(), 8, 8);
    y = b.addVec(y, m.bias1(), 8);
    y = b.conv(y, m.scale1(), 8, 8);
    y = b.relu6(y, m.reluLimit(), m.reluDiv(), 8);
    // row 5: RNNPool -> 30 x 40 x 64 int8
    y = b.rnnPool(y, m.rnnPool());
    // rows 6-7
    y = b.mbConv(y, m.block(1));
    for (int l = 2; l <= 4; l++) {
      y = b.residual(y, b.mbConv(y, m.block(l)), m.block(l));
    }
    Head<T> d1 = detect(b, m.head(1), y);
    // rows 9-10
    for (int l = 5; l <= 8; l++) {
      y = b.residual(y, b.mbConv(y, m.block(l)), m.block(l));
    }
    Head<T> d2 = detect(b, m.head(2), y);
    // rows 11-13
    y = b.mbConv(y, m.block(9));
    for (int l = 10; l <= 11; l++) {
      y = b.residual(y, b.mbConv(y, m.block(l)), m.block(l));
    }
    Head<T> d3 = detect(b, m.head(3), y);
    // rows 14-16: int8 from here on
    T z = b.mbConv(y, m.block(12));
    for (int l = 13; l <= 14; l++) {
      z = b.residual(z, b.mbConv(z, m.block(l)), m.block(l));
    }
    Head<T> d4 = detect(b, m.head(4), z);
    return new Heads<>(d1.conf(), d2.conf(), d3.conf(), d4.conf(), d1.loc(), d2.loc(), d3.loc(), d4.loc());
  }

  /**
   * One detection head: for heads 1-3, L2Norm then the per-channel scale DkNW (int16 in and out); then
   * conf = AddVec(Conv 3x3) and loc = AddVec(Conv 3x3), head 1's conf reduced by max-out.
   */
  public static <T> Head<T> detect(HeadsBackend<T> b, DetectionSpec d, T y) {
    T xn = y;
    int inBits = 8;
    if (d.norm() != null) {
      xn = b.conv(b.l2Norm(y, d.l2ScaleIn(), d.l2ScaleOut()), d.norm(), 16, 16);
      inBits = 16;
    }
    T conf = b.addVec(b.conv(xn, d.conf(), inBits, d.confBits()), d.confBias(), d.confBits());
    if (d.maxOutBackground()) {
      conf = b.maxOutBackground(conf);
    }
    T loc = b.addVec(b.conv(xn, d.loc(), inBits, d.locBits()), d.locBias(), d.locBits());
    return new Head<>(conf, loc);
  }
}
