package org.sirnn.nn.heads;

/** Detection 1's confidence reduction in integers (README "Detection k = 1, 2, 3", "max-out background"). */
public final class EdgeMaxOut {
  private EdgeMaxOut() {}

  /**
   * Detection 1's "max-out background" (README "Detection k"): 4 confidence channels to 2, channel 0 = the
   * largest of channels 0..2 (first on ties), channel 1 = channel 3.
   */
  public static IntTensor background(IntTensor conf) {
    if (conf.c() != 4) {
      throw new IllegalArgumentException("max-out needs 4 channels, got " + conf.c());
    }
    IntTensor y = IntTensor.zeros(conf.h(), conf.w(), 2);
    for (int p = 0; p < conf.h() * conf.w(); p++) {
      int m = conf.data()[p * 4];
      for (int k = 1; k < 3; k++) {
        m = Math.max(m, conf.data()[p * 4 + k]);
      }
      y.data()[p * 2] = m;
      y.data()[p * 2 + 1] = conf.data()[p * 4 + 3];
    }
    return y;
  }
}
