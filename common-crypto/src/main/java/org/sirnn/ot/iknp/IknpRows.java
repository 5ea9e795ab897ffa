package org.sirnn.ot.iknp;

import java.security.SecureRandom;
import org.sirnn.net.Channel;

/**
 * One direction of IKNP extension (see {@link IknpExtension}) handing out its raw 128-bit rows: correlated OTs with a
 * global offset, the bootstrap that silent OT (Ferret, {@code org.sirnn.ot.ferret}) expands. The sender holds the
 * offset s (bit 0 forced to 1, 127 random bits, as Ferret's global Delta requires) and gets rows q_i; the receiver
 * chooses bits r_i and gets t_i = q_i xor r_i * s. Rows are not hashed: callers must hash them (or use them only as
 * the seeds of a construction proven for correlated OTs) before anything derived from them is revealed.
 *
 * <p>Cost: the base OTs (128 Naor-Pinkas OTs, 2 rounds) when created, then 128 bits per row from the receiver, one
 * message, per batch. Both ends call their methods in the same order. Not thread-safe, but its {@link #lane} views
 * may run at the same time as each other and as this object.
 */
public final class IknpRows {
  private final IknpExtension ext;

  private IknpRows(IknpExtension ext) {
    this.ext = ext;
  }

  /**
   * Both directions of a session, {this party the offset holder, this party the chooser}, their base OTs run in the
   * order {@code first} fixes (as for {@link IknpOt}); the peer calls it with the opposite {@code first}.
   */
  public static IknpRows[] pair(Channel ch, boolean first, SecureRandom rnd) {
    IknpExtension[] ends = IknpExtension.pair(ch, first, rnd, true);
    return new IknpRows[] {new IknpRows(ends[0]), new IknpRows(ends[1])};
  }

  /**
   * The same direction for one lane ({@link org.sirnn.ot.OtLanes}): the same base OTs and offset, PRG blocks from
   * {@code firstBlock} on, so its rows are rows of this extension that no other lane and not this object produce
   * (as {@link IknpOt#lane}). Lanes of one direction may run on different threads; the peer makes the matching call.
   */
  public IknpRows lane(long firstBlock) {
    return new IknpRows(ext.lane(firstBlock));
  }

  /** The global offset s as one block {lo, hi}, bit 0 of lo set; sender only. */
  public long[] offset() {
    return ext.secret();
  }

  /** Sender: receives the peer's batch of n and returns the rows q_i (2n longs). */
  public long[] send(Channel ch, int n) {
    return ext.senderExtend(ch, n);
  }

  /**
   * Receiver: sends the batch for the n choice bits (bit i of {@code choices[i/64]}) without waiting, and returns
   * t_i = q_i xor r_i * s (2n longs).
   */
  public long[] receive(Channel ch, long[] choices, int n) {
    return ext.receiverExtend(ch, choices, n);
  }
}
