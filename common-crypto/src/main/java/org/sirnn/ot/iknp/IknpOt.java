package org.sirnn.ot.iknp;

import java.security.SecureRandom;
import org.sirnn.net.Channel;
import org.sirnn.net.Traffic;
import org.sirnn.ot.RowOt;

/**
 * IKNP OT extension in both directions of one session (IKNP03 with the ALSZ13 correlated-OT variant), offering
 * correlated OT over Z_2^l, random OT and chosen-message OT with l-bit messages for any l in 1..64.
 *
 * <p>Each party holds one object with two {@link IknpExtension}s: one where it is the extension sender, one where
 * it is the receiver, so OTs in opposite directions can overlap ({@link #sendAndReceive}). The base OTs (2 x 128
 * Naor-Pinkas OTs, 4 rounds) run on first use; both parties must then call matching methods in the same order
 * (send on one side, receive on the other).
 *
 * <p>Communication per instance after the base OTs (lambda = 128): COT_l lambda + l bits, batched COT
 * lambda + sum l_j bits, random OT lambda bits, chosen OT lambda + 2l bits; 2 rounds each (random OT 1), and a
 * two-way COT pair 2 rounds in all. Sent values are packed to exactly their width. The flavours are {@link RowOt}'s
 * over the extension's rows; each opens its own {@link Traffic} scope: {@code iknp-cot}, {@code iknp-rot},
 * {@code iknp-ot}, {@code iknp-cot2}.
 */
public final class IknpOt extends RowOt {

  private final boolean first;
  private final SecureRandom rnd;
  private IknpExtension mine; // this party is the extension sender
  private IknpExtension theirs; // this party is the extension receiver

  /**
   * @param first true on the party that runs its base OTs as receiver first (by convention the server)
   */
  public IknpOt(Channel ch, boolean first, SecureRandom rnd) {
    super(ch, "iknp");
    this.first = first;
    this.rnd = rnd;
  }

  private IknpOt(Channel laneCh, IknpOt of, long lane) {
    super(laneCh, "iknp", org.sirnn.ot.OtLanes.first(lane));
    this.first = of.first;
    this.rnd = of.rnd;
    long block = org.sirnn.ot.OtLanes.first(lane);
    this.mine = of.mine.lane(block);
    this.theirs = of.theirs.lane(block);
  }

  /**
   * This extension for lane {@code lane} over {@code laneCh} ({@link org.sirnn.ot.OtLanes}): the same base OTs (run
   * first on this object), PRG blocks and hash tweaks from {@link org.sirnn.ot.OtLanes#first}(lane) on in both
   * directions. The peer makes the matching call.
   */
  public IknpOt lane(Channel laneCh, long lane) {
    if (mine == null) {
      throw new IllegalStateException("IKNP lanes need the base OTs first");
    }
    return new IknpOt(laneCh, this, lane);
  }

  /** Runs the base OTs of both directions now (otherwise on first use). */
  @Override
  @SuppressWarnings("try")
  public void setup() {
    if (mine != null) {
      return;
    }
    try (Traffic.Scope sc = ch.traffic().scope("iknp-setup")) {
      IknpExtension[] ends = IknpExtension.pair(ch, first, rnd, false);
      mine = ends[0];
      theirs = ends[1];
    }
  }

  /** Receives the peer's extension matrix for n rows: 128 n bits. */
  @Override
  protected long[] senderRows(int n) {
    return mine.senderExtend(ch, n);
  }

  /** Sends this party's extension matrix for n rows (128 n bits) and flushes. */
  @Override
  protected long[] receiverRows(long[] choices, int n) {
    return theirs.receiverExtend(ch, choices, n);
  }

  @Override
  protected long[] senderOffset() {
    return mine.secret();
  }
}
