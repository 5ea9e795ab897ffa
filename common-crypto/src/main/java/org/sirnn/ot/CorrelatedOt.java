package org.sirnn.ot;

/**
 * Additively correlated OT over Z_2^l (ALSZ13 COT; SiRnn's (2 choose 1)-COT_l, Section III-D), both directions.
 *
 * <p>For instance i the sender inputs a correlation {@code delta[i]} and gets a random {@code r[i]}; the receiver
 * with choice bit {@code b_i} gets {@code r[i] + b_i * delta[i] mod 2^l}. Cost with IKNP: lambda + l bits per
 * instance (lambda = 128), 2 rounds.
 *
 * <p>The general form is a list of {@link Segment}s run on one extension (so 2 rounds for all of them): segment j
 * has n_j instances and k_j correlations per instance, correlation c of width {@code widths[c]} bits; one OT (one
 * choice bit) carries all k_j correlations (lambda + sum_c widths[c] bits per instance). This covers SiRnn's
 * batched COT (several messages of different lengths on one OT), the cross-term protocol (one segment per bit
 * position, messages shortened to l - i bits) and matrix multiplication (d correlations per OT).
 */
public interface CorrelatedOt {

  /** Sender input of one segment: {@code deltas[c][i]}, correlation c of instance i, of {@code widths[c]} bits. */
  record Segment(long[][] deltas, int[] widths) {
    public Segment {
      if (deltas.length == 0 || deltas.length != widths.length) {
        throw new IllegalArgumentException("COT segment: " + deltas.length + " correlation vectors for "
            + widths.length + " widths (need the same number, at least one)");
      }
      for (int c = 0; c < deltas.length; c++) {
        if (widths[c] < 1 || widths[c] > 64) {
          throw new IllegalArgumentException("COT segment: width " + widths[c] + " not in 1..64");
        }
        if (deltas[c].length != deltas[0].length) {
          throw new IllegalArgumentException("COT segment: correlation " + c + " has " + deltas[c].length
              + " values, correlation 0 has " + deltas[0].length);
        }
      }
    }

    public int n() {
      return deltas[0].length;
    }

    /** The receiver's view of this segment. */
    public Shape shape() {
      return new Shape(n(), widths.clone());
    }
  }

  /** Receiver view of one segment: n instances with correlations of the given widths. */
  record Shape(int n, int[] widths) {
    public Shape {
      if (n < 0 || widths.length == 0) {
        throw new IllegalArgumentException("COT shape: n = " + n + " with " + widths.length + " widths");
      }
      for (int w : widths) {
        if (w < 1 || w > 64) {
          throw new IllegalArgumentException("COT shape: width " + w + " not in 1..64");
        }
      }
    }
  }

  /** Outputs of a two-way call: [segment][correlation][instance] as sender and as receiver. */
  record Both(long[][][] asSender, long[][][] asReceiver) {}

  /** This party as sender of all segments in one extension; returns r[segment][correlation][instance]. */
  long[][][] sendSegments(Segment... segments);

  /**
   * This party as receiver: {@code choices} holds one bit per instance, segments back to back (segment 0's n_0
   * bits first); returns r + b * delta per [segment][correlation][instance].
   */
  long[][][] receiveSegments(long[] choices, Shape... shapes);

  /**
   * Both directions at once, overlapped so the pair costs 2 rounds: this party sends {@code send} and receives
   * {@code receive} with {@code choices}; the peer calls this method with the roles mirrored.
   */
  Both exchange(Segment[] send, long[] choices, Shape[] receive);

  /** Single correlation per OT, this party sender: returns r. */
  default long[] send(long[] delta, int l) {
    return sendSegments(new Segment(new long[][] {delta}, new int[] {l}))[0][0];
  }

  /** Single correlation per OT, this party receiver: returns r + b*delta. */
  default long[] receive(long[] choices, int n, int l) {
    return receiveSegments(choices, new Shape(n, new int[] {l}))[0][0];
  }

  /** k correlations of widths[j] bits per OT (SiRnn's batched COT), this party sender. */
  default long[][] sendBatched(long[][] deltas, int[] widths) {
    return sendSegments(new Segment(deltas, widths))[0];
  }

  /** k correlations per OT, this party receiver. */
  default long[][] receiveBatched(long[] choices, int n, int[] widths) {
    return receiveSegments(choices, new Shape(n, widths))[0];
  }

  /** One segment each way, overlapped (2 rounds): returns {as sender, as receiver} per correlation. */
  default long[][][] sendAndReceive(long[][] deltas, int[] sendWidths, long[] choices, int nReceive,
      int[] receiveWidths) {
    Both b = exchange(new Segment[] {new Segment(deltas, sendWidths)}, choices,
        new Shape[] {new Shape(nReceive, receiveWidths)});
    return new long[][][] {b.asSender()[0], b.asReceiver()[0]};
  }
}
