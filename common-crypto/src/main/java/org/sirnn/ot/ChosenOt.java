package org.sirnn.ot;

/**
 * 1-out-of-2 OT of chosen l-bit messages. Cost with IKNP: lambda + 2l bits per instance, 2 rounds.
 */
public interface ChosenOt {

  /** This party as sender of the pairs (m0[i], m1[i]), l bits each. */
  void sendChosen(long[] m0, long[] m1, int l);

  /** This party as receiver: returns m_{b_i}[i]. */
  long[] receiveChosen(long[] choices, int n, int l);
}
