package org.sirnn.ot.kk13;

import java.security.SecureRandom;
import java.util.Objects;
import org.sirnn.net.Channel;
import org.sirnn.net.Traffic;
import org.sirnn.ot.OneOfNOt;
import org.sirnn.ring.Ring;

/**
 * 1-out-of-N OT extension of Kolesnikov and Kumaresan, "Improved OT Extension for Transferring Short Secrets",
 * CRYPTO 2013 (KK13), with the Walsh-Hadamard code of length 256 and 256 base OTs, as in the split-kkot of EzPC's
 * SCI library used by SiRnn (IEEE S&amp;P 2021). N = 2<sup>k</sup> with k in 1..8, messages of l bits with l in
 * 1..64, batched over n instances.
 *
 * <h2>Protocol</h2>
 * Code: {@code C(y)} in {0,1}<sup>256</sup> with bit j = parity(y AND j), j in 0..255 (Walsh-Hadamard; for
 * N &lt; 256 the codewords keep length 256, so the minimum distance stays 128). G(k) is the AES-128-CTR stream of
 * key k ({@link org.sirnn.prg.AesCtr}, computed by {@link org.sirnn.prg.AesCtrStreams}); each base key has one stream,
 * continued from batch to batch.
 * <ol>
 *   <li>Setup (once per direction): the extension receiver is base-OT <em>sender</em> of 256 random key pairs
 *       (k0<sub>j</sub>, k1<sub>j</sub>); the extension sender is base-OT <em>receiver</em> with a random
 *       256-bit s and learns k<sub>s_j,j</sub> (Naor-Pinkas, {@link org.sirnn.ot.base.NaorPinkasOt}).</li>
 *   <li>Receiver, with indices x<sub>i</sub>: columns t<sub>j</sub> = G(k0<sub>j</sub>) (n bits) and
 *       u<sub>j</sub> = t<sub>j</sub> xor G(k1<sub>j</sub>) xor c<sub>j</sub>, where bit i of c<sub>j</sub> is
 *       C(x<sub>i</sub>)<sub>j</sub>; sends all u<sub>j</sub>, 256·n bits packed exactly.</li>
 *   <li>Sender: q<sub>j</sub> = G(k<sub>s_j,j</sub>) xor s<sub>j</sub>·u<sub>j</sub>; transposed, the rows are
 *       q<sub>i</sub> = t<sub>i</sub> xor (C(x<sub>i</sub>) AND s). For every y in [0, N) it sends
 *       e<sub>i,y</sub> = m<sub>i,y</sub> xor H(T<sub>i</sub>, q<sub>i</sub> xor (C(y) AND s)) truncated to l
 *       bits, N·n values of l bits.</li>
 *   <li>Receiver: outputs e<sub>i,x_i</sub> xor H(T<sub>i</sub>, t<sub>i</sub>), because
 *       q<sub>i</sub> xor (C(x<sub>i</sub>) AND s) = t<sub>i</sub>.</li>
 * </ol>
 * The hash of a 256-bit row a||b (a = bits 0..127, b = bits 128..255) is {@link Kk13RowHash}:
 * H(T, a||b) = TCCR(2<sup>63</sup> + T, b xor TCCR(T, a)), truncated to the low l bits of the low word, where
 * TCCR is the tweakable correlation-robust fixed-key-AES hash of Guo-Katz-Wang-Yu (S&amp;P 2020,
 * {@link org.sirnn.prg.CrHash#tccr}) and T<sub>i</sub> is a per-direction instance counter that keeps increasing
 * across batches, so no tweak is ever reused within a session and direction. The low half's output is chained
 * into the high half's input, so every output bit depends on all 256 row bits (hashing the halves separately and
 * XORing them, as this class did before, let the halves be attacked one at a time: a 2<sup>64</sup>
 * meet-in-the-middle). The low half is hashed with contiguous tweaks T and the high half with 2<sup>63</sup> + T,
 * and the sender computes the low half's chaining value only once for y and y + 128 (their codewords agree on
 * bits 0..127), which saves a quarter of the hashing at N = 256.
 *
 * <h2>Security</h2>
 * Semi-honest security only, as in SiRnn. Receiver privacy: the sender knows one key of each pair,
 * k<sub>s_j,j</sub>; u<sub>j</sub> = G(k0<sub>j</sub>) xor G(k1<sub>j</sub>) xor c<sub>j</sub> stays masked by the
 * stream of the other key, pseudorandom since AES is a PRF and the base OT hides that key. Sender privacy: for
 * y != x<sub>i</sub> the receiver would need H(T<sub>i</sub>, t<sub>i</sub> xor ((C(x<sub>i</sub>) xor C(y)) AND s)),
 * whose input differs from the known t<sub>i</sub> in at least 128 secret bits of s (minimum distance 128); this
 * holds with fixed-key AES modelled as a random permutation (the ideal-cipher model for the fixed public AES key
 * under which GKWY20 prove TCCR tweakable correlation robust); {@link Kk13RowHash} gives the argument that the
 * chained row hash keeps about 2<sup>-128</sup> per adversary query for (64, 64) and (0, 128) splits of the 128
 * secret bits between the halves. Security parameter: 128 bits (256 base OTs, distance 128).
 *
 * <h2>Cost</h2>
 * Rounds: 2 per batch (receiver to sender, sender to receiver), plus 2 for the base OTs on the first use of a
 * direction. Communication after the base OTs: 256 bits from the receiver (2·128) and N·l bits from the sender per
 * instance, i.e. 2·128 + N·l bits, plus a few bytes of framing per message. Computation per instance: the receiver
 * expands 512 bits and the sender 256 bits of AES-CTR (one bit per column and key), both transpose 256 bits, and
 * the receiver hashes 2 blocks, the sender min(N, 128) + N blocks with TCCR (2 fixed-key AES calls each).
 *
 * <h2>Large batches</h2>
 * Step 2 is sent in slices of {@value #U_SLICE} instances (column buffers of 4 MiB), all flushed together; the
 * sender keeps the rows q<sub>i</sub> (32 bytes per instance, 32 MiB for n = 10<sup>6</sup>) until every u has
 * arrived, then computes and sends step 3 in messages of at most {@value #E_SLICE_VALUES} values each (8 MiB
 * unpacked) that the receiver consumes one by one; the receiver keeps one long per instance (its hash, then its
 * output). Beyond that each side uses a few MiB of buffers whatever n is, besides the caller's arrays. The
 * sender does not answer before it has read all of u, so neither party ever waits to send while the other is
 * blocked sending too; the batch stays at 2 rounds. Both parties derive the same slicing from n and N.
 *
 * <h2>Use</h2>
 * One object per party and session serves this party as sender (toward the peer's receiver) and as receiver
 * (toward the peer's sender), with independent extension states per direction. The base OTs of a direction run
 * <em>lazily</em> on the first {@link #sendOneOfN} / {@link #receiveOneOfN} of that direction, or eagerly by
 * {@link #setupSender()} / {@link #setupReceiver()}; the peer must make the matching call at the same point of the
 * session (this party's sender setup pairs with the peer's receiver setup). All calls of both parties must come
 * in the same order. Arguments are validated before anything is sent; a party that rejects its arguments leaves
 * its peer waiting until the channel's timeout. Every public call opens the {@link Traffic} scope {@value #SCOPE}
 * (the base OTs appear nested as {@code kk13/base-ot}). Not thread-safe, like {@link Channel}.
 */
public final class Kk13Ot implements OneOfNOt {

  /** Name of the {@link Traffic} scope of every public call. */
  public static final String SCOPE = "kk13";

  /** Number of base OTs and code length. */
  public static final int BASE_OTS = WalshHadamard.LENGTH;

  /** Largest N. */
  public static final int MAX_N = 256;

  /** Instances per slice of the receiver's column message. */
  static final int U_SLICE = 1 << 16;

  /** Largest number of l-bit values in one message of the sender. */
  static final int E_SLICE_VALUES = 1 << 20;

  /**
   * l-bit values produced per hashing chunk of the sender: the chunk's pads (y-major) and e values (instance-major)
   * stay in cache while the one is turned into the other. Measured best of 2^12..2^20.
   */
  static final int HASH_CHUNK_VALUES = 1 << 16;

  /** Columns per half row (128, one AES block). */
  static final int HALF_COLUMNS = BASE_OTS / 2;

  private final Channel ch;
  private final Kk13Sender sender;
  private final Kk13Receiver receiver;

  /**
   * Creates the OT extension of one party of a session.
   *
   * @param ch channel to the peer; used only by this object's calls while they run
   * @param rnd source of the base-OT secrets and of s (a {@link SecureRandom})
   */
  public Kk13Ot(Channel ch, SecureRandom rnd) {
    this.ch = Objects.requireNonNull(ch, "ch");
    Objects.requireNonNull(rnd, "rnd");
    this.sender = new Kk13Sender(ch, rnd);
    this.receiver = new Kk13Receiver(ch, rnd);
  }

  private Kk13Ot(Channel ch, Kk13Sender sender, Kk13Receiver receiver) {
    this.ch = ch;
    this.sender = sender;
    this.receiver = receiver;
  }

  /**
   * This extension for lane {@code lane} over {@code laneCh} ({@link org.sirnn.ot.OtLanes}): the same base OTs (run
   * first on this object, both directions), with PRG blocks and hash tweaks of both directions from
   * {@link org.sirnn.ot.OtLanes#first}(lane) on, so the lane's instances are instances of this extension no other
   * lane or call uses. The peer makes the matching call. Lanes share the AES-CTR streams (under a lock).
   */
  public Kk13Ot lane(Channel laneCh, long lane) {
    long first = org.sirnn.ot.OtLanes.first(lane);
    return new Kk13Ot(laneCh, sender.lane(laneCh, first), receiver.lane(laneCh, first));
  }

  /**
   * Runs the base OTs of the direction where this party is the extension sender (as base-OT receiver), unless
   * done already. The peer calls {@link #setupReceiver()} at the same point. 2 rounds, 256 OTs.
   */
  @SuppressWarnings("try")
  public void setupSender() {
    try (Traffic.Scope scope = ch.traffic().scope(SCOPE)) {
      sender.setup();
    }
  }

  /**
   * Runs the base OTs of the direction where this party is the extension receiver (as base-OT sender), unless done
   * already. The peer calls {@link #setupSender()} at the same point. 2 rounds, 256 OTs.
   */
  @SuppressWarnings("try")
  public void setupReceiver() {
    try (Traffic.Scope scope = ch.traffic().scope(SCOPE)) {
      receiver.setup();
    }
  }

  /**
   * This party as sender of n = messages.length / N instances: message y of instance i is
   * {@code messages[i*N + y]}, of which only the low l bits are used. The peer calls {@link #receiveOneOfN} with n
   * choices and the same N and l. Sends N·n·l bits (plus framing) after receiving 256·n bits; 2 rounds, plus the
   * base OTs on this direction's first call.
   *
   * @throws IllegalArgumentException if N is not a power of two in 2..256, l is not in 1..64, or
   *     {@code messages.length} is not a multiple of N
   */
  @Override
  @SuppressWarnings("try")
  public void sendOneOfN(long[] messages, int bigN, int l) {
    Objects.requireNonNull(messages, "messages");
    checkN(bigN);
    checkL(l);
    if (messages.length % bigN != 0) {
      throw new IllegalArgumentException("messages.length must be a multiple of N = " + bigN + " (N messages per"
          + " instance), got " + messages.length);
    }
    try (Traffic.Scope scope = ch.traffic().scope(SCOPE)) {
      sender.send(messages, bigN, l);
    }
  }

  /**
   * This party as receiver of n = choices.length instances: returns, for each i, message {@code choices[i]} of
   * instance i (low l bits, upper bits zero). Sends 256·n bits (plus framing) and receives N·n·l bits; 2 rounds,
   * plus the base OTs on this direction's first call.
   *
   * @throws IllegalArgumentException if N is not a power of two in 2..256, l is not in 1..64, or a choice is outside
   *     [0, N)
   */
  @Override
  @SuppressWarnings("try")
  public long[] receiveOneOfN(int[] choices, int bigN, int l) {
    Objects.requireNonNull(choices, "choices");
    checkN(bigN);
    checkL(l);
    for (int i = 0; i < choices.length; i++) {
      if (choices[i] < 0 || choices[i] >= bigN) {
        throw new IllegalArgumentException("choices[" + i + "] = " + choices[i] + " is outside [0, N) for N = "
            + bigN);
      }
    }
    try (Traffic.Scope scope = ch.traffic().scope(SCOPE)) {
      return receiver.receive(choices, bigN, l);
    }
  }

  /** Instances sent so far by this party as extension sender (the next sender-side hash tweak). */
  public long instancesSent() {
    return sender.instances();
  }

  /** Instances received so far by this party as extension receiver (the next receiver-side hash tweak). */
  public long instancesReceived() {
    return receiver.instances();
  }

  /** Whether the base OTs of this party's sender direction have run. */
  public boolean isSenderSetUp() {
    return sender.isSetUp();
  }

  /** Whether the base OTs of this party's receiver direction have run. */
  public boolean isReceiverSetUp() {
    return receiver.isSetUp();
  }

  private static void checkN(int bigN) {
    if (bigN < 2 || bigN > MAX_N || Integer.bitCount(bigN) != 1) {
      throw new IllegalArgumentException("N must be a power of two in 2.." + MAX_N + ", got " + bigN);
    }
  }

  private static void checkL(int l) {
    if (l < Ring.MIN_BITWIDTH || l > Ring.MAX_BITWIDTH) {
      throw new IllegalArgumentException("message bitwidth l must be in " + Ring.MIN_BITWIDTH + ".."
          + Ring.MAX_BITWIDTH + ", got " + l);
    }
  }

  /** Instances per message of the sender's step 3 for this N. */
  static int eSlice(int bigN) {
    return E_SLICE_VALUES / bigN;
  }

  /** Instances per hashing chunk of the sender for this N. */
  static int hashChunk(int bigN) {
    return HASH_CHUNK_VALUES / bigN;
  }

  /** Block {@code blockIndex} of {@code keys} (longs 2b, 2b+1) as a 16-byte little-endian AES key. */
  static byte[] keyBytes(long[] keys, int blockIndex) {
    byte[] k = new byte[16];
    long lo = keys[2 * blockIndex];
    long hi = keys[2 * blockIndex + 1];
    for (int b = 0; b < 8; b++) {
      k[b] = (byte) (lo >>> (8 * b));
      k[8 + b] = (byte) (hi >>> (8 * b));
    }
    return k;
  }
}
