package org.sirnn.nn.heads;

/**
 * The table-based sigmoid and tanh of the EdgeML C library (README "Sigmoid and tanh (table based)"). Inputs are
 * int16 at scale 2^11, outputs int16 at scale 2^14. With E(v) = (A[v / 128] * B[v mod 128]) / 2^14 for v >= 0
 * (about 16384 e^(-v/2048)):
 * <ul>
 *   <li>sigmoid(x) = (E(-x) 2^14) / (E(-x) + 16384) for x <= 0, and 267943936 / (16384 + E(x)) for x > 0;</li>
 *   <li>tanh(x): d = sat16(2x); ((E(-d) - 16384) 2^14) / (E(-d) + 16384) for d <= 0, and
 *       ((16384 - E(d)) 2^14) / (E(d) + 16384) for d > 0.</li>
 * </ul>
 * E(-(-32768)) is read as E(32767). All divisions round toward zero.
 */
public final class EdgeTableActivations {
  private final ExpTables tables;

  public EdgeTableActivations(ExpTables tables) {
    this.tables = tables;
  }

  /** E(v) for 0 <= v <= 32767. */
  public int exp(int v) {
    if (v < 0 || v > 32767) {
      throw new IllegalArgumentException("E(v) needs 0 <= v <= 32767, got " + v);
    }
    return (tables.a(v >> 7) * tables.b(v & 127)) / 16384;
  }

  private int expOfNeg(int x) {
    return exp(x == -32768 ? 32767 : -x);
  }

  /** The table sigmoid of an int16 x (scale 2^11), result at scale 2^14. */
  public int sigmoid(int x) {
    if (x <= 0) {
      long y = expOfNeg(x);
      return EdgeIntOps.int16(EdgeIntOps.div(y * 16384, y + 16384));
    }
    return EdgeIntOps.int16(EdgeIntOps.div(267943936L, 16384L + exp(x)));
  }

  /** The table tanh of an int16 x (scale 2^11), result at scale 2^14. */
  public int tanh(int x) {
    int d = EdgeIntOps.sat16(2L * x);
    if (d <= 0) {
      long y = expOfNeg(d);
      return EdgeIntOps.int16(EdgeIntOps.div((y - 16384) * 16384, y + 16384));
    }
    long y = exp(d);
    return EdgeIntOps.int16(EdgeIntOps.div((16384 - y) * 16384, y + 16384));
  }
}
