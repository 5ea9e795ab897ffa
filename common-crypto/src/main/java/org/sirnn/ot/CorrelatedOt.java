package org.sirnn.ot;

/**
 * Additively correlated OT over Z_2^l (ALSZ13 COT; SiRnn's (2 choose 1)-COT_l, Section III-D), both directions.
 *
 * <p>For instance i the sender inputs a correlation {@code delta[i]} and gets a random {@code r[i]}; the receiver
 * with choice bit {@code b_i} gets {@code r[i] + b_i * delta[i] mod 2^l}. Cost with IKNP: lambda + l bits per
 * instance (lambda = 128), 2 rounds. The batched form carries k correlations of widths l_1..l_k on one OT
 * (lambda + sum l_j bits), as SiRnn's cross-term and matrix-multiplication protocols need.
 */
public interface CorrelatedOt {

  /** This party as sender: returns r (n values of l bits); the peer must call {@link #receive} with the same n, l. */
  default long[] send(long[] delta, int l) {
    return sendBatched(new long[][] {delta}, new int[] {l})[0];
  }

  /** This party as receiver with {@code n} choice bits; returns r + b*delta (n values of l bits). */
  default long[] receive(long[] choices, int n, int l) {
    return receiveBatched(choices, n, new int[] {l})[0];
  }

  /** Sender of k correlations per instance: deltas[j] has n values of widths[j] bits; returns r[j][i]. */
  long[][] sendBatched(long[][] deltas, int[] widths);

  /** Receiver of k correlations per instance; returns r[j][i] + b_i * delta[j][i] mod 2^widths[j]. */
  long[][] receiveBatched(long[] choices, int n, int[] widths);

  /**
   * Both directions at once, overlapped so the pair costs 2 rounds, not 4: this party is sender with
   * {@code deltas} and receiver with {@code choices}; the peer calls this method with the roles swapped (its
   * deltas have {@code nReceive} instances of {@code receiveWidths}, its n equals our deltas' length).
   *
   * @return {sender outputs r[j][i], receiver outputs} as a pair
   */
  Both sendAndReceive(long[][] deltas, int[] sendWidths, long[] choices, int nReceive, int[] receiveWidths);

  /** Outputs of {@link #sendAndReceive}: this party's outputs as sender and as receiver. */
  record Both(long[][] asSender, long[][] asReceiver) {}
}
