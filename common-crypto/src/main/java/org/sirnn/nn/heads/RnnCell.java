package org.sirnn.nn.heads;

/**
 * One recurrent cell h <- cell(x, h) over a vector type {@code V} (int[] for the EdgeML integers, double[] for
 * the float reference, a share vector for a secure version). Used by {@link RnnPoolSweeps}.
 */
public interface RnnCell<V> {
  /** The initial state (all zeros). */
  V zeroState();

  /** One step: the new state from input x and state h. */
  V step(V x, V h);

  /** Runs the cell from {@link #zeroState()} over the inputs in order and returns the final state. */
  default V run(Iterable<V> inputs) {
    V h = zeroState();
    for (V x : inputs) {
      h = step(x, h);
    }
    return h;
  }
}
