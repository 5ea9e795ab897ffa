package org.sirnn.mpc;

import org.sirnn.net.Traffic;

/**
 * ReLU on shared signed l-bit values (CrypTFlow2): relu(x) = DReLU(x) * x, DReLU by the millionaires'-based MSB
 * and the product by the multiplexer. Cost: MSB (millionaires' on l - 1 bits, < lambda (l-1) + 14 (l-1) bits,
 * log l rounds) + MUX (2 (lambda + l) bits, 2 rounds).
 */
public final class Relu {
  private Relu() {}

  /** Shares of max(int(x), 0) as an l-bit value. */
  @SuppressWarnings("try")
  public static long[] relu(Party p, long[] x, int l) {
    try (Traffic.Scope sc = p.scope("relu")) {
      return Mux.select(p, Comparisons.drelu(p, x, l), x, l);
    }
  }
}
