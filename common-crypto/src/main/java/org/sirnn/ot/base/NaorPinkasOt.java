package org.sirnn.ot.base;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;
import org.sirnn.net.Channel;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.ProtocolAbortException.Reason;
import org.sirnn.net.Traffic;

/**
 * Base oblivious transfer of random 128-bit messages: the semi-honest Naor-Pinkas OT (Naor and Pinkas, "Efficient
 * Oblivious Transfer Protocols", SODA 2001, Section 3.1, with the random-oracle key derivation) over NIST P-256.
 * It produces the seed OTs of OT extension: 128 for IKNP, 256 for KK13, in either direction (whichever party calls
 * {@link #send} is the OT sender; the other calls {@link #receive} with the same {@code n}).
 *
 * <h2>Protocol</h2>
 * With generator G of the prime-order group of P-256 and H the random oracle of {@link NpKeyHash}:
 * <ol>
 *   <li>Sender: picks a 16-byte session nonce {@code sid}, scalars c and r, and sends {@code sid}, C = c·G and
 *       R = r·G.</li>
 *   <li>Receiver: checks C and R, and for each OT i with choice bit b<sub>i</sub> picks a scalar k<sub>i</sub>,
 *       sets PK<sub>b</sub> = k<sub>i</sub>·G and PK<sub>1-b</sub> = C - k<sub>i</sub>·G, and sends
 *       PK0<sub>i</sub>. Its output is key<sub>b</sub> = H(sid, i, b<sub>i</sub>, k<sub>i</sub>·R).</li>
 *   <li>Sender: checks every PK0<sub>i</sub> and outputs key0<sub>i</sub> = H(sid, i, 0, r·PK0<sub>i</sub>) and
 *       key1<sub>i</sub> = H(sid, i, 1, r·C - r·PK0<sub>i</sub>), where r·C = (c·r)·G is computed once.</li>
 * </ol>
 * Correctness: r·PK<sub>b</sub> = r·k<sub>i</sub>·G = k<sub>i</sub>·R, and r·PK1 = r·C - r·PK0.
 *
 * <h2>Security</h2>
 * Semi-honest security only. The receiver's choices are hidden information-theoretically (PK0 is a uniform point
 * whatever b is). The sender's other key stays hidden under the computational Diffie-Hellman assumption in P-256
 * with H modelled as a random oracle (the receiver would need r·PK<sub>1-b</sub>, i.e. the Diffie-Hellman value of
 * R and C - PK<sub>b</sub>, knowing the discrete log of at most one of PK0, PK1); the keys are pseudorandom under
 * DDH/CDH in the ROM. The per-session nonce enters every hash, so keys of two sessions never collide even with the
 * same points. Neither side is protected against a malicious peer beyond rejecting malformed points: both sides
 * check that every received point is a valid compressed P-256 point and not infinity, and abort with
 * {@link ProtocolAbortException} ({@link Reason#MALFORMED}) otherwise. The arithmetic is not constant-time.
 *
 * <h2>Cost</h2>
 * Rounds: 2 (sender to receiver, receiver to sender). Communication: 2 points and a 16-byte nonce from the sender,
 * n points from the receiver, 33 bytes per compressed point: {@code 33·(n+2) + 16} payload bytes plus channel
 * framing, each step one {@link Channel#sendBytes} message. Computation: receiver 2n fixed-base multiplications
 * (comb tables on G and, for n of at least {@value #COMB_MIN_OTS}, on R); sender n variable-base multiplications
 * and n point decompressions. Both account their traffic in the {@link Traffic} scope {@value #SCOPE}.
 *
 * <p>Block layout follows {@code org.sirnn.prg}: block j of a {@code long[]} is longs 2j (lo) and 2j+1 (hi).
 */
public final class NaorPinkasOt {

  /** Name of the {@link Traffic} scope both sides open. */
  public static final String SCOPE = "base-ot";

  /** Bytes of one compressed P-256 point on the wire. */
  public static final int POINT_BYTES = P256.POINT_BYTES;

  /** Bytes of the sender's session nonce. */
  public static final int NONCE_BYTES = NpKeyHash.NONCE_BYTES;

  /** Bytes of the sender's message: nonce, C, R. */
  public static final int SENDER_MESSAGE_BYTES = NONCE_BYTES + 2 * POINT_BYTES;

  /**
   * Largest number of OTs of one call: 16384, far more than OT extension needs. The receiver's points travel as one
   * byte string of 33·n bytes (540 KiB at the limit), and {@link Channel#receiveBytes} takes a byte string only
   * whole, in one frame piece, so it must fit the channel's frame size (1 MiB by default).
   */
  public static final int MAX_OTS = 1 << 14;

  /** From this many OTs on, the receiver builds a comb table on R instead of n variable-base multiplications. */
  static final int COMB_MIN_OTS = 8;

  private NaorPinkasOt() {}

  /**
   * Runs the sender's side of {@code n} random OTs.
   *
   * <p>Protocol: semi-honest Naor-Pinkas (SODA 2001, Section 3.1) over P-256 with SHA-256 as random oracle; secure
   * under CDH/DDH in the random-oracle model against a semi-honest receiver. Rounds: 2. Communication: sends
   * {@value #SENDER_MESSAGE_BYTES} bytes (nonce and 2 points), receives 33·n bytes (n points), plus framing.
   *
   * @param ch channel to the receiver; the round ends when this side waits for the receiver's points
   * @param n number of OTs, 1..{@value #MAX_OTS}
   * @param rnd source of the nonce and the secret scalars (a {@link SecureRandom} instance)
   * @return 4n longs: for OT i, key0 is block 2i (longs 4i, 4i+1) and key1 is block 2i+1 (longs 4i+2, 4i+3)
   * @throws ProtocolAbortException {@link Reason#MALFORMED} if the receiver's message has the wrong length or any
   *     PK0 is not a valid compressed P-256 point; other reasons from the channel
   */
  @SuppressWarnings("try") // the scope is only opened and closed
  public static long[] send(Channel ch, int n, SecureRandom rnd) {
    Objects.requireNonNull(ch, "ch");
    Objects.requireNonNull(rnd, "rnd");
    checkCount(n);
    try (Traffic.Scope scope = ch.traffic().scope(SCOPE)) {
      byte[] nonce = new byte[NONCE_BYTES];
      rnd.nextBytes(nonce);
      BigInteger[] cr = P256.randomScalars(2, rnd);
      BigInteger r = cr[1];
      ECPoint[] first = {P256.mulG(cr[0]), P256.mulG(r), P256.mulG(cr[0].multiply(r).mod(P256.ORDER))};
      P256.CURVE.normalizeAll(first);
      ECPoint rC = first[2];

      byte[] msg1 = new byte[SENDER_MESSAGE_BYTES];
      System.arraycopy(nonce, 0, msg1, 0, NONCE_BYTES);
      P256.encode(first[0], msg1, NONCE_BYTES);
      P256.encode(first[1], msg1, NONCE_BYTES + POINT_BYTES);
      ch.sendBytes(msg1);
      ch.flush();

      int expected = POINT_BYTES * n;
      byte[] msg2 = ch.receiveBytes(expected);
      if (msg2.length != expected) {
        throw new ProtocolAbortException(Reason.MALFORMED, "base OT: receiver sent " + msg2.length
            + " bytes of points, expected " + expected + " (" + n + " points of " + POINT_BYTES + " bytes)");
      }
      ECPoint[] pk0 = new ECPoint[n];
      for (int i = 0; i < n; i++) {
        pk0[i] = P256.decode(msg2, i * POINT_BYTES, "receiver's point PK0", i);
      }

      // shared points: q[2i] = r·PK0_i, q[2i+1] = r·C - r·PK0_i
      ECPoint[] q = new ECPoint[2 * n];
      for (int i = 0; i < n; i++) {
        ECPoint s0 = pk0[i].multiply(r);
        q[2 * i] = s0;
        q[2 * i + 1] = rC.subtract(s0);
      }
      P256.CURVE.normalizeAll(q);

      long[] keys = new long[4 * n];
      NpKeyHash h = new NpKeyHash(nonce);
      for (int i = 0; i < n; i++) {
        h.derive(i, 0, q[2 * i], keys, 2 * i);
        h.derive(i, 1, q[2 * i + 1], keys, 2 * i + 1);
      }
      h.wipe();
      return keys;
    }
  }

  /**
   * Runs the receiver's side of {@code n} random OTs with choice bits {@code b_i} = bit {@code i%64} of
   * {@code choiceWords[i/64]} (bits at and above n are ignored).
   *
   * <p>Protocol: semi-honest Naor-Pinkas (SODA 2001, Section 3.1) over P-256 with SHA-256 as random oracle; the
   * choices are hidden unconditionally, the sender's unchosen keys under CDH/DDH in the random-oracle model.
   * Rounds: 2. Communication: receives {@value #SENDER_MESSAGE_BYTES} bytes (nonce and 2 points), sends 33·n bytes
   * (n points), plus framing. This side flushes its points before deriving its keys.
   *
   * @param ch channel to the sender
   * @param choiceWords the n choice bits, 64 per word; at least ceil(n/64) words
   * @param n number of OTs, 1..{@value #MAX_OTS}
   * @param rnd source of the secret scalars (a {@link SecureRandom} instance)
   * @return 2n longs: block i (longs 2i, 2i+1) is key_{b_i} of OT i
   * @throws ProtocolAbortException {@link Reason#MALFORMED} if the sender's message has the wrong length or C or R
   *     is not a valid compressed P-256 point; other reasons from the channel
   */
  @SuppressWarnings("try") // the scope is only opened and closed
  public static long[] receive(Channel ch, long[] choiceWords, int n, SecureRandom rnd) {
    Objects.requireNonNull(ch, "ch");
    Objects.requireNonNull(choiceWords, "choiceWords");
    Objects.requireNonNull(rnd, "rnd");
    checkCount(n);
    if (choiceWords.length < (n + 63) / 64) {
      throw new IllegalArgumentException(n + " choice bits need " + (n + 63) / 64 + " words, got "
          + choiceWords.length);
    }
    try (Traffic.Scope scope = ch.traffic().scope(SCOPE)) {
      BigInteger[] k = P256.randomScalars(n, rnd);
      // k_i·G does not depend on the sender: compute it before waiting for the first message
      ECPoint[] kG = new ECPoint[n];
      for (int i = 0; i < n; i++) {
        kG[i] = P256.mulG(k[i]);
      }

      byte[] msg1 = ch.receiveBytes(SENDER_MESSAGE_BYTES);
      if (msg1.length != SENDER_MESSAGE_BYTES) {
        throw new ProtocolAbortException(Reason.MALFORMED, "base OT: sender's message has " + msg1.length
            + " bytes, expected " + SENDER_MESSAGE_BYTES + " (nonce of " + NONCE_BYTES + " bytes and points C, R)");
      }
      byte[] nonce = Arrays.copyOf(msg1, NONCE_BYTES);
      ECPoint c = P256.decode(msg1, NONCE_BYTES, "sender's point C", -1);
      ECPoint r = P256.decode(msg1, NONCE_BYTES + POINT_BYTES, "sender's point R", -1);

      ECPoint[] pk0 = new ECPoint[n];
      for (int i = 0; i < n; i++) {
        ECPoint other = c.subtract(kG[i]);
        pk0[i] = choice(choiceWords, i) == 0 ? kG[i] : other;
      }
      P256.CURVE.normalizeAll(pk0);
      byte[] msg2 = new byte[POINT_BYTES * n];
      for (int i = 0; i < n; i++) {
        P256.encode(pk0[i], msg2, i * POINT_BYTES);
      }
      ch.sendBytes(msg2);
      ch.flush();

      ECPoint[] shared = new ECPoint[n];
      boolean comb = n >= COMB_MIN_OTS;
      for (int i = 0; i < n; i++) {
        shared[i] = comb ? P256.mulFixed(r, k[i]) : r.multiply(k[i]);
      }
      P256.CURVE.normalizeAll(shared);
      long[] keys = new long[2 * n];
      NpKeyHash h = new NpKeyHash(nonce);
      for (int i = 0; i < n; i++) {
        h.derive(i, choice(choiceWords, i), shared[i], keys, i);
      }
      h.wipe();
      return keys;
    }
  }

  private static int choice(long[] words, int i) {
    return (int) (words[i >>> 6] >>> (i & 63)) & 1;
  }

  private static void checkCount(int n) {
    if (n < 1 || n > MAX_OTS) {
      throw new IllegalArgumentException("number of base OTs must be in 1.." + MAX_OTS + ", got " + n);
    }
  }
}
