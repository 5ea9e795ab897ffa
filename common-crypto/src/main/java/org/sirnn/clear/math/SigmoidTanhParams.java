package org.sirnn.clear.math;

/**
 * Parameters of the fused sigmoid/tanh ({@link ClearMath#sigmoidTanhSigmoid}, {@link ClearMath#sigmoidTanhTanh};
 * secure: {@code org.sirnn.math.SigmoidTanh}): sigmoid and tanh evaluated in one pass over inputs of the same
 * bitwidth, as a FastGRNN cell needs every time step (SiRnn Section V-B builds both from the same exponential and
 * reciprocal; here they share every step).
 *
 * <p>Both halves run at the common internal scale {@link #scale()} S = max(scaleOutSigmoid, scaleOutTanh) with
 * width {@link #lutBits()} L = S + 2; the reciprocal uses g = {@link #divLutBits()} = ceil((S - 2) / 2) LUT index
 * bits and no Goldschmidt iteration (the paper's setting for sigmoid and tanh, SiRnn Section V-D), so S must be at
 * most 18.
 *
 * <p>Supported values (anything else throws {@link IllegalArgumentException} naming the parameter and range):
 * {@code bwIn} in 2..64 with bwIn mod 8 != 1; {@code scaleOutSigmoid} and {@code scaleOutTanh} in 5..18 (the
 * separate secure sigmoid and tanh accept the same); {@code scaleInSigmoid} and {@code scaleInTanh - 1} within the
 * inner exponential's range ({@link ExpParams} at output scale S); {@code bwOut} in 1..64 (both outputs have this
 * width: the sigmoid half zero-extends from L bits or reduces, the tanh half sign-extends from scaleOutTanh + 2 bits
 * or reduces).
 *
 * @param bwIn input bitwidth of both halves
 * @param scaleInSigmoid input scale of the sigmoid half
 * @param scaleOutSigmoid output scale of the sigmoid half
 * @param scaleInTanh input scale of the tanh half
 * @param scaleOutTanh output scale of the tanh half
 * @param bwOut output bitwidth of both halves
 */
public record SigmoidTanhParams(int bwIn, int scaleInSigmoid, int scaleOutSigmoid, int scaleInTanh,
    int scaleOutTanh, int bwOut) {

  /** Largest common scale: the reciprocal must not need a Goldschmidt iteration. */
  public static final int MAX_SCALE_OUT = 18;

  /** Validates every field; see the class comment for the supported ranges. */
  public SigmoidTanhParams {
    Checks.range("sigmoid-tanh", "scaleOutSigmoid", scaleOutSigmoid, 5, MAX_SCALE_OUT,
        "reciprocal LUT with 2 <= g <= 8 and no Goldschmidt iteration");
    Checks.range("sigmoid-tanh", "scaleOutTanh", scaleOutTanh, 5, MAX_SCALE_OUT,
        "reciprocal LUT with 2 <= g <= 8 and no Goldschmidt iteration");
    Checks.range("sigmoid-tanh", "bwOut", bwOut, 1, 64, null);
    Checks.range("sigmoid-tanh", "bwIn", bwIn, 2, 64, null);
    if (bwIn % ExpParams.DEFAULT_DIGIT_BITS == 1) {
      throw new IllegalArgumentException("sigmoid-tanh: bwIn " + bwIn
          + " leaves a 1-bit last exp digit; bwIn must be in 2..64 with bwIn mod 8 != 1");
    }
    Checks.range("sigmoid-tanh", "scaleInSigmoid", scaleInSigmoid, -64, 63, null);
    Checks.range("sigmoid-tanh", "scaleInTanh", scaleInTanh, -63, 64, "the exponential reads it at scaleInTanh - 1");
    int s = Math.max(scaleOutSigmoid, scaleOutTanh);
    new ExpParams(bwIn, scaleInSigmoid, s + 2, s); // the inner exponentials' constraints
    new ExpParams(bwIn, scaleInTanh - 1, s + 2, s);
  }

  /** The common internal scale S = max(scaleOutSigmoid, scaleOutTanh). */
  public int scale() {
    return Math.max(scaleOutSigmoid, scaleOutTanh);
  }

  /** Width L = S + 2 of the exponential, the denominator, the reciprocal and the sign-restoring multiplexer. */
  public int lutBits() {
    return scale() + 2;
  }

  /** Index bits g = ceil((S - 2) / 2) of the reciprocal LUT. */
  public int divLutBits() {
    return ClearMath.divLutBits(scale());
  }

  /** Width scaleOutTanh + 2 of the tanh half before its final extension (it is in [-2^sOutT, 2^sOutT]). */
  public int tanhBits() {
    return scaleOutTanh + 2;
  }

  /** The sigmoid half's exponential, e^(-|x|) at output scale S (before the clamp, see ClearMath). */
  public ExpParams sigmoidExpParams() {
    return new ExpParams(bwIn, scaleInSigmoid, lutBits(), scale());
  }

  /** The tanh half's exponential, e^(-2|x|): input scale scaleInTanh - 1, output scale S. */
  public ExpParams tanhExpParams() {
    return new ExpParams(bwIn, scaleInTanh - 1, lutBits(), scale());
  }
}
