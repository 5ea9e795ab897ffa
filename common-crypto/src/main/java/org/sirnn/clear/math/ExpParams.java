package org.sirnn.clear.math;

/**
 * Parameters of the exponential of a non-positive fixed-point input, {@code y ~ e^(x / 2^scaleIn) * 2^scaleOut}
 * for {@code x <= 0} (SiRnn Section V-A, Fig. 3; EzPC SCI {@code MathFunctions::lookup_table_exp}).
 *
 * <p>The input is a {@code bwIn}-bit two's-complement pattern with scale {@code scaleIn}; the output a
 * {@code bwOut}-bit pattern with scale {@code scaleOut}. The input is negated, cut into {@link #digits()} digits of
 * {@code digitBits} bits (the most significant digit has {@link #lastDigitBits()} bits), each digit indexes a
 * lookup table with {@link #lutBits()}-bit entries, and the looked-up values are multiplied in a binary product
 * tree (see {@link ClearMath#expNeg(long, ExpParams)}).
 *
 * <p>Supported values (anything else throws {@link IllegalArgumentException} naming the parameter and range):
 * <ul>
 *   <li>{@code bwIn} in 2..64, and the last digit {@code bwIn - digitBits * (digits - 1)} must have at least 2
 *       bits (a 1-bit LUT index is unsupported, as in SCI);
 *   <li>{@code digitBits} in 2..8 (one 1-out-of-2^d OT per digit, d &lt;= 8 as SCI's {@code KKOT_LIMIT});
 *   <li>{@code scaleIn} in -64..63 (a negative scale multiplies the integer by 2^-scaleIn; tanh uses
 *       {@code scaleIn - 1}), and at least {@code digitBits * (digits - 1) - (64 - lastDigitBits)} so that the
 *       top digit's scaled LUT index j * 2^-(scaleIn - digitBits * (digits - 1)) fits the 64-bit integer SCI
 *       forms it in (for bwIn = 64 this means scaleIn &gt;= 0);
 *   <li>{@code scaleOut} in 0..31 (the tree multiplies two (scaleOut+2)-bit values into 2*scaleOut+2 &lt;= 64
 *       bits);
 *   <li>{@code bwOut} in scaleOut+2..64 (the looked-up values need scaleOut+2 bits).
 * </ul>
 *
 * @param bwIn input bitwidth
 * @param scaleIn input scale
 * @param bwOut output bitwidth
 * @param scaleOut output scale
 * @param digitBits digit size d of the digit decomposition (the paper's and SCI's default is 8)
 */
public record ExpParams(int bwIn, int scaleIn, int bwOut, int scaleOut, int digitBits) {

  /** The paper's and SCI's digit size. */
  public static final int DEFAULT_DIGIT_BITS = 8;

  /** Validates every field; see the class comment for the supported ranges. */
  public ExpParams {
    Checks.range("exp", "digitBits", digitBits, 2, 8, "LUT index of 2..8 bits");
    Checks.range("exp", "bwIn", bwIn, 2, 64, null);
    int k = (bwIn + digitBits - 1) / digitBits;
    int last = bwIn - digitBits * (k - 1);
    if (last < 2) {
      throw new IllegalArgumentException("exp: bwIn " + bwIn + " with digitBits " + digitBits
          + " leaves a 1-bit last digit; bwIn mod digitBits must be 0 or >= 2");
    }
    Checks.range("exp", "scaleIn", scaleIn, -64, 63, "SCI forms 2^s_in as a 64-bit integer");
    // SCI forms j * 2^(-s_in) in unsigned 64-bit arithmetic; the top digit (largest j, smallest s_in) must fit
    int minScaleIn = digitBits * (k - 1) - (64 - last);
    if (scaleIn < minScaleIn) {
      throw new IllegalArgumentException("exp: scaleIn must be >= " + minScaleIn + " for bwIn " + bwIn
          + " and digitBits " + digitBits + " (the top digit's LUT index times 2^-(scaleIn - " + digitBits * (k - 1)
          + ") must fit 64 bits), got " + scaleIn);
    }
    Checks.range("exp", "scaleOut", scaleOut, 0, 31, "2*scaleOut+2 <= 64");
    Checks.range("exp", "bwOut", bwOut, scaleOut + 2, 64, "bwOut >= scaleOut + 2");
  }

  /** Parameters with the default digit size 8. */
  public ExpParams(int bwIn, int scaleIn, int bwOut, int scaleOut) {
    this(bwIn, scaleIn, bwOut, scaleOut, DEFAULT_DIGIT_BITS);
  }

  /** Number of digits k = ceil(bwIn / digitBits). */
  public int digits() {
    return (bwIn + digitBits - 1) / digitBits;
  }

  /** Bits of the most significant digit, bwIn - digitBits * (k - 1), in 2..digitBits. */
  public int lastDigitBits() {
    return bwIn - digitBits * (digits() - 1);
  }

  /** Bits of digit i: digitBits, except the last digit. */
  public int digitSize(int i) {
    return i == digits() - 1 ? lastDigitBits() : digitBits;
  }

  /** Scale at which digit i's LUT reads its index: scaleIn - digitBits * i (may be negative). */
  public int digitScale(int i) {
    return scaleIn - digitBits * i;
  }

  /** Width L = scaleOut + 2 of the LUT entries and of every product-tree value. */
  public int lutBits() {
    return scaleOut + 2;
  }
}
