package org.sirnn.nn.heads;

import java.util.Arrays;

/**
 * The float check of README "What a reimplementation must meet": err_i = |out_i / 2^12 - ref_i|, sorted, the
 * element at index round(max(0.95 N - 1, 0)) (17099 for N = 18000) must be below {@link #BAR}.
 */
public final class HeadsAccuracy {
  /** The upstream test's bar. */
  public static final double BAR = 0.5514;

  private HeadsAccuracy() {}

  /** The 95th-percentile absolute error of integer outputs at scale 2^12 against the float reference. */
  public static double p95(int[] out, double[] ref) {
    if (out.length != ref.length || out.length == 0) {
      throw new IllegalArgumentException(out.length + " outputs for " + ref.length + " references");
    }
    double[] err = new double[out.length];
    for (int i = 0; i < err.length; i++) {
      err[i] = Math.abs(out[i] / 4096.0 - ref[i]);
    }
    Arrays.sort(err);
    int n = err.length;
    return err[(int) Math.round(Math.max(0.95 * n - 1, 0))];
  }

  /** How many entries of a and b are equal. */
  public static int equalCount(int[] a, int[] b) {
    int n = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] == b[i]) {
        n++;
      }
    }
    return n;
  }
}
