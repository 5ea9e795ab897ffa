package org.sirnn.clear.math;

/**
 * Parameters of the fixed-point reciprocal square root {@code y ~ 2^scaleOut / sqrt(x / 2^scaleIn)} for positive
 * x (SiRnn Section V-C, Fig. 6; EzPC SCI {@code MathFunctions::sqrt} with {@code inverse = true}).
 *
 * <p>The input is a {@code bwIn}-bit pattern with scale {@code scaleIn} whose most significant bit is ignored
 * (the input is read as the unsigned value of its low bwIn - 1 bits); the output a {@code bwOut}-bit pattern with
 * scale {@code scaleOut}. SCI's parameter choice: {@link #lutBits()} g = ceil(scaleOut / 2) and 1 Goldschmidt
 * iteration when scaleOut &lt;= 14 (the paper's setting), otherwise g = ceil(ceil(scaleOut / 2) / 2) and 2
 * iterations.
 *
 * <p>Supported values (anything else throws {@link IllegalArgumentException} naming the parameter and range):
 * {@code scaleOut} in 1..28 (scaleOut 29 and above would need g = 8 &gt; 7, and the LUT index g + 1 is limited to 8
 * bits), {@code bwIn} in scaleOut+2..64 (the normalised input must carry scaleOut + 2 bits), {@code scaleIn} in
 * 0..bwIn-1 (the final shift floor((bwIn - 1 - scaleIn) / 2) must not be negative), {@code bwOut} in 1..64.
 *
 * @param bwIn input bitwidth
 * @param scaleIn input scale
 * @param bwOut output bitwidth
 * @param scaleOut output scale
 */
public record RsqrtParams(int bwIn, int scaleIn, int bwOut, int scaleOut) {

  /** Largest supported LUT index bits g (the LUT index (e, B) has g + 1 &lt;= 8 bits). */
  public static final int MAX_LUT_BITS = 7;

  /** Validates every field; see the class comment for the supported ranges. */
  public RsqrtParams {
    if (scaleOut >= 1 && scaleOut <= 40 && ClearMath.rsqrtLutBits(scaleOut) > MAX_LUT_BITS) {
      throw new IllegalArgumentException("rsqrt: scaleOut " + scaleOut + " needs LUT bits g = "
          + ClearMath.rsqrtLutBits(scaleOut) + " > " + MAX_LUT_BITS + "; scaleOut must be in 1..28");
    }
    Checks.range("rsqrt", "scaleOut", scaleOut, 1, 28, "LUT bits g <= 7");
    Checks.range("rsqrt", "bwIn", bwIn, scaleOut + 2, 64, "bwIn - 2 >= scaleOut");
    Checks.range("rsqrt", "scaleIn", scaleIn, 0, bwIn - 1, "shift floor((bwIn-1-scaleIn)/2) >= 0");
    Checks.range("rsqrt", "bwOut", bwOut, 1, 64, null);
  }

  /** LUT index bits g (see {@link ClearMath#rsqrtLutBits(int)}). */
  public int lutBits() {
    return ClearMath.rsqrtLutBits(scaleOut);
  }

  /** Goldschmidt iterations: 1 when scaleOut &lt;= 14, else 2. */
  public int iterations() {
    return ClearMath.rsqrtIterations(scaleOut);
  }

  /** Bits W = scaleOut + 1 + floor(bwIn / 2) - floor((bwIn - 1 - scaleIn) / 2) of the result before fitting. */
  public int resultBits() {
    return scaleOut + 1 + bwIn / 2 - Math.floorDiv(bwIn - 1 - scaleIn, 2);
  }
}
