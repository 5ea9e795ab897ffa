package org.sirnn.ot;

/**
 * Random OT with l-bit messages: the sender gets two random messages per instance, the receiver gets the one its
 * choice bit selects. Cost with IKNP: lambda bits per instance, 1 round (the receiver's extension message).
 */
public interface RandomOt {

  /** This party as sender: returns {m0, m1}, each n values of l bits. */
  long[][] sendRandom(int n, int l);

  /** This party as receiver with the given choices: returns m_{b_i} for each i. */
  long[] receiveRandom(long[] choices, int n, int l);
}
