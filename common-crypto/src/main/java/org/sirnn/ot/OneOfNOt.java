package org.sirnn.ot;

/**
 * 1-out-of-N OT of chosen l-bit messages, N = 2^k with k in 1..8 (SiRnn's (N choose 1)-OT_l, Section III-D): the
 * sender holds N messages per instance, the receiver learns the one its index selects and nothing else; the sender
 * learns nothing. Carries lookup tables and the millionaires' leaves. Cost with KK13: 2*lambda + N*l bits per
 * instance, 2 rounds.
 */
public interface OneOfNOt {

  /**
   * This party as sender. {@code messages[i*N + j]} is message j of instance i (l bits); n = messages.length / N.
   */
  void sendOneOfN(long[] messages, int bigN, int l);

  /** This party as receiver: {@code choices[i]} in [0, N) picks message {@code choices[i]} of instance i. */
  long[] receiveOneOfN(int[] choices, int bigN, int l);
}
