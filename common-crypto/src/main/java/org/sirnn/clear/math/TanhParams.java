package org.sirnn.clear.math;

/**
 * Parameters of the fixed-point tanh {@code y ~ tanh(x / 2^scaleIn) * 2^scaleOut} (SiRnn Section V-B; EzPC SCI
 * {@code MathFunctions::tanh}).
 *
 * <p>The input is a {@code bwIn}-bit two's-complement pattern with scale {@code scaleIn}; the output a signed
 * {@code bwOut}-bit pattern with scale {@code scaleOut}. The exponential e^(-2|x|) is evaluated by reading the
 * input at scale {@code scaleIn - 1}, with output width {@link #lutBits()} = scaleOut + 2; the division uses SCI's
 * {@code div} choice of g and iterations as for sigmoid ({@link SigmoidParams}).
 *
 * <p>Supported values (anything else throws {@link IllegalArgumentException} naming the parameter and range):
 * {@code bwIn} in 2..64 with bwIn mod 8 != 1, {@code scaleIn} in -63..64 with scaleIn - 1 in the inner
 * exponential's range ({@link ExpParams}; for bwIn = 64, scaleIn &gt;= 1), {@code scaleOut} in 5..31,
 * {@code bwOut} in 1..64 (a {@code bwOut} above scaleOut + 2 sign-extends, below it reduces).
 *
 * @param bwIn input bitwidth
 * @param scaleIn input scale
 * @param bwOut output bitwidth
 * @param scaleOut output scale
 */
public record TanhParams(int bwIn, int scaleIn, int bwOut, int scaleOut) {

  /** Validates every field; see the class comment for the supported ranges. */
  public TanhParams {
    Checks.range("tanh", "scaleOut", scaleOut, 5, 31, "reciprocal LUT needs g = ceil((scaleOut-2)/2) >= 2");
    Checks.range("tanh", "bwOut", bwOut, 1, 64, null);
    Checks.range("tanh", "scaleIn", scaleIn, -63, 64, "the exponential reads the input at scaleIn - 1");
    Checks.range("tanh", "bwIn", bwIn, 2, 64, null);
    if (bwIn % ExpParams.DEFAULT_DIGIT_BITS == 1) {
      throw new IllegalArgumentException("tanh: bwIn " + bwIn
          + " leaves a 1-bit last exp digit; bwIn must be in 2..64 with bwIn mod 8 != 1");
    }
    new ExpParams(bwIn, scaleIn - 1, scaleOut + 2, scaleOut); // the inner exponential's constraints
  }

  /** Width L = scaleOut + 2 of the exponential, numerator, denominator and quotient. */
  public int lutBits() {
    return scaleOut + 2;
  }

  /** Index bits g of the reciprocal LUT (see {@link ClearMath#divLutBits(int)}). */
  public int divLutBits() {
    return ClearMath.divLutBits(scaleOut);
  }

  /** Goldschmidt iterations of the division: 0 when scaleOut &lt;= 18, else 1. */
  public int divIterations() {
    return ClearMath.divIterations(scaleOut);
  }

  /** The parameters of the inner exponential: e^(-2|x|), i.e. input scale scaleIn - 1, output scale scaleOut. */
  public ExpParams expParams() {
    return new ExpParams(bwIn, scaleIn - 1, lutBits(), scaleOut);
  }
}
