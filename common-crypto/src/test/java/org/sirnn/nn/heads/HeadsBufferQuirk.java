package org.sirnn.nn.heads;

/**
 * The one-byte buffer overlap of MBConv L10 and L11 in the C reference (README "The quirk"): the last int16 of
 * the expansion ring buffer (slot 2, column 19, channel 191) shares a byte with the low byte of output element
 * (0, 0, 0), and the last write to that slot is expansion row 14. So after the block, before the residual add,
 * out[0,0,0] = int16((out[0,0,0] & 0xFF00) | ((e[14,19,191] >> 8) & 0xFF)). Only for bit-exactness in cleartext.
 */
public final class HeadsBufferQuirk {
  /** The blocks affected. */
  public static boolean affects(int block) {
    return block == 10 || block == 11;
  }

  private HeadsBufferQuirk() {}

  /** Applies the overwrite in place to {@code out} using expansion map {@code e} (15 x 20 x 192). */
  public static void apply(IntTensor out, IntTensor e) {
    if (e.h() != 15 || e.w() != 20 || e.c() != 192) {
      throw new IllegalArgumentException("buffer quirk expects a 15x20x192 expansion, got " + e.h() + "x" + e.w()
          + "x" + e.c());
    }
    int high = (e.get(14, 19, 191) >> 8) & 0xFF;
    out.data()[0] = EdgeIntOps.int16((out.data()[0] & 0xFF00) | high);
  }
}
