package org.sirnn.nn.heads;

/**
 * An H x W x C fixed-point map in HWC order for the SiRnn-style Heads ({@link HeadsFixedBackend}): the values
 * (cleartext twin) or this party's additive shares (secure run) of {@code bits}-bit two's-complement integers.
 * Scales are implicit: each map sits at the scale the face-2 headers give the EdgeML integer at the same point
 * (docs/heads.md).
 */
public record FxMap(int h, int w, int c, long[] v, int bits) {

  public FxMap {
    if ((long) h * w * c != v.length) {
      throw new IllegalArgumentException(v.length + " values for " + h + "x" + w + "x" + c);
    }
  }

  /** Flat index of (row, column, channel). */
  public int index(int r, int col, int ch) {
    return (r * w + col) * c + ch;
  }
}
