package org.sirnn.clear.math;

/**
 * Parameters of the fixed-point sigmoid {@code y ~ 2^scaleOut / (1 + e^(-x / 2^scaleIn))} (SiRnn Section V-B,
 * Fig. 4 and 5; EzPC SCI {@code MathFunctions::sigmoid}).
 *
 * <p>The input is a {@code bwIn}-bit two's-complement pattern with scale {@code scaleIn}; the output a
 * non-negative {@code bwOut}-bit pattern with scale {@code scaleOut}. Internally the exponential runs with output
 * width {@link #lutBits()} = scaleOut + 2 and the reciprocal uses the SCI {@code div} choice of
 * {@link #divLutBits()} g and {@link #divIterations()} Goldschmidt iterations: g = ceil((scaleOut - 2) / 2) and 0
 * iterations when scaleOut &lt;= 18 (the paper's setting), otherwise g = ceil((ceil(scaleOut / 2) - 2) / 2) and 1
 * iteration.
 *
 * <p>Supported values (anything else throws {@link IllegalArgumentException} naming the parameter and range):
 * {@code bwIn} in 2..64 with a last 8-bit digit of at least 2 bits (bwIn mod 8 != 1), {@code scaleIn} in -64..63
 * and within the inner exponential's range ({@link ExpParams}; for bwIn = 64, scaleIn &gt;= 0),
 * {@code scaleOut} in 5..31 (below 5 the reciprocal LUT would have g &lt; 2 index bits; above 31 the products
 * exceed 64 bits), {@code bwOut} in 1..64 (a {@code bwOut} below scaleOut + 2 reduces the result mod 2^bwOut, as
 * SCI does).
 *
 * @param bwIn input bitwidth
 * @param scaleIn input scale
 * @param bwOut output bitwidth
 * @param scaleOut output scale
 */
public record SigmoidParams(int bwIn, int scaleIn, int bwOut, int scaleOut) {

  /** Validates every field; see the class comment for the supported ranges. */
  public SigmoidParams {
    Checks.range("sigmoid", "scaleOut", scaleOut, 5, 31, "reciprocal LUT needs g = ceil((scaleOut-2)/2) >= 2");
    Checks.range("sigmoid", "bwOut", bwOut, 1, 64, null);
    Checks.range("sigmoid", "scaleIn", scaleIn, -64, 63, null);
    Checks.range("sigmoid", "bwIn", bwIn, 2, 64, null);
    if (bwIn % ExpParams.DEFAULT_DIGIT_BITS == 1) {
      throw new IllegalArgumentException("sigmoid: bwIn " + bwIn
          + " leaves a 1-bit last exp digit; bwIn must be in 2..64 with bwIn mod 8 != 1");
    }
    new ExpParams(bwIn, scaleIn, scaleOut + 2, scaleOut); // the inner exponential's constraints
  }

  /** Width L = scaleOut + 2 of the exponential, the denominator and the reciprocal. */
  public int lutBits() {
    return scaleOut + 2;
  }

  /** Index bits g of the reciprocal LUT (see {@link ClearMath#divLutBits(int)}). */
  public int divLutBits() {
    return ClearMath.divLutBits(scaleOut);
  }

  /** Goldschmidt iterations of the reciprocal: 0 when scaleOut &lt;= 18, else 1. */
  public int divIterations() {
    return ClearMath.divIterations(scaleOut);
  }

  /** The parameters of the inner exponential: e^(-|x|) at input scale scaleIn, output scale scaleOut. */
  public ExpParams expParams() {
    return new ExpParams(bwIn, scaleIn, lutBits(), scaleOut);
  }
}
