package org.sirnn.fixed;

import org.sirnn.ring.Ring;

/**
 * One party's view of a shared fixed-point vector: its additive shares over Z_2^bitwidth plus the public metadata
 * (bitwidth, scale = number of fractional bits, signedness). The value of element i is
 * {@code int(x_i) / 2^scale} (signed) or {@code uint(x_i) / 2^scale} (unsigned), where x_i is the sum of both
 * parties' shares mod 2^bitwidth (SiRnn Section III-C: Fix(x, l, s) = floor(x * 2^s) mod 2^l).
 *
 * <p>Metadata is immutable; the share array is not copied (callers must not modify it after building the
 * FixArray). {@link #with} makes cheap views with other metadata over the same shares.
 */
public record FixArray(long[] shares, int bitwidth, int scale, boolean signed) {

  public FixArray {
    Ring.checkBitwidth(bitwidth);
    if (scale < 0 || scale > 128) {
      throw new IllegalArgumentException("scale must be in 0..128, got " + scale);
    }
  }

  public int length() {
    return shares.length;
  }

  /** Same shares with other metadata (no copy). */
  public FixArray with(int newScale, boolean newSigned) {
    return new FixArray(shares, bitwidth, newScale, newSigned);
  }

  /** New shares, same metadata. */
  public FixArray withShares(long[] newShares) {
    return new FixArray(newShares, bitwidth, scale, signed);
  }

  @Override
  public String toString() {
    return "FixArray[n=" + shares.length + ", bits=" + bitwidth + ", scale=" + scale + (signed ? ", signed]"
        : ", unsigned]");
  }
}
