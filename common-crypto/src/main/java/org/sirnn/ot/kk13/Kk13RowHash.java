package org.sirnn.ot.kk13;

import org.sirnn.prg.CrHash;

/**
 * The hash of a 256-bit KK13 row, H(T, a||b), where a is bits 0..127 and b is bits 128..255 of the row and T the
 * instance's tweak: two links of the tweakable correlation-robust fixed-key-AES hash TCCR of Guo, Katz, Wang, Yu,
 * "Efficient and Secure Multiparty Computation from Fixed-Key Block Ciphers", IEEE S&amp;P 2020 (GKWY20,
 * {@link CrHash#tccr}), chained Merkle-Damgard style, the first link's output fed into the second link's input:
 * <pre>
 *   c         = TCCR(T, a)                  (the chaining value, {@link #chain})
 *   H(T, a||b) = TCCR(2^63 + T, b xor c)     ({@link #finish}; KK13 keeps the low l bits of its low word)
 * </pre>
 * with TCCR(i, x) = pi(pi(x) xor i) xor pi(x) and pi fixed-key AES-128. The two links use disjoint tweaks (T and
 * 2<sup>63</sup> + T, T an instance counter below 2<sup>63</sup>), so no TCCR call of the session repeats a tweak
 * role. Cost: 4 fixed-key AES calls per row, as for hashing the halves separately, and the chaining value of a
 * low half serves every row with that low half (the KK13 sender's y and y + 128).
 *
 * <h2>Why chained, not two halves XORed</h2>
 * The construction used before, H(T, a||b) = TCCR(T, a) xor TCCR(2<sup>63</sup> + T, b), splits into independent
 * halves: H(a||b) xor H(a'||b) = TCCR(T, a) xor TCCR(T, a') does not depend on b. In KK13 with the
 * Walsh-Hadamard code, the receiver's unknown part of a row it must not open is (C(x) xor C(y)) AND s, which has 64
 * secret bits of s in each half when x xor y is below 128; an adversary holding one pad value can then meet in
 * the middle, enumerating the 2<sup>64</sup> candidates of each half separately and matching
 * TCCR(T, a) against TCCR(T', b) xor pad: about 2<sup>64</sup> work instead of the claimed 2<sup>128</sup>. Chained,
 * every output bit depends on all 256 input bits, and the second link cannot be run backwards: matching in the
 * middle would need the input b xor c of the second link from its output, i.e. a preimage of
 * x &rarr; pi(pi(x) xor i) xor pi(x), which costs about 2<sup>128</sup> calls of pi (the feed-forward of pi(x) makes
 * the map non-invertible).
 *
 * <h2>Security argument</h2>
 * In the ideal-permutation model for pi (the model of GKWY20), a pad TCCR(2<sup>63</sup> + T, v) with
 * v = b xor c looks uniform to an adversary unless it queries pi at v (or at pi(v) xor i, which it cannot name
 * without pi(v)). Let the row's unknown part have k<sub>a</sub> secret bits in a and k<sub>b</sub> in b, with
 * k<sub>a</sub> + k<sub>b</sub> &ge; 128 (KK13's code distance; here (k<sub>a</sub>, k<sub>b</sub>) is (0, 128) or
 * (64, 64)). If k<sub>a</sub> = 0, c is known and v carries the 128 secret bits of b. Otherwise c is a fresh
 * random-permutation value for each of the 2<sup>k<sub>a</sub></sup> candidates of a, and for any guess g,
 * Pr[v = g] &le; 2<sup>-k<sub>a</sub></sup> &middot; 2<sup>-k<sub>b</sub></sup> plus the chance that two candidate
 * chaining values collide into the same coset, so each query hits v with probability about 2<sup>-128</sup>.
 * Distinct rows of one instance have distinct v except with probability about 2<sup>-128</sup>, and rows of
 * distinct instances use distinct tweaks, so the pads of all rows the receiver must not open are jointly
 * pseudorandom. The KK13 proof then goes through with this H as its correlation-robust hash (Kolesnikov and
 * Kumaresan, CRYPTO 2013; Kolesnikov, Kumaresan, Rosulek and Trieu, CCS 2016, name the property needed d-Hamming
 * correlation robustness, here with d = 128). The chaining is the Merkle-Damgard iteration with TCCR links; the
 * argument above is ours, in GKWY20's model, not a theorem of GKWY20.
 *
 * <p>Blocks use the package layout of {@link CrHash} (block p is longs 2p and 2p + 1). Thread-safe (no state).
 */
final class Kk13RowHash {

  /** Added to the instance counter to form the tweak of the second link. */
  static final long SECOND_LINK_TWEAK = Long.MIN_VALUE;

  private Kk13RowHash() {}

  /**
   * First link: {@code chain_p = TCCR(tweak + p, a_p)} for p in [0, n), a_p the low half of row p.
   *
   * @param a low halves of the rows (block {@code aOff + p} is row p's bits 0..127)
   * @param aOff first block of {@code a}
   * @param tweak T of row 0; row p uses T + p
   * @param n number of rows
   * @param chain receives the chaining values (may be {@code a} with the same offset)
   * @param chainOff first block of {@code chain}
   */
  static void chain(long[] a, int aOff, long tweak, int n, long[] chain, int chainOff) {
    CrHash.tccr(a, aOff, tweak, n, chain, chainOff);
  }

  /**
   * Second link: {@code out_p = TCCR(2^63 + tweak + p, b_p xor chain_p)} for p in [0, n), b_p the high half of row
   * p and chain_p its chaining value from {@link #chain}; {@code out_p} is H(T + p, a_p||b_p).
   *
   * @param b high halves of the rows (block {@code bOff + p} is row p's bits 128..255)
   * @param bOff first block of {@code b}
   * @param chain chaining values of the rows' low halves
   * @param chainOff first block of {@code chain}
   * @param tweak T of row 0, the same as given to {@link #chain}
   * @param n number of rows
   * @param out receives the hashes; may be {@code b} or {@code chain} with the same offset
   * @param outOff first block of {@code out}
   */
  static void finish(long[] b, int bOff, long[] chain, int chainOff, long tweak, int n, long[] out, int outOff) {
    CrHash.tccrXor(b, bOff, chain, chainOff, SECOND_LINK_TWEAK + tweak, n, out, outOff);
  }

  /**
   * H(T + p, a_p||b_p) for p in [0, n): {@link #chain} then {@link #finish}.
   *
   * @param a low halves of the rows, n blocks from block 0
   * @param b high halves of the rows, n blocks from block 0
   * @param tweak T of row 0
   * @param n number of rows
   * @return n hash blocks (2n longs)
   */
  static long[] hash(long[] a, long[] b, long tweak, int n) {
    long[] out = new long[2 * n];
    long[] c = new long[2 * n];
    chain(a, 0, tweak, n, c, 0);
    finish(b, 0, c, 0, tweak, n, out, 0);
    return out;
  }
}
