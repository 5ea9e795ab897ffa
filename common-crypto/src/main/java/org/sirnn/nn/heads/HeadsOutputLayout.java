package org.sirnn.nn.heads;

import java.util.List;

/**
 * The 18000 outputs at scale 2^12 (README "Output"): the flattened HWC head tensors concatenated, each scaled by
 * mul / div (division toward zero): CN0, CN1/2, CN2/2, CN3*128, LC0, LC1, LC2, LC3/2. The float reference in the
 * npy files (columns 0..17999) uses the same order.
 */
public final class HeadsOutputLayout {
  /** Total outputs. */
  public static final int SIZE = 18000;

  /** One segment: where it starts, how long it is, and its scaling. */
  public record Segment(String name, int offset, int length, int mul, int div) {}

  /** The eight segments in output order. */
  public static final List<Segment> SEGMENTS = List.of(
      new Segment("CN0", 0, 2400, 1, 1), new Segment("CN1", 2400, 2400, 1, 2),
      new Segment("CN2", 4800, 600, 1, 2), new Segment("CN3", 5400, 600, 128, 1),
      new Segment("LC0", 6000, 4800, 1, 1), new Segment("LC1", 10800, 4800, 1, 1),
      new Segment("LC2", 15600, 1200, 1, 1), new Segment("LC3", 16800, 1200, 1, 2));

  private HeadsOutputLayout() {}

  /** The segment holding output index i. */
  public static Segment segmentOf(int i) {
    for (int k = SEGMENTS.size() - 1; k >= 0; k--) {
      if (i >= SEGMENTS.get(k).offset()) {
        return SEGMENTS.get(k);
      }
    }
    throw new IllegalArgumentException("output index " + i);
  }

  /** Assembles integer heads into the 18000 int16 outputs. */
  public static int[] assemble(HeadsGraph.Heads<IntTensor> h) {
    List<IntTensor> parts = List.of(h.cn0(), h.cn1(), h.cn2(), h.cn3(), h.lc0(), h.lc1(), h.lc2(), h.lc3());
    int[] out = new int[SIZE];
    for (int k = 0; k < SEGMENTS.size(); k++) {
      Segment s = SEGMENTS.get(k);
      int[] v = parts.get(k).data();
      if (v.length != s.length()) {
        throw new IllegalStateException(s.name() + ": " + v.length + " values, expected " + s.length());
      }
      for (int i = 0; i < v.length; i++) {
        out[s.offset() + i] = EdgeIntOps.int16(EdgeIntOps.div((long) v[i] * s.mul(), s.div()));
      }
    }
    return out;
  }
}
