package org.sirnn.nn.heads;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The four sweeps of RNNPool over one P x P patch, independent of the arithmetic (README "RNNPool(patch)",
 * rnnpool-unit README "The RNNPool operation"):
 * <ol>
 *   <li>RNN1 along each row r (columns 0..P-1) gives row summary s_r; each summary goes through {@code rescale};</li>
 *   <li>RNN2 over s_0..s_{P-1} gives output 0; RNN2 over s_{P-1}..s_0 gives output 1;</li>
 *   <li>RNN1 down each column c (rows 0..P-1) gives q_c, rescaled the same way;</li>
 *   <li>RNN2 over q_0..q_{P-1} gives output 2; over q_{P-1}..q_0 gives output 3.</li>
 * </ol>
 * Every RNN run starts from the zero state.
 */
public final class RnnPoolSweeps {
  private RnnPoolSweeps() {}

  /**
   * @param patch patch[r][c] = the input vector of pixel (r, c)
   * @return the four final RNN2 states in the order above
   */
  public static <V> List<V> apply(V[][] patch, RnnCell<V> rnn1, RnnCell<V> rnn2, UnaryOperator<V> rescale) {
    int p = patch.length;
    List<V> rows = new ArrayList<>(p);
    List<V> cols = new ArrayList<>(p);
    for (int r = 0; r < p; r++) {
      List<V> seq = new ArrayList<>(p);
      for (int c = 0; c < p; c++) {
        seq.add(patch[r][c]);
      }
      rows.add(rescale.apply(rnn1.run(seq)));
    }
    for (int c = 0; c < p; c++) {
      List<V> seq = new ArrayList<>(p);
      for (int r = 0; r < p; r++) {
        seq.add(patch[r][c]);
      }
      cols.add(rescale.apply(rnn1.run(seq)));
    }
    List<V> out = new ArrayList<>(4);
    out.add(rnn2.run(rows));
    out.add(rnn2.run(reversed(rows)));
    out.add(rnn2.run(cols));
    out.add(rnn2.run(reversed(cols)));
    return out;
  }

  private static <V> List<V> reversed(List<V> l) {
    List<V> r = new ArrayList<>(l);
    Collections.reverse(r);
    return r;
  }
}
